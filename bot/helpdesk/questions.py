"""Typed text that reads as a question, and the redacted form of an unanswered one kept for /stats.

``looks_like_question`` is only one half of the interception rule (bot/helpdesk/answers.py): during a
question of a flow, text is answered from the FAQ only when it also is *not* an answer the current
question's rule accepts.

``redact`` decides what of an unanswered question may be kept. Nothing at all when it holds a digit, an
``@``, or a link (passport and phone numbers, dates, e-mail addresses, handles); otherwise the words
are kept only when they are ordinary: English words typed in lower case or known to the knowledge
base, Chinese characters that form a bigram of the knowledge base (or are common particles). Anything
else (a capitalised name, a Chinese name) becomes "…". The result is cut to 80 characters.
"""

from __future__ import annotations

import re
from functools import cache

from bot.faq.store import default_knowledge_base
from bot.faq.text import CHINESE_STOP_CHARS, CJK_CHAR, ENGLISH_STOPWORDS

QUESTION_MARKS = ("?", "？")
_ENGLISH_STARTS_TEXT = """
what whats what's how when where why who whom whose which can could do does did is are am was were will would
should shall may might must have has any anyone pls please
"""
ENGLISH_STARTS = frozenset(_ENGLISH_STARTS_TEXT.split())
# Chinese question words and sentence-final particles ("…嗎", "…呢"), matched anywhere in the text
CHINESE_MARKERS = ("什麼", "甚麼", "怎麼", "怎樣", "如何", "為什麼", "為何", "哪裡", "哪裏", "哪個", "哪些", "哪一",
                   "多久", "多少", "幾天", "幾個", "幾次", "幾年", "幾月", "可不可以", "能不能", "是不是", "有沒有",
                   "要不要", "會不會", "需不需要", "請問", "可以嗎", "是否")
CHINESE_ENDINGS = ("嗎", "吗", "呢", "麼")
TRAILING = " \t\r\n.!！。~～…"
# everyday words of a question, kept in a redacted one beside the knowledge base's own vocabulary
COMMON_CHINESE = ("我想", "想問", "一下", "可以", "請問", "需要", "還是", "如果", "因為", "所以", "已經", "現在",
                  "怎麼", "什麼", "為什麼", "多久", "時候", "自己", "沒有", "不能", "不會", "知道", "應該", "謝謝")
MAX_KEPT = 80

_WORD = re.compile(r"[A-Za-z][A-Za-z'’-]*")
_UNSAFE = re.compile(r"\d|@|https?://|www\.|\.com\b|\.tw\b", re.IGNORECASE)
_CJK_TEXT = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]+")


def looks_like_question(text: str) -> bool:
    """Ends with a question mark, starts with an English question word, or carries a Chinese question word
    or a sentence-final question particle; and says something ("hello?", "ok?" and "嗎？" do not)."""
    stripped = text.strip()
    if not stripped or not _has_content(stripped):
        return False
    if stripped.rstrip(TRAILING).endswith(QUESTION_MARKS) or stripped.endswith(QUESTION_MARKS):
        return True
    words = stripped.lower().split()
    if words and words[0].strip(",") in ENGLISH_STARTS and len(words) >= 3:
        return True
    if any(marker in stripped for marker in CHINESE_MARKERS):
        return True
    return stripped.rstrip(TRAILING).endswith(CHINESE_ENDINGS) and bool(CJK_CHAR.search(stripped))


def _has_content(text: str) -> bool:
    """A word that is no stopword, or a Chinese character that is no particle."""
    if any(word.lower() not in ENGLISH_STOPWORDS for word in _WORD.findall(text)):
        return True
    return any(char not in CHINESE_STOP_CHARS for char in CJK_CHAR.findall(text))


@cache
def _vocabulary() -> tuple[frozenset[str], frozenset[str]]:
    """English words (lower case) and Chinese bigrams of the knowledge base, both languages."""
    words: set[str] = set()
    bigrams: set[str] = set()
    for entry in default_knowledge_base():
        texts = (entry.question_en, entry.answer_en, *entry.alternatives_en, *entry.tags,
                 entry.question_zh, entry.answer_zh, *entry.alternatives_zh)
        for text in texts:
            words.update(word.lower() for word in _WORD.findall(text))
            for run in _CJK_TEXT.findall(text):
                bigrams.update(run[i:i + 2] for i in range(len(run) - 1))
    for phrase in (*COMMON_CHINESE, *CHINESE_MARKERS):
        bigrams.update(phrase[i:i + 2] for i in range(len(phrase) - 1))
    return frozenset(words), frozenset(bigrams)


def redact(text: str) -> str | None:
    """What may be kept of an unanswered question (see the module docstring), or None: nothing."""
    cleaned = " ".join(text.split())
    if not cleaned or _UNSAFE.search(cleaned):
        return None
    words, bigrams = _vocabulary()

    def english(match: re.Match[str]) -> str:
        word = match.group(0)
        return word if word.islower() or word.lower() in words else "…"

    def chinese(match: re.Match[str]) -> str:
        run = match.group(0)
        keep = [char in CHINESE_STOP_CHARS for char in run]
        for i in range(len(run) - 1):
            if run[i:i + 2] in bigrams:
                keep[i] = keep[i + 1] = True
        return "".join(char if kept else "…" for char, kept in zip(run, keep, strict=True))

    masked = _CJK_TEXT.sub(chinese, _WORD.sub(english, cleaned))
    masked = re.sub(r"…(?:\s*…)+", "…", masked).strip()
    if not masked.strip("… ?？"):
        return None
    return masked if len(masked) <= MAX_KEPT else masked[:MAX_KEPT - 1].rstrip() + "…"
