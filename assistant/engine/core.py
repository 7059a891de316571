"""The one entry point: ``answer(question, context) -> Answer``.

Steps: refuse what cannot be read; find out who asks; read the question; settle
the accounts (asking back when a name is ambiguous); check the asker may see them;
run the intent's handler over permission-checked tools; check every number against
the evidence; optionally let an LLM word the answer under the same check; remember
the turn.
"""

from __future__ import annotations

import logging
import threading
import time
import uuid

from assistant.answers import AccountRef, Answer, AskContext, Status
from assistant.container import Services
from assistant.engine.evidence import Ledger
from assistant.engine.faithfulness import (
    check_text,
    numbers_in,
    parse_number,
    redact,
)
from assistant.engine.followups import apply_follow_up, inherits_accounts
from assistant.engine.guard import rejected
from assistant.engine.resolution import Resolved, resolve_accounts
from assistant.engine.toolbox import Toolbox
from assistant.engine.turn import Turn
from assistant.engine.understanding import understand
from assistant.engine.writer import Writer
from assistant.intents.registry import IntentSpec, get_intent
from assistant.memory import ConversationMemory
from assistant.metrics import observe_stage
from assistant.permissions import Principal, can_view, resolve_principal
from knowledge.errors import (
    ForbiddenError,
    InvalidInputError,
    NotFoundError,
    UpstreamUnavailableError,
)
from knowledge.queries.accounts import AccountRecord, get_account

logger = logging.getLogger(__name__)


class Assistant:
    """Answers questions with the services of one process."""

    def __init__(self, services: Services) -> None:
        self.services = services
        self.memory = ConversationMemory(services.engine)

    def answer(self, question: str, context: AskContext | None = None) -> Answer:
        """Answer one question for one asker; never raises for bad input."""
        context = context or AskContext()
        started = time.perf_counter()
        request_id = uuid.uuid4().hex[:12]
        answer = self._answer(question, context)
        self._remember(answer, context)
        observe_stage("answer", time.perf_counter() - started)
        logger.info(
            "answered request=%s thread=%s intent=%s status=%s engine=%s "
            "accounts=%s ms=%.1f",
            request_id,
            context.thread_id,
            answer.intent,
            answer.status,
            answer.engine,
            ",".join(a.account_id for a in answer.accounts),
            1000 * (time.perf_counter() - started),
        )
        return answer

    def _answer(self, question: str, context: AskContext) -> Answer:
        early = rejected(question, context)
        if early is not None:
            return early
        question = question.strip()
        try:
            principal = resolve_principal(self.services.engine, context.asker)
        except ForbiddenError as exc:
            return _plain(question, context, "refused", "help", exc.message)

        names = self.services.account_names()
        understanding_started = time.perf_counter()
        reading = understand(question, names, self.services.intent_classifier)
        observe_stage("understand", time.perf_counter() - understanding_started)
        if not reading.language_ok:
            text = (
                "I can only read questions in English for now. Could you ask again "
                "in English?"
            )
            return _plain(question, context, "needs_clarification", "help", text)

        previous = self.memory.previous(context.thread_id, principal.email)
        reading = apply_follow_up(reading, previous, question)
        spec = get_intent(reading.intent)
        as_of = context.as_of or self.services.today()
        ledger = Ledger()
        resolved = (
            resolve_accounts(
                self.services.engine,
                reading,
                names,
                ledger,
                hint=context.account,
                previous=previous
                if inherits_accounts(reading, previous, spec)
                else None,
            )
            if spec.account != "none"
            else Resolved()
        )
        blocked = self._account_problem(question, context, spec, resolved, principal)
        if blocked is not None:
            blocked.evidence = ledger.evidence()
            return blocked

        accounts = [
            record
            for record in (
                get_account(self.services.engine, a) for a in resolved.account_ids
            )
            if record is not None
        ]
        turn = Turn(
            question=question,
            understanding=reading,
            accounts=accounts,
            principal=principal,
            tools=Toolbox(self.services, principal, ledger, as_of),
            as_of=as_of,
            audience=reading.audience or context.audience,
            channel=reading.channel or context.channel,
            window_days=reading.window_days,
        )
        answer = self._deterministic(turn, spec, context, ledger, names)
        if (
            self.services.settings.llm_model is None
            and not self.services.has_chat_model
        ):
            return answer
        if answer.status != "answered":
            return answer
        try:
            model = self.services.chat_model
        except UpstreamUnavailableError as exc:
            logger.warning("LLM unavailable, deterministic answer: %s", exc.message)
            answer.notes.append(
                f"LLM unavailable ({exc.message}); deterministic answer"
            )
            return answer
        if model is None:
            return answer
        from assistant.engine.llm import llm_answer

        return llm_answer(self.services, turn, spec, context, answer, names)

    def _account_problem(
        self,
        question: str,
        context: AskContext,
        spec: IntentSpec,
        resolved: Resolved,
        principal: Principal,
    ) -> Answer | None:
        """An answer when the accounts are unsettled or not the asker's to see."""
        if resolved.ambiguous:
            listed = " or ".join(f"**{c.name}**" for c in resolved.ambiguous)
            text = (
                f"“{resolved.ambiguous_phrase}” matches several accounts: "
                f"did you mean {listed}?"
            )
            answer = _plain(question, context, "needs_clarification", spec.name, text)
            answer.clarification = text
            answer.candidates = resolved.ambiguous
            return answer
        if resolved.not_found and spec.account == "required":
            text = (
                f"I found no account named “{resolved.not_found}”. Check the "
                "spelling, or ask CS ops whether it has been imported."
            )
            answer = _plain(question, context, "no_data", spec.name, text)
            answer.missing = [f"account '{resolved.not_found}'"]
            return answer
        if spec.account == "required" and not resolved.account_ids:
            text = "Which account do you mean? Name it (or its id) and ask again."
            answer = _plain(question, context, "needs_clarification", spec.name, text)
            answer.clarification = text
            return answer
        if spec.single_account and len(resolved.account_ids) > 1:
            names = dict(self.services.account_names())
            refs = [
                AccountRef(account_id=a, name=names[a]) for a in resolved.account_ids
            ]
            text = "This works on one account at a time: which one should I use?"
            answer = _plain(question, context, "needs_clarification", spec.name, text)
            answer.clarification = text
            answer.candidates = refs
            return answer
        hidden = [a for a in resolved.account_ids if not can_view(principal, a)]
        if hidden:
            names = dict(self.services.account_names())
            refs = [AccountRef(account_id=a, name=names[a]) for a in hidden]
            listed = ", ".join(f"**{r.name}**" for r in refs)
            text = (
                f"{listed} is not in your book of business, so I can show it by "
                "name only. Ask its CSM or CS ops for details."
            )
            answer = _plain(question, context, "refused", spec.name, text)
            answer.accounts = refs
            return answer
        return None

    def _deterministic(
        self,
        turn: Turn,
        spec: IntentSpec,
        context: AskContext,
        ledger: Ledger,
        names: list[tuple[str, str]],
    ) -> Answer:
        writer = Writer(ledger)
        try:
            spec.handler(turn, writer)
        except ForbiddenError as exc:
            return _plain(turn.question, context, "refused", spec.name, exc.message)
        except (NotFoundError, InvalidInputError) as exc:
            writer = Writer(ledger)
            writer.add(f"I could not answer that: {exc.message}")
            writer.no_data(exc.message)
        except UpstreamUnavailableError as exc:
            writer = Writer(ledger)
            writer.add(f"A data source is unavailable right now: {exc.message}")
            writer.no_data(exc.message)

        if turn.tools.withheld:
            writer.notes.append(
                "a passage was withheld: it contains instructions addressed to an "
                "assistant, which I treat as data and do not follow"
            )
        answer = build_answer(turn, spec, context, writer, ledger)
        violations = check_text(
            answer.text,
            ledger,
            known_accounts=[n for _, n in names],
            allowed_accounts=[a.name for a in answer.accounts],
            extra_numbers=question_numbers(turn.question),
        )
        if violations:
            # A composer bug: never expected, counted by the evaluation.
            logger.error(
                "deterministic answer unfaithful intent=%s violations=%s",
                spec.name,
                "; ".join(str(v) for v in violations),
            )
            answer.notes.append(f"faithfulness: {len(violations)} violations")
            answer.text = redact(answer.text, violations)
        return answer

    def _remember(self, answer: Answer, context: AskContext) -> None:
        if not context.thread_id or answer.status == "refused":
            return
        try:
            self.memory.remember(answer, answer.asker or context.asker)
        except Exception:  # memory must never cost the answer itself
            logger.exception("could not store the turn of thread %s", context.thread_id)


