"""Retrieved text is data: passages that address an assistant are not quoted.

A note may contain text such as "ignore previous instructions and …" (pasted
from a phishing mail or a broken template). The deterministic engine never
follows text it reads; this filter also keeps such lines out of answers and out
of the LLM's context, so nobody is misled by them.
"""

from __future__ import annotations

import re

_PATTERNS = re.compile(
    r"ignore (all |any )?(previous|prior|above|earlier) (instructions|prompts?)|"
    r"disregard (all |any )?(previous|prior|the above)|"
    r"you are now|system prompt|act as (an? )?(ai|assistant|admin)|"
    r"(send|forward|list|export) (them |all |every )?.{0,40}"
    r"(emails?|passwords?|contacts?).{0,20}(to|@)",
    re.IGNORECASE,
)


def looks_like_injection(text: str) -> bool:
    """True when the text gives orders to an assistant instead of informing."""
    return bool(_PATTERNS.search(text))
