"""What a question asks: intent, accounts, audience, channel and time window.

Without a language model: the nearest labelled examples (embedded once with the
search model) vote for an intent, and a few high-precision wording rules override
them. The examples live in ``assistant/data/intent_examples.yaml``.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import numpy.typing as npt
import yaml

from assistant.answers import Audience, Channel
from assistant.engine.mentions import Mention, find_mentions, unknown_name
from assistant.engine.slots import audience_of, channel_of, window_of

logger = logging.getLogger(__name__)

EXAMPLES_PATH = Path(__file__).resolve().parent.parent / "data" / "intent_examples.yaml"
ACCOUNT_TOKEN = "ACCOUNT"  # noqa: S105  # a placeholder word, not a secret
_NEIGHBOURS = 5

BatchEmbed = Callable[[Sequence[str]], npt.NDArray[np.float32]]
QueryEmbed = Callable[[str], list[float]]

# Ordered: the first rule that matches decides. Each is narrow on purpose.
_RULES: list[tuple[str, re.Pattern[str]]] = [
    ("help", re.compile(r"^\W*(help|hi|hello|hey|thanks|thank you|what can you do)\b")),
    ("talking_points", re.compile(r"talking points?|key messages|points to raise")),
    (
        "meeting_brief",
        re.compile(
            r"\bbrief\b|\bprep\b|prepare (me )?for|before (the |my )?meeting|"
            r"\bagenda\b|meeting prep|get me ready"
        ),
    ),
    (
        "draft_outreach",
        re.compile(
            r"^(please )?(draft|write|compose|email|reach out|message|send)\b"
            r"(?!.*escalat)"
        ),
    ),
    (
        "why_changed",
        re.compile(
            r"\bwhy\b.*\b(drop|dropp|fall|fell|down|declin|worse|chang|red|yellow|"
            r"improv|up|increas|decreas|go|went|turn)"
        ),
    ),
    ("expansion", re.compile(r"expan|upsell|up-sell|cross-sell|more seats|upgrade")),
    ("portfolio", re.compile(r"\brenew|portfolio|book of business|revenue at risk")),
]
_ESCALATION = re.compile(r"\bescalat")
_GUIDANCE = re.compile(
    r"^\W*(what|how|when|where|who|which|is there|do we|should|can i|any)\b.*"
    r"\b(process|policy|playbook|best practice|guidance|etiquette|how do we|"
    r"how should|recommended|cadence|our approach|say about)"
)
_DRAFTING = re.compile(r"\b(draft|write|prepare|raise|flag|compose)\b")
_FOLLOW_UP = re.compile(
    r"^\W*(and|now|what about|how about|same for|also|ok|okay|then)\b", re.IGNORECASE
)
_NON_ENGLISH = re.compile(
    r"\b(el|la|los|las|est[aá]|c[oó]mo|qu[eé]|por qu[eé]|wie|ist|geht|der|die|das|"
    r"und|comment|est-ce|pourquoi|va|sont|ça|como|está|você|nicht)\b",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class Understanding:
    """The reading of one question."""

    intent: str
    confidence: float
    mentions: list[Mention] = field(default_factory=list)
    unknown_account: str | None = None
    audience: Audience | None = None
    channel: Channel | None = None
    window_days: int | None = None
    follow_up: bool = False
    language_ok: bool = True
    by_rule: bool = False


class IntentClassifier:
    """Nearest labelled examples by cosine similarity, weighted vote of the top k."""

    def __init__(
        self,
        labels: list[str],
        vectors: npt.NDArray[np.float32],
        embed_query: QueryEmbed,
    ) -> None:
        self.labels = labels
        self.vectors = vectors
        self.embed_query = embed_query

    @classmethod
    def from_file(
        cls,
        embed_batch: BatchEmbed,
        embed_query: QueryEmbed,
        path: Path = EXAMPLES_PATH,
    ) -> IntentClassifier:
        """Load and embed the labelled examples (once per process)."""
        labels, texts = load_examples(path)
        # TODO: the examples are embedded at every start (most of the cold start
        # after the model load); keep their vectors in the embedding cache table.
        vectors = np.asarray(embed_batch(texts), dtype=np.float32)
        logger.info("intent classifier: %d examples from %s", len(texts), path)
        return cls(labels, vectors, embed_query)

    def classify(self, masked_question: str) -> tuple[str, float]:
        """The most likely intent and the similarity of its best example."""
        query = np.asarray(self.embed_query(masked_question), dtype=np.float32)
        sims = self.vectors @ query
        top = np.argsort(-sims)[:_NEIGHBOURS]
        # Best example counts most; a second close one of the same intent breaks
        # ties. A plain vote would let many mediocre neighbours beat an exact one.
        scores: dict[str, list[float]] = {}
        for i in top:
            scores.setdefault(self.labels[i], []).append(float(sims[i]))
        ranked = {
            k: v[0] + 0.25 * (v[1] if len(v) > 1 else 0.0) for k, v in scores.items()
        }
        intent = max(ranked, key=lambda name: ranked[name])
        return intent, scores[intent][0]


def load_examples(path: Path = EXAMPLES_PATH) -> tuple[list[str], list[str]]:
    """(labels, texts) of the labelled examples file."""
    data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    labels: list[str] = []
    texts: list[str] = []
    for intent, examples in (data.get("intents") or {}).items():
        for text in examples or []:
            labels.append(str(intent))
            texts.append(str(text))
    return labels, texts


def mask_accounts(question: str, phrases: Sequence[str]) -> str:
    """The question with account names replaced by the placeholder token."""
    masked = question
    for phrase in sorted(phrases, key=len, reverse=True):
        masked = re.sub(re.escape(phrase), ACCOUNT_TOKEN, masked, flags=re.IGNORECASE)
    return masked


def rule_intent(question: str, has_account: bool) -> str | None:
    """The intent a high-precision wording rule gives, if any."""
    lowered = question.casefold().strip()
    if _ESCALATION.search(lowered) and (has_account or _DRAFTING.search(lowered)):
        return "draft_escalation"
    if not has_account and _GUIDANCE.search(lowered):
        return "playbook"
    for intent, pattern in _RULES:
        if pattern.search(lowered):
            return intent
    return None


def looks_english(question: str) -> bool:
    """False when the question reads as another language (or another script)."""
    # TODO: other languages are detected and asked back in English, not answered;
    # the examples and rules are English only.
    letters = [c for c in question if c.isalpha()]
    if not letters:
        return False
    ascii_share = sum(c.isascii() for c in letters) / len(letters)
    if ascii_share < 0.8:
        return False
    words = re.findall(r"\w+", question)
    foreign = len(_NON_ENGLISH.findall(question))
    return not (foreign >= 2 or (words and foreign / len(words) > 0.25))


def understand(
    question: str,
    names: Sequence[tuple[str, str]],
    classifier: IntentClassifier,
) -> Understanding:
    """Read one question (without the conversation; see the engine for follow-ups)."""
    mentions = find_mentions(question, names)
    unknown = None if mentions else unknown_name(question)
    phrases = [m.phrase for m in mentions] + ([unknown] if unknown else [])
    masked = mask_accounts(question, phrases)
    ruled = rule_intent(question, bool(mentions))
    intent, confidence = classifier.classify(masked)
    if ruled is not None:
        intent, confidence = ruled, max(confidence, 0.9)
    return Understanding(
        intent=intent,
        confidence=confidence,
        mentions=mentions,
        unknown_account=unknown,
        audience=audience_of(question),
        channel=channel_of(question),
        window_days=window_of(question),
        follow_up=bool(_FOLLOW_UP.search(question)) and not mentions,
        language_ok=looks_english(question),
        by_rule=ruled is not None,
    )