def build_answer(
    turn: Turn,
    spec: IntentSpec,
    context: AskContext,
    writer: Writer,
    ledger: Ledger,
) -> Answer:
    """The Answer from a handler's writer and the ledger."""
    refs = [AccountRef(account_id=a.account_id, name=a.name) for a in turn.accounts]
    follow_ups = writer.follow_ups or _follow_ups(spec, turn.accounts)
    return Answer(
        question=turn.question,
        status=writer.status,
        intent=spec.name,
        text=writer.text(),
        accounts=refs,
        audience=turn.audience,
        channel=turn.channel,
        window_days=turn.window_days,
        as_of=turn.as_of,
        evidence=ledger.evidence(),
        figures=writer.figures,
        follow_ups=follow_ups[:3],
        clarification=writer.clarification,
        candidates=writer.candidates,
        missing=writer.missing,
        notes=writer.notes,
        thread_id=context.thread_id,
        asker=turn.principal.email,
    )


def question_numbers(question: str) -> list[float]:
    """Numbers the asker wrote (an answer may echo "next 60 days")."""
    values = [parse_number(token) for token in numbers_in(question)]
    return [v for v in values if v is not None]


def _follow_ups(spec: IntentSpec, accounts: list[AccountRecord]) -> list[str]:
    name = accounts[0].name if accounts else "my accounts"
    return [f.format(account=name) for f in spec.follow_ups]


def _plain(
    question: str, context: AskContext, status: Status, intent: str, text: str
) -> Answer:
    return Answer(
        question=question,
        status=status,
        intent=intent,
        text=text,
        thread_id=context.thread_id,
        asker=context.asker,
        clarification=text if status == "needs_clarification" else None,
    )


_DEFAULT: Assistant | None = None
_DEFAULT_LOCK = threading.Lock()


def default_assistant() -> Assistant:
    """The process-wide assistant built from the environment's settings."""
    global _DEFAULT
    with _DEFAULT_LOCK:
        if _DEFAULT is None:
            from assistant.settings import load_settings

            _DEFAULT = Assistant(Services.from_settings(load_settings()))
        return _DEFAULT


def answer(
    question: str,
    context: AskContext | None = None,
    *,
    services: Services | None = None,
) -> Answer:
    """Answer one question (see :class:`Assistant`); builds default services once."""
    assistant = Assistant(services) if services is not None else default_assistant()
    return assistant.answer(question, context)


__all__ = ["Assistant", "answer", "build_answer"]
