"""Run the labelled questions through the assistant and score the answers."""

from __future__ import annotations

import time
import uuid
from datetime import date

import numpy as np
from pydantic import BaseModel, Field

from assistant.answers import LOCAL_OPERATOR, Answer, AskContext
from assistant.engine import Assistant
from assistant.engine.faithfulness import numbers_in, parse_number
from assistant.evaluation.cases import Case, CaseFile
from assistant.evaluation.expected import expected_figure

_TOLERANCE = 1e-6


class CaseResult(BaseModel):
    """How one labelled question was answered."""

    q: str
    expected_intent: str | None
    intent: str
    expected_status: str | None
    status: str
    intent_ok: bool | None
    accounts_ok: bool | None
    status_ok: bool
    figures_expected: int
    missing_figures: list[str] = Field(default_factory=list)
    violations: list[str] = Field(default_factory=list)
    leaks: list[str] = Field(default_factory=list)
    ms: float


class EvalReport(BaseModel):
    """The scores of one run."""

    questions: int
    intent_accuracy: float
    account_accuracy: float
    figure_correctness: float
    faithfulness_violations: int
    clarification_correctness: float
    refusal_correctness: float
    status_accuracy: float
    leaks: int
    p50_ms: float
    p95_ms: float
    results: list[CaseResult]

    @property
    def failures(self) -> list[CaseResult]:
        """Cases with any miss."""
        return [
            r
            for r in self.results
            if r.intent_ok is False
            or r.accounts_ok is False
            or not r.status_ok
            or r.missing_figures
            or r.violations
            or r.leaks
        ]

    def meets_targets(self) -> bool:
        """Intent ≥ 95 %, figures 100 %, no violations, no leaks, statuses right."""
        return (
            self.intent_accuracy >= 0.95
            and self.figure_correctness >= 1.0
            and self.faithfulness_violations == 0
            and self.leaks == 0
            and self.clarification_correctness >= 1.0
            and self.refusal_correctness >= 1.0
        )


def independent_violations(answer: Answer) -> list[str]:
    """Numbers of the text that no figure, evidence item or the question backs.

    Independent of the engine's own check: it reads only the Answer as the API
    returns it.
    """
    backed: list[float] = []
    for figure in answer.figures:
        backed.append(figure.value)
    for item in answer.evidence:
        blob = item.model_dump_json()
        for token in numbers_in(blob):
            value = parse_number(token)
            if value is not None:
                backed.append(value)
    for token in numbers_in(answer.question):
        value = parse_number(token)
        if value is not None:
            backed.append(value)
    problems = [n for n in answer.notes if n.startswith("faithfulness:")]
    for token in numbers_in(answer.text):
        value = parse_number(token)
        if value is None:
            continue
        digits = token.replace(",", "").lstrip("+-−$")
        places = len(digits.split(".", 1)[1]) if "." in digits else 0
        step = 0.5 * 10**-places + _TOLERANCE
        if not any(abs(abs(b) - abs(value)) <= step for b in backed):
            problems.append(f"number {token} not backed")
    return problems


def run_eval(assistant: Assistant, labelled: CaseFile) -> EvalReport:
    """Ask every labelled question and score the answers."""
    engine = assistant.services.engine
    model = assistant.services.health_model
    as_of = date.fromisoformat(labelled.as_of)
    names = dict(assistant.services.account_names())
    run_id = uuid.uuid4().hex[:8]
    results: list[CaseResult] = []
    for case in labelled.cases:
        context = AskContext(
            asker=case.asker or LOCAL_OPERATOR,
            thread_id=f"eval-{run_id}-{case.thread}" if case.thread else None,
            as_of=as_of,
        )
        started = time.perf_counter()
        answer = assistant.answer(case.q, context)
        ms = 1000 * (time.perf_counter() - started)
        results.append(_score(case, answer, ms, engine, model, as_of, names))
    return _report(results)


def _score(
    case: Case,
    answer: Answer,
    ms: float,
    engine: object,
    model: object,
    as_of: date,
    names: dict[str, str],
) -> CaseResult:
    got_ids = sorted(a.account_id for a in answer.accounts)
    accounts_ok: bool | None = None
    if case.candidates is not None:
        accounts_ok = sorted(c.account_id for c in answer.candidates) == sorted(
            case.candidates
        )
    elif case.accounts is not None:
        accounts_ok = got_ids == sorted(case.accounts)
    missing: list[str] = []
    if answer.status == "answered" and case.accounts:
        for key in case.figures:
            for account_id in case.accounts:
                want = expected_figure(engine, model, key, account_id, as_of)  # type: ignore[arg-type]  # engine and model of the services
                if want is not None and (
                    want not in answer.text
                    or all(f.text != want for f in answer.figures)
                ):
                    missing.append(f"{key}={want} for {account_id}")
    elif case.figures:
        missing = [f"{key} (answer status {answer.status})" for key in case.figures]
    leaks = [names[a] for a in case.absent if a in names and names[a] in answer.text]
    leaks += [
        text for text in case.forbidden if text.casefold() in answer.text.casefold()
    ]
    return CaseResult(
        q=case.q[:120],
        expected_intent=case.intent,
        intent=answer.intent,
        expected_status=case.status,
        status=answer.status,
        intent_ok=None if case.intent is None else answer.intent == case.intent,
        accounts_ok=accounts_ok,
        status_ok=case.status is None or answer.status == case.status,
        figures_expected=len(case.figures) * max(1, len(case.accounts or [])),
        missing_figures=missing,
        violations=independent_violations(answer),
        leaks=leaks,
        ms=round(ms, 1),
    )


def _share(flags: list[bool]) -> float:
    return round(sum(flags) / len(flags), 4) if flags else 1.0


def _report(results: list[CaseResult]) -> EvalReport:
    latencies = np.array([r.ms for r in results]) if results else np.zeros(1)
    figures_total = sum(r.figures_expected for r in results)
    figures_missing = sum(len(r.missing_figures) for r in results)
    return EvalReport(
        questions=len(results),
        intent_accuracy=_share(
            [r.intent_ok for r in results if r.intent_ok is not None]
        ),
        account_accuracy=_share(
            [r.accounts_ok for r in results if r.accounts_ok is not None]
        ),
        figure_correctness=round(1 - figures_missing / figures_total, 4)
        if figures_total
        else 1.0,
        faithfulness_violations=sum(len(r.violations) for r in results),
        clarification_correctness=_share(
            [r.status_ok for r in results if r.expected_status == "needs_clarification"]
        ),
        refusal_correctness=_share(
            [
                r.status_ok
                for r in results
                if r.expected_status in ("refused", "no_data")
            ]
        ),
        status_accuracy=_share([r.status_ok for r in results]),
        leaks=sum(len(r.leaks) for r in results),
        p50_ms=round(float(np.percentile(latencies, 50)), 1),
        p95_ms=round(float(np.percentile(latencies, 95)), 1),
        results=results,
    )
