"""Text handling for FAQ search: normalisation, query language, English words and stems, Chinese n-grams.

Chinese is written without spaces, so it is matched on overlapping character bigrams (plus single
characters, weighted low); English is lower-cased, split into words and stemmed (Snowball/Porter2).
Both kinds of text pass through the same :func:`normalize`, so the index and a query always agree.
"""

from __future__ import annotations

import re
import unicodedata
from functools import cache, lru_cache

from bot.forms.chinese import simplified_to_traditional

CJK_CHAR = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")
CJK_RUN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]+")
LATIN_WORD = re.compile(r"[a-z0-9]+")
THOUSANDS = re.compile(r"(?<=\d)[,.](?=\d{3}(?!\d))")

# Variant characters folded to one form (the platform writes both 臺 and 台).
VARIANTS = str.maketrans({"臺": "台", "裏": "裡", "綫": "線", "眞": "真", "爲": "為", "賬": "帳"})

# Whole-word spellings folded before splitting ("goldcard" → "gold card").
SPELLINGS: dict[str, str] = {
    "goldcard": "gold card", "goldcards": "gold cards", "taiwanjobs": "taiwan jobs", "hongkong": "hong kong",
    "e-mail": "email", "emails": "email", "wifi": "wi fi", "bn(o)": "bno", "b.n.o": "bno",
    "u.s.": "us", "u.s": "us", "w-2": "w2", "7-11": "7 11", "7-eleven": "7 11", "160k": "160000",
    "ntd": "nt", "twd": "nt", "1mb": "1 mb", "1024kb": "1024 kb",
    # chat abbreviations, as applicants type them
    "hw": "how", "u": "you", "ur": "your", "r": "are", "yr": "year", "yrs": "years", "pls": "please",
    "plz": "please", "thx": "thanks", "thnx": "thanks", "ty": "thanks", "wat": "what", "wats": "what is",
    "whats": "what is", "abt": "about", "b4": "before", "ppl": "people", "docs": "documents", "doc": "document",
    "pw": "password", "gc": "gold card", "info": "information", "govt": "government", "asap": "soon",
}
_SPELLING_ALTERNATIVES = "|".join(re.escape(key) for key in sorted(SPELLINGS, key=len, reverse=True))
_SPELLING_PATTERN = re.compile(rf"(?<![a-z0-9])(?:{_SPELLING_ALTERNATIVES})(?![a-z0-9])")

# Words that say nothing about the subject. "not" and "no" are here too: negations that matter ("no
# extension", "not paid", "no visa") are synonym phrases, matched before stopwords are dropped.
_STOPWORD_TEXT = """
a an the i me my mine myself we us our you your he she him his her it its they them their
is am are was were be been being do does did doing done have has had having can could would should will
shall may might must to of in on at for from with by about as into onto and or but if then so than that
this these those there here what which who whom whose when where how any some all please hi hello hey
thanks thank just also get gets got getting need needs want wants know tell m s t re ve ll d im ive dont
cant didnt doesnt isnt ok okay yes pls plz anyone someone something still already really very whether
not no
"""
ENGLISH_STOPWORDS = frozenset(_STOPWORD_TEXT.split())

# Single characters too common in questions to count on their own (bigrams with other characters still do).
CHINESE_STOP_CHARS = frozenset("的了嗎呢吧啊呀喔哦嘛嗯欸我你妳您他她它們是在有要可以能會怎麼什如何問"
                               "這那個和與及或也就都還很得地之其為被把給讓到去來過一些")


def to_traditional(text: str) -> str:
    """``text`` with Simplified characters replaced by Traditional ones, character by character (the bot's
    compact table, :func:`bot.forms.chinese.simplified_to_traditional`: OpenCC's STCharacters and Taiwan
    variants, first reading of each character; plenty for search features)."""
    return text.translate(simplified_to_traditional())


# Chinese chat words and homophone typos folded to the form the entries use (applied before search features).
CHINESE_FIXES: dict[str, str] = {
    "啥": "什麼", "甚麼": "什麼", "咋": "怎麼", "延其": "延期", "延長期": "延期", "簽正": "簽證", "補症": "補正",
    "居留正": "居留證", "護招": "護照", "金咔": "金卡", "禁卡": "金卡", "規廢": "規費", "注冊": "註冊",
}
_CHINESE_FIX_PATTERN = re.compile("|".join(re.escape(key) for key in sorted(CHINESE_FIXES, key=len, reverse=True)))


def detect_locale(text: str, default: str = "en") -> str:
    """zh_TW when ``text`` contains Chinese characters, en when it has Latin letters, else ``default``."""
    if CJK_CHAR.search(text):
        return "zh_TW"
    if re.search(r"[A-Za-z]", text):
        return "en"
    return default


def normalize(text: str) -> str:
    """Fold width (NFKC), case, variant characters, thousands separators and known spellings."""
    folded = unicodedata.normalize("NFKC", text).lower().translate(VARIANTS)
    folded = THOUSANDS.sub("", folded)
    folded = _CHINESE_FIX_PATTERN.sub(lambda match: CHINESE_FIXES[match.group(0)], folded)
    return _SPELLING_PATTERN.sub(lambda match: SPELLINGS[match.group(0)], folded)


def latin_words(normalized: str) -> list[str]:
    """The Latin-script words and numbers of a normalized text, in order (stopwords kept)."""
    return LATIN_WORD.findall(normalized)


def cjk_runs(normalized: str) -> list[str]:
    """Maximal runs of Chinese characters."""
    return CJK_RUN.findall(normalized)


@cache
def _stemmer():  # type: ignore[no-untyped-def]
    import snowballstemmer  # imported on first use: only search needs it (on PyStemmer, its C backend)

    return snowballstemmer.stemmer("english")


STEMS_KEPT = 8_192  # the index's ~1,500 words and what users type most; users' other words are not kept forever

# Porter stems that name the same thing as another stem ("application" → "appli" like "apply").
DERIVATIONS: dict[str, str] = {
    "applic": "appli", "applicant": "appli", "extens": "extend", "payment": "pay", "verif": "verifi",
    "registr": "regist", "expiri": "expir", "submiss": "submit", "photograph": "photo", "qualif": "qualifi",
    "certifi": "certif", "convers": "convert", "decis": "decid",
}


@lru_cache(maxsize=STEMS_KEPT)
def stem(word: str) -> str:
    """The Snowball (Porter2) stem of one lower-case English word, with derived forms folded together
    (:data:`DERIVATIONS`); numbers are kept as they are."""
    if not word.isalpha():
        return word
    stemmed = str(_stemmer().stemWord(word))
    return DERIVATIONS.get(stemmed, stemmed)


def is_stopword(word: str) -> bool:
    return word in ENGLISH_STOPWORDS


def chinese_grams(run: str) -> tuple[list[str], list[str], list[str]]:
    """(bigrams, glue bigrams, unigrams) of one run of Chinese characters. A glue bigram has one stop
    character ("卡嗎"): it says less than a bigram of two content characters. Grams made only of stop
    characters are left out."""
    bigrams: list[str] = []
    glue: list[str] = []
    for i in range(len(run) - 1):
        stops = (run[i] in CHINESE_STOP_CHARS) + (run[i + 1] in CHINESE_STOP_CHARS)
        if stops == 0:
            bigrams.append(run[i:i + 2])
        elif stops == 1:
            glue.append(run[i:i + 2])
    unigrams = [ch for ch in run if ch not in CHINESE_STOP_CHARS]
    return bigrams, glue, unigrams
