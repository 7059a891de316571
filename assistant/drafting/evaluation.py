"""Score the labelled drafting requests: intent, account, audience, contact, figures,
faithfulness and leaks of another account's data.

The cases use the format of the answer evaluation plus ``contains`` (text that must
appear, such as the contact addressed); the base checks reuse that evaluation's
expected figures and its independent faithfulness check.
"""

from __future__ import annotations

import time
import uuid
from datetime import date
from pathlib import Path

import yaml
from pydantic import BaseModel, Field

from assistant.answers import LOCAL_OPERATOR, Answer, AskContext, Audience, Status
from assistant.container import Services
from assistant.engine import Assistant
from assistant.evaluation.expected import expected_figure
from assistant.evaluation.runner import independent_violations
from assistant.settings import Settings


class DraftingCase(BaseModel):
    """One labelled request and what its answer must (not) contain."""

    q: str
    asker: str | None = None
    intent: str | None = None
    accounts: list[str] | None = None
    audience: Audience | None = None
    status: Status | None = "answered"
    figures: list[str] = Field(default_factory=list)
    contains: list[str] = Field(default_factory=list)
    absent: list[str] = Field(default_factory=list)
    forbidden: list[str] = Field(default_factory=list)


class DraftingCases(BaseModel):
    """The labelled set and the demo book it is written against."""

    accounts: int = 60
    seed: int = 7
    as_of: str = "2026-11-30"
    cases: list[DraftingCase]


class DraftingResult(BaseModel):
    """What went wrong with one case (empty lists: nothing)."""

    q: str
    intent: str
    status: str
    problems: list[str]
    ms: float


class DraftingReport(BaseModel):
    """The run's results; ``passed`` counts cases without any problem."""

    cases: int
    passed: int
    results: list[DraftingResult]

    @property
    def failures(self) -> list[DraftingResult]:
        """Cases with at least one problem."""
        return [r for r in self.results if r.problems]


def demo_assistant(
    workdir: Path, labelled: DraftingCases, settings: Settings
) -> Assistant:
    """An assistant over the full seeded demo book in ``workdir`` (reused if there).

    Drafts need every file of the book (contacts, usage, tickets, value metrics),
    so the book is written and imported here in full, then indexed for search.
    """
    from knowledge import schema
    from knowledge.db import create_db_engine
    from knowledge.demo import write_demo
    from knowledge.importer import import_directory
    from retrieval.service import build_knowledge_base

    data = workdir / "book"
    database = workdir / "drafting.db"
    engine = create_db_engine(f"sqlite:///{database}")
    if not database.exists() or not (data / "contacts.csv").exists():
        write_demo(
            data,
            accounts=labelled.accounts,
            days=365,
            seed=labelled.seed,
            as_of=date.fromisoformat(labelled.as_of),
        )
        schema.upgrade(engine)
        import_directory(engine, data, actor="eval")
    kb = build_knowledge_base(
        engine,
        chroma_path=workdir / "drafting-chroma",
        model_path=settings.embedding_model_path,
    )
    kb.reindex()
    local = settings.model_copy(
        update={"database_url": f"sqlite:///{database}", "llm_model": None}
    )
    return Assistant(Services(local, engine=engine, knowledge_base=kb))


def load_drafting_cases(path: Path) -> DraftingCases:
    """Read and validate the labelled set."""
    return DraftingCases.model_validate(
        yaml.safe_load(path.read_text(encoding="utf-8"))
    )


def run_drafting_eval(assistant: Assistant, labelled: DraftingCases) -> DraftingReport:
    """Ask every labelled request and list each answer's problems."""
    as_of = date.fromisoformat(labelled.as_of)
    names = dict(assistant.services.account_names())
    run = uuid.uuid4().hex[:8]
    results: list[DraftingResult] = []
    for i, case in enumerate(labelled.cases):
        context = AskContext(
            asker=case.asker or LOCAL_OPERATOR,
            thread_id=f"draft-{run}-{i}",
            as_of=as_of,
        )
        started = time.perf_counter()
        answer = assistant.answer(case.q, context)
        ms = 1000 * (time.perf_counter() - started)
        problems = check_case(assistant, case, answer, as_of, names)
        results.append(
            DraftingResult(
                q=case.q,
                intent=answer.intent,
                status=answer.status,
                problems=problems,
                ms=round(ms, 1),
            )
        )
    passed = sum(1 for r in results if not r.problems)
    return DraftingReport(cases=len(results), passed=passed, results=results)


def check_case(
    assistant: Assistant,
    case: DraftingCase,
    answer: Answer,
    as_of: date,
    names: dict[str, str],
) -> list[str]:
    """Every way the answer misses its labels."""
    problems: list[str] = []
    if case.status is not None and answer.status != case.status:
        problems.append(f"status {answer.status}, expected {case.status}")
    if case.intent is not None and answer.intent != case.intent:
        problems.append(f"intent {answer.intent}, expected {case.intent}")
    got = sorted(a.account_id for a in answer.accounts)
    if case.accounts is not None and got != sorted(case.accounts):
        problems.append(f"accounts {got}, expected {case.accounts}")
    if case.audience is not None and answer.audience != case.audience:
        problems.append(f"audience {answer.audience}, expected {case.audience}")
    text = answer.text
    problems += [f"missing text '{t}'" for t in case.contains if t not in text]
    problems += [
        f"leak: {names[a]}" for a in case.absent if a in names and names[a] in text
    ]
    problems += [
        f"forbidden text '{t}'"
        for t in case.forbidden
        if t.casefold() in text.casefold()
    ]
    services = assistant.services
    for key in case.figures if answer.status == "answered" else []:
        for account_id in case.accounts or []:
            want = expected_figure(
                services.engine, services.health_model, key, account_id, as_of
            )
            if want is not None and all(f.text != want for f in answer.figures):
                problems.append(f"figure {key}={want} missing for {account_id}")
    problems += independent_violations(answer)
    return problems
