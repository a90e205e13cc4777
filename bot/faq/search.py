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
import re
import threading
import time
from dataclasses import dataclass
from functools import cache

from bot.faq.index import FaqIndex
from bot.faq.models import FaqEntry
from bot.faq.scope import names_gold_card_subject, out_of_scope
from bot.faq.scope_vocabulary import GENERIC_CONCEPTS
from bot.faq.store import default_knowledge_base
from bot.faq.text import CHINESE_STOP_CHARS, CJK_CHAR, cjk_runs, detect_locale, is_stopword, latin_words, normalize

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
MAX_CLAUSES = 8  # a long message is scored clause by clause; more than this many clauses are not looked at
CLAUSE_BREAK = re.compile(r"[.!?;,\n。！？；，、]+")  # sentence ends and commas (a long message only)
MIN_CLAUSE_WORDS = 3

# Entries that answer opposite situations worded alike (an expired card vs one about to expire; before vs after
# approval): when two of them are the best two and close, neither is shown as the one strong answer.
OPPOSITES: frozenset[frozenset[str]] = frozenset({
    frozenset({"extension", "expired-card-reapply"}),
    frozenset({"fees-extension", "expired-card-reapply"}),
    frozenset({"after-submit-pay", "card-pickup"}),
    frozenset({"processing-time", "card-pickup"}),
    frozenset({"after-submit-pay", "platform-unpaid-draft-deleted"}),
    frozenset({"leave-taiwan-after-submitting", "card-pickup"}),
})
# Entries that answer one side of a situation named by a synonym concept: when a question names one side only
# ("快過期" / "runs out next month", not "已過期" / "ran out"), the other side's entries are demoted, so the
# tense decides the order of an expired-card and an extension answer, not the shared words (卡, 期, card).
SITUATION_SIDES: dict[str, tuple[str, frozenset[str]]] = {
    "expiring": ("expired", frozenset({"expired-card-reapply"})),
    "expired": ("expiring", frozenset({"extension", "fees-extension"})),
}
OTHER_SIDE_FACTOR = 0.8
# Entries for one group of applicants only: a question naming none of the group's concepts is not about them
# ("how long does the review take" → processing time, not Hong Kong's), so they are demoted a little.
GROUP_ENTRIES: dict[str, frozenset[str]] = {
    "fees-us-nationals": frozenset({"us_national"}),
    "fees-hk-macau": frozenset({"hk_macau", "bno"}),
    "hk-macau-processing": frozenset({"hk_macau", "bno"}),
    "hk-macau-forms": frozenset({"hk_macau", "bno"}),
    "hk-other-passport": frozenset({"hk_macau", "bno"}),
    "hk-macau-born-mainland": frozenset({"hk_macau", "bno"}),
    "hk-bno": frozenset({"hk_macau", "bno"}),
}
OTHER_GROUP_FACTOR = 0.9
WITHOUT_DOMAIN_TERM = 0.35  # a question naming no domain term needs this score before anything is suggested
OPPOSITE_MARGIN = 0.15  # opposites closer than this are a near-tie: offer both as buttons


LONG_WORDS = 12  # a message longer than this many words (or twice as many Chinese characters) is split
CLAUSE_DISCOUNT = 0.9  # a clause's score counts a little less than the same score of the whole message


def clauses(query: str) -> list[str]:
    """The sentences and clauses of a long message (at most :data:`MAX_CLAUSES`, longest kept), for scoring
    one by one; a short question is not split (an empty list)."""
    if len(re.findall(r"[A-Za-z0-9]+", query)) + len(CJK_CHAR.findall(query)) / 2 <= LONG_WORDS:
        return []
    parts = {part.strip() for part in CLAUSE_BREAK.split(query) if _telling(part)}
    return sorted(parts, key=len, reverse=True)[:MAX_CLAUSES] if len(parts) > 1 else []


def _telling(clause: str) -> bool:
    """Whether a clause says enough to be scored alone: three words that are not stopwords, or four Chinese
    characters that are not stop characters ("if I get the gold card" is not a question of its own)."""
    text = normalize(clause)
    words = [word for word in latin_words(text) if not is_stopword(word)]
    chinese = [ch for run in cjk_runs(text) for ch in run if ch not in CHINESE_STOP_CHARS]
    return len(words) >= MIN_CLAUSE_WORDS or len(chinese) >= 2 * MIN_CLAUSE_WORDS - 2


def best_ranking(index: FaqIndex, query: str) -> list[tuple[FaqEntry, float]]:
    """Every entry's best score over the whole message and each of its clauses (slightly discounted): in a
    long message one clause carries the question and the others only dilute it."""
    ranked = index.rank(query)
    parts = clauses(query)
    if not parts:
        return ranked
    best = {entry.id: (entry, score) for entry, score in ranked}
    for clause in parts:
        for entry, score in index.rank(clause):
            if score * CLAUSE_DISCOUNT > best.get(entry.id, (entry, 0.0))[1]:
                best[entry.id] = (entry, score * CLAUSE_DISCOUNT)
    return sorted(best.values(), key=lambda item: -item[1])


