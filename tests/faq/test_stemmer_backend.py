"""FAQ search stems English with snowballstemmer on its C backend (PyStemmer), which spares the process the
38 pure-Python stemmers snowballstemmer otherwise imports (~2 MB, ~20 ms); both stem every word of the
knowledge base and of the evaluation questions alike, so the backend never changes an answer."""

from __future__ import annotations

import re
from pathlib import Path

import Stemmer
from snowballstemmer.english_stemmer import EnglishStemmer

from bot.faq.store import default_knowledge_base
from bot.faq.text import _stemmer

FAQ_TESTS = Path(__file__).resolve().parent


def test_search_stems_on_the_c_backend() -> None:
    assert isinstance(_stemmer(), Stemmer.Stemmer)


def test_it_stems_every_word_as_the_pure_python_stemmer() -> None:
    texts = [" ".join((entry.question_en, entry.answer_en, *entry.alternatives_en, *entry.tags))
             for entry in default_knowledge_base().entries]
    texts += [path.read_text(encoding="utf-8") for path in FAQ_TESTS.glob("eval_*.tsv")]
    words = sorted({word for text in texts for word in re.findall(r"[a-z]+", text.lower())})
    assert len(words) > 1000
    python, c = EnglishStemmer(), Stemmer.Stemmer("english")
    assert [c.stemWord(word) for word in words] == [python.stemWord(word) for word in words]


def test_the_stems_of_what_users_type_are_not_kept_forever() -> None:
    """Every word a user types is stemmed; the cache keeps the most recent few thousand, not every word ever seen."""
    from bot.faq.text import STEMS_KEPT, stem

    for number in range(STEMS_KEPT + 500):
        stem(f"word{number}")  # each a word never seen before
    assert stem.cache_info().currsize <= STEMS_KEPT
    assert stem("applications") == stem("apply")  # still stems as before
