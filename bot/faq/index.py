"""The search index: weighted features per entry and a query-normalised BM25 score.

Each entry becomes a bag of features drawn from its questions, alternative phrasings, tags and
answers in both languages, each field with its own weight:

* ``w:<stem>`` English word stems (Snowball), stopwords left out;
* ``b:<bigram>`` Chinese character bigrams, ``g:<bigram>`` "glue" bigrams with one stop character
  (weaker) and ``u:<char>`` single characters (weakest);
* ``@<concept>`` domain concepts from :mod:`bot.faq.synonyms`, shared by both languages.

A query is cut into the same features. Unknown English words are first corrected to the closest
word of the index with rapidfuzz (same first letter, high similarity) at a lower weight; a Chinese
query with characters the index does not know is converted from Simplified to Traditional (the bot's
character table, loaded only then). Words inside a synonym phrase count as known.

The score of an entry blends two signals:

1. Coverage: BM25 with every term's contribution divided by the most the query could earn::

       coverage = Σ q_f · idf_f · sat_entry(f) / Σ q_f · idf_f            (0 ≤ coverage < 1)

   where ``sat = tf / (tf + k1 · (1 − b + b · len / avg_len))`` and features no entry has still
   count in the denominator (at a reduced share). Dividing by the query's own weight ranks entries as
   BM25 does but gives a number that means the same for every query ("how much of what was asked
   does this entry cover"), so one threshold can say "no good answer".
2. Closeness: rapidfuzz similarity between the query and the entry's nearest single phrasing (its
   question or an alternative), which prefers "要準備什麼文件" to an entry that merely contains the
   same words among many others.

``score = (1 − phrase_share) · coverage + phrase_share · closeness``; an entry that matches only
single Chinese characters or glue bigrams scores 0 ("你好" is no question about 好處).
"""

from __future__ import annotations

import math
import threading
from array import array
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from bot.faq.models import FaqEntry
from bot.faq.synonyms import CONCEPTS, find_concepts
from bot.faq.text import (
    CHINESE_STOP_CHARS,
    CJK_CHAR,
    chinese_grams,
    cjk_runs,
    is_stopword,
    latin_words,
    normalize,
    stem,
    to_traditional,
)

WEAK_KINDS = ("u:", "g:")  # single Chinese characters and glue bigrams: never enough evidence alone



_RAPIDFUZZ_IMPORT = threading.Lock()


def _rapidfuzz() -> tuple[Any, Any]:
    """rapidfuzz's ``fuzz`` and ``process``, imported on first use under a lock: the index is warmed up in a
    background thread while the first message may search too, and two threads importing rapidfuzz at once
    see its package half-initialised (ImportError: cannot import name 'ScoreAlignment')."""
    with _RAPIDFUZZ_IMPORT:
        from rapidfuzz import fuzz, process

    return fuzz, process


@dataclass(frozen=True)
class Tuning:
    """Weights and thresholds of the search; the defaults are what the quality test was measured with."""

    k1: float = 1.2
    b: float = 0.5
    question_weight: float = 3.0
    alternative_weight: float = 2.0
    tag_weight: float = 2.0
    answer_weight: float = 0.6
    word_weight: float = 1.0
    bigram_weight: float = 1.0
    glue_weight: float = 0.5  # a Chinese bigram with one stop character ("卡嗎")
    unigram_weight: float = 0.25
    concept_weight: float = 1.5
    typo_weight: float = 0.8  # an English word that had to be corrected counts a little less
    unknown_weight: float = 0.75  # share of a query word that no entry has ...
    unknown_gram_weight: float = 0.4  # ... or of a Chinese gram (many span two words: "請金" in "申請金卡")
    fuzzy_cutoff: float = 85.0  # rapidfuzz ratio (0-100) a corrected word must reach (one slip in 7+ letters) ...
    fuzzy_cutoff_short: float = 80.0  # ... or in a word of 4-5 letters
    phrase_share: float = 0.2  # share of the score that comes from the closest single phrasing
    phrase_floor: float = 0.5  # phrasing similarity below this adds nothing
    min_score: float = 0.20  # below this an entry is no good answer (calibrated on the off-topic queries)
    strong_score: float = 0.50  # the best entry is a clear match from here ...
    strong_margin: float = 0.05  # ... if it is also this far ahead of the second


