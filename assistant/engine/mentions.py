"""Finding the accounts a question names, without guessing between look-alikes.

"Acme" matches both "Acme Corp" and "Acme Logistics" equally well, so it is
ambiguous, although a plain name lookup would pick "Acme Corp" (its name without the
suffix). A mention is the longest run of words matching the start of an account's
name; a longer match wins, equal matches are ambiguous.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

_WORD = re.compile(r"[0-9A-Za-z]+")
_ACCOUNT_ID = re.compile(r"\b[A-Z]{1,4}-\d{2,8}\b")
_SUFFIXES = frozenset(
    [
        "inc",
        "incorporated",
        "corp",
        "corporation",
        "co",
        "company",
        "ltd",
        "limited",
        "llc",
        "plc",
        "gmbh",
        "ag",
        "sa",
        "sas",
        "bv",
        "group",
    ]
)
# Lower-case words that begin some company names but mostly mean something else.
_COMMON = frozenset(
    [
        "the",
        "a",
        "an",
        "apex",
        "horizon",
        "summit",
        "beacon",
        "granite",
        "cascade",
        "willow",
        "sterling",
        "upland",
        "vantage",
        "zenith",
        "keystone",
        "orchard",
        "quarry",
        "crescent",
        "atlas",
        "helix",
        "oak",
        "pinnacle",
        "north",
        "south",
        "east",
        "west",
        "new",
        "first",
        "united",
        "global",
        "national",
    ]
)


@dataclass(frozen=True)
class Mention:
    """Accounts one phrase of the question may mean (one = resolved)."""

    phrase: str
    account_ids: tuple[str, ...]

    @property
    def resolved(self) -> bool:
        """True when exactly one account matches."""
        return len(self.account_ids) == 1


@dataclass(frozen=True)
class _Name:
    account_id: str
    words: tuple[str, ...]
    core: int  # number of words before trailing company suffixes


def _index(names: Sequence[tuple[str, str]]) -> list[_Name]:
    out = []
    for account_id, name in names:
        words = tuple(w.casefold() for w in _WORD.findall(name))
        core = len(words)
        while core > 1 and words[core - 1] in _SUFFIXES:
            core -= 1
        if words:
            out.append(_Name(account_id, words, core))
    return out


def find_mentions(question: str, names: Sequence[tuple[str, str]]) -> list[Mention]:
    """Accounts named in the question, in order of appearance.

    Args:
        question: The question as asked.
        names: Every (account_id, name) pair.
    """
    known_ids = {account_id for account_id, _ in names}
    mentions = [
        Mention(m.group(0), (m.group(0),))
        for m in _ACCOUNT_ID.finditer(question)
        if m.group(0) in known_ids
    ]
    raw = _WORD.findall(question)
    words = [w.casefold() for w in raw]
    index = _index(names)
    position = 0
    while position < len(words):
        best_len, hits = 0, []
        for name in index:
            length = _prefix_length(words, position, name.words)
            if length == 0 or not _acceptable(raw, position, length, name):
                continue
            if length > best_len:
                best_len, hits = length, [name]
            elif length == best_len:
                hits.append(name)
        if not hits:
            position += 1
            continue
        full = [h for h in hits if best_len >= h.core]
        chosen = full if len(full) == 1 and len(hits) == 1 else hits
        phrase = " ".join(raw[position : position + best_len])
        mentions.append(Mention(phrase, tuple(h.account_id for h in chosen)))
        position += best_len
    return _unique(mentions)


def _prefix_length(words: list[str], start: int, name: tuple[str, ...]) -> int:
    length = 0
    while (
        length < len(name)
        and start + length < len(words)
        and words[start + length] == name[length]
    ):
        length += 1
    return length


def _acceptable(raw: list[str], start: int, length: int, name: _Name) -> bool:
    """A partial match of one word counts only when it looks like a name."""
    if length >= name.core:
        return True
    following = raw[start + length] if start + length < len(raw) else ""
    if following[:1].isupper() and following not in _NOT_NAMES:
        # "Driftwood Clinics" is not "Driftwood Engineering": a capitalised word
        # that continues the name differently means another (unknown) account.
        return False
    word = raw[start]
    if length == 1:
        return word[:1].isupper() or word.casefold() not in _COMMON
    return True


def _unique(mentions: list[Mention]) -> list[Mention]:
    seen: set[tuple[str, ...]] = set()
    out = []
    for mention in mentions:
        if mention.account_ids not in seen:
            seen.add(mention.account_ids)
            out.append(mention)
    return out


_CAPITALISED = re.compile(r"[A-Z][\w&.-]*(?:'s|')?(?:\s+[A-Z][\w&.-]*(?:'s|')?)*")
_NOT_NAMES = frozenset(
    [
        "Finance",
        "People",
        "Operations",
        "Sales",
        "Marketing",
        "Engineering",
        "Support",
        "Product",
        "Legal",
        "HR",
        "Security",
        "Procurement",
        "Leadership",
        "Head",
        "Department",
        "Team",
        "Users",
        "I",
        "A",
        "The",
        "My",
        "Our",
        "Their",
        "Slack",
        "Email",
        "VP",
        "CFO",
        "CEO",
        "CTO",
        "COO",
        "IT",
        "QBR",
        "EBR",
        "SSO",
        "API",
        "What",
        "Who",
        "How",
        "Why",
        "When",
        "Where",
        "Which",
        "Is",
        "Are",
        "Can",
        "Could",
        "Should",
        "Would",
        "Will",
        "Give",
        "Show",
        "Tell",
        "Draft",
        "Write",
        "Prep",
        "Prepare",
        "Any",
        "Do",
        "Does",
        "Let",
        "Please",
        "Help",
        "Hi",
        "Hello",
        "Thanks",
        "List",
        "Compare",
        "Summarise",
        "Summarize",
        "Email",
        "Escalate",
        "Brief",
        "Now",
        "And",
        "Monday",
        "Tuesday",
        "Wednesday",
        "Thursday",
        "Friday",
        "January",
        "February",
        "March",
        "April",
        "May",
        "June",
        "July",
        "August",
        "September",
        "October",
        "November",
        "December",
    ]
)


def unknown_name(question: str) -> str | None:
    """A capitalised phrase that reads like an account name, for "not found" replies.

    Question words and titles ("What", "VP") are skipped; a phrase that opens
    the question counts only when nothing later does.
    """
    first: str | None = None
    for match in _CAPITALISED.finditer(question):
        # Acronyms (ARR, CSM, SSO) are jargon far more often than account names.
        words = [
            w
            for w in match.group(0).split()
            if _bare(w) not in _NOT_NAMES and not (_bare(w).isupper() and len(w) <= 4)
        ]
        while words and _bare(words[0]) in _NOT_NAMES:
            words.pop(0)
        phrase = " ".join(_bare(w) for w in words).strip()
        if not phrase:
            continue
        if match.start() > 0:
            return phrase
        first = first or phrase
    return first


def _bare(word: str) -> str:
    """The word without a trailing possessive."""
    if word.endswith("'s"):
        return word[:-2]
    return word.rstrip("'")
