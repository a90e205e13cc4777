"""FAQ search for the chat, inline mode and the CLI: one function, answers in the query's language.

    hits = search("can i apply visa free?")          # [Hit(entry, score, locale="en", strong=...)]
    if not hits: offer a person                       # nothing reached the threshold
    elif hits[0].strong: answer with hits[0]          # a clear match
    else: offer the hits as buttons                   # "did you mean …?"

The index over the shipped knowledge base is built on the first call and kept for the process
(about 100 entries: 0.1-0.2 s to build, well under a millisecond per query). Queries are never
logged: they may hold personal data.
"""

from __future__ import annotations

import logging
import time
from dataclasses import dataclass
from functools import cache

from bot.faq.index import FaqIndex
from bot.faq.models import FaqEntry
from bot.faq.store import default_knowledge_base
from bot.faq.text import detect_locale

_log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Hit:
    """One answer for a query: the entry, its score (0-1), the language to answer in, and whether it is a
    clear match (``strong``: only ever the first hit, when it scores high and well ahead of the second)
    or only a suggestion."""

    entry: FaqEntry
    score: float
    locale: str
    strong: bool = False

    @property
    def question(self) -> str:
        return self.entry.question(self.locale)

    @property
    def answer(self) -> str:
        return self.entry.answer(self.locale)


MAX_QUERY_LENGTH = 500  # a pasted essay is cut: the question is in there somewhere, and time stays bounded


def search_index(index: FaqIndex, query: str, locale: str | None = None, limit: int = 3,
                 min_score: float | None = None, fallback_locale: str = "en") -> list[Hit]:
    """The best entries of ``index`` for ``query``: at most ``limit``, each scoring at least ``min_score``
    (default: the index's threshold; pass 0 to see near misses).

    ``locale`` sets the answer language; None answers in the query's language (Chinese characters →
    zh_TW, Latin letters → en, neither, as in "0800-777-888" → ``fallback_locale``, e.g. the user's).
    """
    started = time.perf_counter()
    query = query[:MAX_QUERY_LENGTH]
    tuning = index.tuning
    answer_locale = locale if locale in ("en", "zh_TW") else detect_locale(query, fallback_locale)
    threshold = tuning.min_score if min_score is None else min_score
    ranked = index.rank(query)
    runner_up = ranked[1][1] if len(ranked) > 1 else 0.0
    strong = bool(ranked) and ranked[0][1] >= tuning.strong_score and ranked[0][1] - runner_up >= tuning.strong_margin
    hits = [Hit(entry, round(score, 4), answer_locale, strong and position == 0)
            for position, (entry, score) in enumerate(ranked[:max(limit, 0)]) if score >= threshold]
    _log.debug("faq search: %d chars, locale %s, %d hit(s), best %s, %.2f ms", len(query), answer_locale,
               len(hits), hits[0].entry.id if hits else None, (time.perf_counter() - started) * 1000)
    return hits


@cache
def default_index() -> FaqIndex:
    """The index over the shipped knowledge base, built on first use."""
    return FaqIndex(default_knowledge_base())


def search(query: str, locale: str | None = None, limit: int = 3, min_score: float | None = None,
           fallback_locale: str = "en") -> list[Hit]:
    """Search the shipped knowledge base; see :func:`search_index`. An empty list means "no good answer":
    the chat should offer a person."""
    return search_index(default_index(), query, locale, limit, min_score, fallback_locale)