@dataclass(frozen=True)
class QueryFeatures:
    """What a query asks for: feature → weight, its comparison key (see :func:`phrase_key`), whether it is
    Chinese, and how many words needed a typo correction."""

    weights: dict[str, float]
    key: str = ""
    chinese: bool = False
    corrected: int = 0
    explained: frozenset[str] = frozenset()  # features inside a synonym phrase: known through their concept


def _phrase_features(phrase: str) -> list[str]:
    """The word and gram features a matched synonym phrase stands for."""
    if not CJK_CHAR.search(phrase):
        return [f"w:{word}" for word in phrase.split()]
    bigrams, glue, unigrams = chinese_grams(phrase)
    return [f"b:{gram}" for gram in bigrams] + [f"g:{gram}" for gram in glue] + [f"u:{gram}" for gram in unigrams]


def phrase_key(words: list[str], stems: list[str], normalized: str) -> str:
    """A phrasing reduced to what carries meaning, for whole-phrase similarity: English stems without
    stopwords, then Chinese characters without stop characters."""
    latin = " ".join(s for word, s in zip(words, stems, strict=True) if not is_stopword(word))
    chinese = "".join(ch for run in cjk_runs(normalized) for ch in run if ch not in CHINESE_STOP_CHARS)
    return f"{latin} {chinese}".strip()


def text_features(text: str) -> Counter[str]:
    """Every feature of one piece of entry text, with its count."""
    normalized = normalize(text)
    words = latin_words(normalized)
    stems = [stem(word) for word in words]
    features: Counter[str] = Counter(f"w:{s}" for word, s in zip(words, stems, strict=True) if not is_stopword(word))
    for run in cjk_runs(normalized):
        bigrams, glue, unigrams = chinese_grams(run)
        features.update(f"b:{gram}" for gram in bigrams)
        features.update(f"g:{gram}" for gram in glue)
        features.update(f"u:{gram}" for gram in unigrams)
    features.update(f"@{concept}" for concept, _phrase in find_concepts(words, stems, normalized))
    return features


