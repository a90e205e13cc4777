"""The FAQ index's flat arrays hold exactly the BM25 postings and idf of the textbook layout (feature → list of
(entry, saturation)), built here the plain way from the same per-entry features."""

from __future__ import annotations

import math

from bot.faq.index import FaqIndex
from bot.faq.search import default_knowledge_base


def test_the_arrays_are_the_plain_postings_and_idf() -> None:
    entries = default_knowledge_base()
    index = FaqIndex(entries)
    t = index.tuning
    bags = [index._entry_features(entry) for entry in entries]
    lengths = [sum(bag.values()) for bag in bags]
    average = sum(lengths) / len(lengths)
    postings: dict[str, list[tuple[int, float]]] = {}
    for position, (bag, length) in enumerate(zip(bags, lengths, strict=True)):
        norm = t.k1 * (1 - t.b + t.b * length / average)
        for feature, tf in bag.items():
            postings.setdefault(feature, []).append((position, tf / (tf + norm)))
    assert list(index._feature_numbers) == list(postings)  # numbered in order of first appearance
    for feature, hits in postings.items():
        number = index._feature_numbers[feature]
        start, end = index._starts[number], index._starts[number + 1]
        assert list(zip(index._positions[start:end], index._saturations[start:end], strict=True)) == hits
        count = len(entries)
        assert index._idf[number] == math.log(1 + (count - len(hits) + 0.5) / (len(hits) + 0.5))
    assert index._starts[-1] == len(index._positions) == sum(map(len, postings.values()))
