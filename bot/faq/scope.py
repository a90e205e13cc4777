"""Is a question ours at all? The out-of-scope judgement made before any suggestion is offered.

Search alone cannot tell "how do I open a bank account" from a question about the Finance field: both
share a word ("bank"), and a single shared word is enough for a suggestion button. So a question is
judged out of scope when it names a subject of life in Taiwan that the Gold Card Office does not handle
(:data:`~bot.faq.scope_vocabulary.OFF_TOPIC_SUBJECTS`, one named list per subject: banking, taxes, driving,
housing, health care, schools, job hunting, company registration, other residence routes, telecoms…) and no
Gold Card term (:data:`~bot.faq.scope_vocabulary.CARD_TERMS`: the card, the ARC, the platform, passports,
fees, salary, supplements…). Generic words (apply, 申請, visa, document) keep a question in the search but do
not outweigh an off-topic subject: "怎麼申請信用卡" and "how do I apply for a student visa" are not ours, "can I
pay the fee by credit card" is. A card term inside the off-topic phrase does not count (居留 in 永久居留).
Simplified Chinese is folded to Traditional first.

A second, more general check lives in :mod:`bot.faq.search`: a question that names no domain term (no
anchor, no synonym concept but the everyday ones of
:data:`~bot.faq.scope_vocabulary.GENERIC_CONCEPTS`: cost, signing up, the law…) gets a suggestion only from a
score of 0.35. It catches subjects nobody listed ("how much is a flight to Tokyo").

Measured (figures per set in ARCHITECTURE.md, help desk): a higher score threshold costs in-scope accuracy
long before it stops out-of-scope offers (0.45: 18 % offered, top-3 85 %); requiring a card term instead of
any domain term below 0.30 took English top-1 under 90 %; requiring the top entry to share a synonym concept
with the question changed one out-of-scope offer in 90; not counting everyday concepts halved the offers on
unseen subjects at no in-scope cost. Each held-out set is written before the change it measures. Matching
is on the same normalised text as search: English on whole words, Chinese on substrings.
"""

from __future__ import annotations

import re
from functools import cache

from bot.faq.scope_vocabulary import CARD_TERMS, GENERIC_TERMS, OFF_TOPIC_SUBJECTS
from bot.faq.text import CJK_CHAR, normalize, to_traditional

# Every off-topic phrase, and the words that keep a question ours (see bot.faq.scope_vocabulary).
OFF_TOPIC: tuple[str, ...] = tuple(phrase for phrases in OFF_TOPIC_SUBJECTS.values() for phrase in phrases)
ANCHORS: tuple[str, ...] = CARD_TERMS + GENERIC_TERMS


@cache
def _pattern(phrases: tuple[str, ...]) -> re.Pattern[str]:
    english = sorted((normalize(p) for p in phrases if not CJK_CHAR.search(p)), key=len, reverse=True)
    chinese = sorted((normalize(p) for p in phrases if CJK_CHAR.search(p)), key=len, reverse=True)
    parts = [rf"(?<![a-z0-9])(?:{'|'.join(map(re.escape, english))})(?![a-z0-9])"]
    if chinese:
        parts.append("|".join(map(re.escape, chinese)))
    return re.compile("|".join(parts))


def _folded(query: str) -> str:
    """The query as the vocabulary is written: normalised, Simplified folded to Traditional (签证 is folded
    character by character to 籤證, set right here)."""
    return normalize(to_traditional(query)).replace("籤證", "簽證")


def off_topic_subject(query: str) -> str | None:
    """The off-topic subject a question names, if it names no Gold Card subject; None when the question may
    be ours (then search decides)."""
    text = _folded(query)
    found = _pattern(OFF_TOPIC).search(text)
    # a card term inside the off-topic phrase itself (居留 in 永久居留) does not count
    if found is None or _pattern(CARD_TERMS).search(_pattern(OFF_TOPIC).sub(" ", text)):
        return None
    return found.group(0)


def names_gold_card_subject(query: str) -> bool:
    """Whether the question names a Gold Card subject (:data:`ANCHORS`)."""
    return _pattern(ANCHORS).search(_folded(query)) is not None


def out_of_scope(query: str) -> bool:
    """True when the question is about something the Gold Card Office does not handle."""
    return off_topic_subject(query) is not None