class FaqIndex:
    """An immutable index over a list of entries; build once, query many times (thread-safe reads)."""

    def __init__(self, entries: Iterable[FaqEntry], tuning: Tuning | None = None) -> None:
        self.entries: tuple[FaqEntry, ...] = tuple(entries)
        self.tuning = tuning or Tuning()
        if not self.entries:
            raise ValueError("an FAQ index needs at least one entry")
        # Built and kept compact (a few hundred KiB, not the ~5 MiB at its peak that per-entry bags and lists of
        # (position, saturation) tuples took): every feature gets a number in order of first appearance; the
        # postings of feature n are positions[starts[n]:starts[n + 1]] (entry order) with their saturations,
        # its idf is idf[n]. One entry's bag is alive at a time.
        t = self.tuning
        count = len(self.entries)
        self._feature_numbers: dict[str, int] = {}
        hit_features, hit_positions, hit_tfs = array("I"), array("I"), array("d")
        lengths: list[float] = []
        for position, entry in enumerate(self.entries):
            bag = self._entry_features(entry)
            lengths.append(sum(bag.values()))
            for feature, tf in bag.items():
                hit_features.append(self._feature_numbers.setdefault(feature, len(self._feature_numbers)))
                hit_positions.append(position)
                hit_tfs.append(tf)
        average = sum(lengths) / len(lengths)
        norms = [t.k1 * (1 - t.b + t.b * length / average) for length in lengths]
        hits_per_feature = array("I", bytes(4 * len(self._feature_numbers)))
        for number in hit_features:
            hits_per_feature[number] += 1
        self._starts = array("I", [0])
        for hits in hits_per_feature:
            self._starts.append(self._starts[-1] + hits)
        self._idf = array("d", (math.log(1 + (count - hits + 0.5) / (hits + 0.5)) for hits in hits_per_feature))
        self._positions, self._saturations = array("I", bytes(4 * len(hit_features))), array("d", hit_tfs)
        next_slot = self._starts[:-1]
        for number, position, tf in zip(hit_features, hit_positions, hit_tfs, strict=True):
            slot = next_slot[number]
            self._positions[slot], self._saturations[slot] = position, tf / (tf + norms[position])
            next_slot[number] = slot + 1
        self._max_idf = math.log(1 + (count + 0.5) / 0.5)
        self._words, self._stems = self._vocabulary()
        self._phrasings = {chinese: self._phrasing_keys(chinese) for chinese in (False, True)}

    def _entry_features(self, entry: FaqEntry) -> dict[str, float]:
        """The entry's features with their field-weighted counts."""
        t = self.tuning
        weighted: list[tuple[Iterable[str], float]] = [
            ((entry.question_en, entry.question_zh), t.question_weight),
            (entry.alternatives_en + entry.alternatives_zh, t.alternative_weight),
            (entry.tags, t.tag_weight),
            ((entry.answer_en, entry.answer_zh), t.answer_weight),
        ]
        bag: dict[str, float] = defaultdict(float)
        for texts, weight in weighted:
            for text in texts:
                for feature, count in text_features(text).items():
                    bag[feature] += weight * count
        return bag

    def _phrasing_keys(self, chinese: bool) -> tuple[list[str], list[int]]:
        """Comparison keys of every question and alternative phrasing in one language, with entry positions."""
        keys: list[str] = []
        owners: list[int] = []
        for position, entry in enumerate(self.entries):
            texts = (entry.question_zh, *entry.alternatives_zh) if chinese else (entry.question_en,
                                                                                 *entry.alternatives_en)
            for text in texts:
                normalized = normalize(text)
                words = latin_words(normalized)
                keys.append(phrase_key(words, [stem(word) for word in words], normalized))
                owners.append(position)
        return keys, owners

    def _vocabulary(self) -> tuple[dict[str, list[str]], set[str]]:
        """Known English words (by first letter, for typo correction) and known stems."""
        words: set[str] = set()
        for entry in self.entries:
            texts = (entry.question_en, entry.answer_en, *entry.alternatives_en, *entry.tags,
                     entry.question_zh, entry.answer_zh, *entry.alternatives_zh)
            for text in texts:
                words.update(latin_words(normalize(text)))
        for surfaces in CONCEPTS.values():
            for surface in surfaces:
                words.update(latin_words(normalize(surface)))
        by_letter: dict[str, list[str]] = defaultdict(list)
        for word in sorted(words):
            if word.isalpha() and len(word) >= 3:
                by_letter[word[0]].append(word)
        return dict(by_letter), {stem(word) for word in words}

    def _correct(self, word: str) -> str | None:
        """The index word closest to an unknown English word, or None when nothing is close enough. Words of
        two letters are corrected only by one missing letter towards a three-letter domain word ("fe" → "fee");
        three-letter words are left alone ("lot" is no typo for "lost"), and chat abbreviations ("yrs", "pls")
        are spelled out before this (bot.faq.text.SPELLINGS)."""
        if len(word) < 2 or not word.isalpha():
            return None
        if len(word) == 2:
            return self._correct_short(word)
        if len(word) < 4:
            return None
        candidates = [known for known in self._words.get(word[0], []) if not is_stopword(known)]
        cutoff = self.tuning.fuzzy_cutoff_short if len(word) <= 5 else self.tuning.fuzzy_cutoff
        fuzz, process = _rapidfuzz()  # here: loaded with the first question, not at start-up

        best = process.extractOne(word, candidates, scorer=fuzz.ratio, score_cutoff=cutoff)
        return None if best is None else str(best[0])

    def _correct_short(self, word: str) -> str | None:
        _rapidfuzz()
        from rapidfuzz.distance import Levenshtein

        candidates = [known for known in self._words.get(word[0], []) if not is_stopword(known)
                      and len(known) == len(word) + 1 and Levenshtein.distance(word, known) == 1]
        return min(candidates, key=lambda known: (len(known), known)) if candidates else None

    def query_features(self, query: str) -> QueryFeatures:
        """The weighted features of a query (each feature once, at its highest weight)."""
        t = self.tuning
        normalized = normalize(query)
        if any(f"u:{ch}" not in self._feature_numbers for run in cjk_runs(normalized) for ch in run
               if ch not in CHINESE_STOP_CHARS):
            normalized = normalize(to_traditional(normalized))  # a Simplified query meets Traditional entries
        weights: dict[str, float] = {}

        def add(feature: str, weight: float) -> None:
            weights[feature] = max(weight, weights.get(feature, 0.0))

        corrected = 0
        words: list[str] = []
        stems: list[str] = []
        for word in latin_words(normalized):
            word_stem = stem(word)
            weight = t.word_weight
            if word_stem not in self._stems and not is_stopword(word) and (fixed := self._correct(word)):
                word, word_stem, weight = fixed, stem(fixed), t.typo_weight
                corrected += 1
            words.append(word)
            stems.append(word_stem)
            if not is_stopword(word):
                add(f"w:{word_stem}", weight)
        for run in cjk_runs(normalized):
            bigrams, glue, unigrams = chinese_grams(run)
            for gram in bigrams:
                add(f"b:{gram}", t.bigram_weight)
            for gram in glue:
                add(f"g:{gram}", t.glue_weight)
            for gram in unigrams:
                add(f"u:{gram}", t.unigram_weight)
        explained: set[str] = set()
        for concept, phrase in find_concepts(words, stems, normalized):
            add(f"@{concept}", t.concept_weight)
            explained.update(_phrase_features(phrase))
        return QueryFeatures(weights, phrase_key(words, stems, normalized), bool(cjk_runs(normalized)), corrected,
                             frozenset(explained))

    def score(self, features: QueryFeatures) -> list[float]:
        """The score of every entry (in entry order) for the query's features."""
        t = self.tuning
        scores = [0.0] * len(self.entries)
        evidence = [False] * len(self.entries)  # an entry must match a word, a bigram or a concept, not only single
        possible = 0.0                          # characters or glue bigrams ("你好" is no question about 好處)
        for feature, weight in features.weights.items():
            number = self._feature_numbers.get(feature)
            if number is None:
                if feature not in features.explained:
                    share = t.unknown_gram_weight if feature.startswith((*WEAK_KINDS, "b:")) else t.unknown_weight
                    possible += weight * share * self._max_idf
                continue
            idf = self._idf[number]
            possible += weight * idf
            telling = not feature.startswith(WEAK_KINDS)
            start, end = self._starts[number], self._starts[number + 1]
            for position, saturation in zip(self._positions[start:end], self._saturations[start:end], strict=True):
                scores[position] += weight * idf * saturation
                evidence[position] = evidence[position] or telling
        if possible <= 0:
            return scores
        share = t.phrase_share
        closeness = self._closeness(features)
        return [(1 - share) * value / possible + share * near if telling else 0.0
                for value, near, telling in zip(scores, closeness, evidence, strict=True)]

    def _closeness(self, features: QueryFeatures) -> list[float]:
        """Per entry, how close the query is to its nearest phrasing (0-1, rescaled above ``phrase_floor``)."""
        closeness = [0.0] * len(self.entries)
        if not features.key:
            return closeness
        keys, owners = self._phrasings[features.chinese]
        floor = self.tuning.phrase_floor
        fuzz, process = _rapidfuzz()

        for _choice, similarity, index in process.extract(features.key, keys, scorer=fuzz.ratio, limit=None,
                                                          score_cutoff=floor * 100):
            value = (similarity / 100 - floor) / (1 - floor)
            position = owners[index]
            closeness[position] = max(closeness[position], value)
        return closeness

    def rank(self, query: str) -> list[tuple[FaqEntry, float]]:
        """Every entry with a score above zero, best first (ties keep the data order)."""
        scores = self.score(self.query_features(query))
        order = sorted(range(len(scores)), key=lambda position: -scores[position])
        return [(self.entries[position], scores[position]) for position in order if scores[position] > 0]