def situated(ranked: list[tuple[FaqEntry, float]], concepts: set[str]) -> list[tuple[FaqEntry, float]]:
    """``ranked`` re-sorted after demoting the entries of the opposite situation when the question names only
    one side (:data:`SITUATION_SIDES`) and the entries of a group of applicants it does not name
    (:data:`GROUP_ENTRIES`)."""
    factors = {entry_id: OTHER_GROUP_FACTOR for entry_id, group in GROUP_ENTRIES.items() if not group & concepts}
    for named, (opposite, other_side) in SITUATION_SIDES.items():
        if named in concepts and opposite not in concepts:
            factors.update(dict.fromkeys(other_side, OTHER_SIDE_FACTOR))
    adjusted = [(entry, score * factors.get(entry.id, 1.0)) for entry, score in ranked]
    return sorted(adjusted, key=lambda item: -item[1])


def names_domain(index: FaqIndex, query: str) -> bool:
    """Whether a question uses the domain's own terms: a Gold Card subject (bot.faq.scope.ANCHORS) or a synonym
    concept (bot.faq.synonyms) other than the everyday ones (bot.faq.scope_vocabulary.GENERIC_CONCEPTS)."""
    return names_gold_card_subject(query) or any(feature.startswith("@") and feature[1:] not in GENERIC_CONCEPTS
                                                 for feature in index.query_features(query).weights)


def is_strong(ranked: list[tuple[FaqEntry, float]], tuning_strong: float, tuning_margin: float) -> bool:
    """Whether the first entry is a clear answer: high, ahead of the second, and not in a near-tie with
    an entry for the opposite situation."""
    if not ranked or ranked[0][1] < tuning_strong:
        return False
    runner_up = ranked[1][1] if len(ranked) > 1 else 0.0
    if ranked[0][1] - runner_up < tuning_margin:
        return False
    first = ranked[0][0].id
    return not any(frozenset({first, entry.id}) in OPPOSITES and ranked[0][1] - score < OPPOSITE_MARGIN
                   for entry, score in ranked[1:3])


def search_index(index: FaqIndex, query: str, locale: str | None = None, limit: int = 3,
                 min_score: float | None = None, fallback_locale: str = "en") -> list[Hit]:
    """The best entries of ``index`` for ``query``: at most ``limit``, each scoring at least ``min_score``
    (default: the index's threshold; pass 0 to see near misses). With the default threshold, a question on a
    subject that is not the Gold Card's (:mod:`bot.faq.scope`) gets nothing, whatever words it shares with an
    entry, and so does a weak match of a question that uses none of the domain's terms.

    ``locale`` sets the answer language; None answers in the query's language (Chinese characters →
    zh_TW, Latin letters → en, neither, as in "0800-777-888" → ``fallback_locale``, e.g. the user's).
    """
    started = time.perf_counter()
    query = query[:MAX_QUERY_LENGTH]
    tuning = index.tuning
    answer_locale = locale if locale in ("en", "zh_TW") else detect_locale(query, fallback_locale)
    threshold = tuning.min_score if min_score is None else min_score
    judged = min_score is None  # an explicit min_score (the CLI's --all) shows near misses, unjudged
    if judged and out_of_scope(query):
        return []
    concepts = {feature[1:] for feature in index.query_features(query).weights if feature.startswith("@")}
    ranked = situated(best_ranking(index, query), concepts)
    if judged and ranked and ranked[0][1] < WITHOUT_DOMAIN_TERM and not names_domain(index, query):
        return []  # a weak match on common words only ("which phone company is best" → employment letter)
    strong = is_strong(ranked, tuning.strong_score, tuning.strong_margin)
    hits = [Hit(entry, round(score, 4), answer_locale, strong and position == 0)
            for position, (entry, score) in enumerate(ranked[:max(limit, 0)]) if score >= threshold]
    _log.debug("faq search: %d chars, locale %s, %d hit(s), best %s, %.2f ms", len(query), answer_locale,
               len(hits), hits[0].entry.id if hits else None, (time.perf_counter() - started) * 1000)
    return hits


_index_lock = threading.Lock()


@cache
def _built_index() -> FaqIndex:
    return FaqIndex(default_knowledge_base())


def default_index() -> FaqIndex:
    """The index over the shipped knowledge base: built once (at start-up by :func:`warm_up`, else on first
    use); callers arriving during the build wait for it instead of building a second one."""
    with _index_lock:
        return _built_index()


def warm_up() -> threading.Thread:
    """Build the shipped index in a background thread (at start-up), so the first user waits for nothing; a
    question that arrives before it is done waits only for the rest of the build. Returns the thread."""
    def build() -> None:
        try:
            search_index(default_index(), "gold card fee")  # also loads the stemmer and rapidfuzz
        except Exception:  # a broken data file is reported by the first question too; never kill start-up
            _log.exception("faq index: building in the background failed")

    thread = threading.Thread(target=build, name="faq-index", daemon=True)
    thread.start()
    return thread


def search(query: str, locale: str | None = None, limit: int = 3, min_score: float | None = None,
           fallback_locale: str = "en") -> list[Hit]:
    """Search the shipped knowledge base; see :func:`search_index`. An empty list means "no good answer":
    the chat should offer a person."""
    return search_index(default_index(), query, locale, limit, min_score, fallback_locale)
