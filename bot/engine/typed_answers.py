"""Answers a person would type instead of pressing a button: yes/no words in both languages, "nothing to
declare" words at optional questions, and Back/Skip typed without the emoji.

    yes_no_index(question, "不是")   # the index of the question's "No" choice (or None); "n/a" → its 無 choice
    means_nothing("n/a")             # True: an optional question is left empty
    navigation("skip")               # Navigation.SKIP
"""

from __future__ import annotations

from enum import StrEnum

from bot.engine.flow import Question
from bot.forms.chinese import to_traditional
from bot.forms.choices import NO_WORDS, YES_WORDS  # the yes_no rule's words: one list

_TRIM = " \t\r\n.!！。~～…"
NOTHING_WORDS = frozenset({"none", "no", "n", "n/a", "na", "nil", "nothing", "not applicable", "-", "—", "–", "--",
                           "無", "沒有", "不適用", "無此項", "沒", "否", "不是"})


class Navigation(StrEnum):
    BACK = "back"
    SKIP = "skip"


NAVIGATION_WORDS = {
    Navigation.BACK: frozenset({"back", "go back", "previous", "⬅", "⬅ back", "上一題", "上一步", "返回", "回上一題"}),
    Navigation.SKIP: frozenset({"skip", "skip it", "skip this", "跳過", "略過"}),
}


def normal(raw: str) -> str:
    """``raw`` as the word lists hold it: trimmed, casefolded, and Simplified characters read as Traditional
    (略过 is 略過, 没有 is 沒有)."""
    return " ".join(to_traditional(raw.strip(_TRIM)).casefold().split())


def yes_no_index(question: Question, raw: str) -> int | None:
    """The index of the question's choice that ``raw`` means: its yes or no (a True/False value, a "yes"/"no"
    value, or the platform's 是/否), or its "nothing" option (the platform's 無) for 無/none/n/a/—."""
    word = normal(raw)
    wanted: bool | None = True if word in YES_WORDS else False if word in NO_WORDS else None
    if wanted is not None:
        for index, choice in enumerate(question.choices):
            if (choice.value is wanted or choice.value == ("yes" if wanted else "no")
                    or (choice.platform_label or "") == ("是" if wanted else "否")):
                return index
    if means_nothing(raw):
        return next((index for index, choice in enumerate(question.choices) if choice.platform_label == "無"), None)
    return None


def means_nothing(raw: str) -> bool:
    """Whether ``raw`` says "nothing to declare" (none, n/a, 無, —)."""
    return normal(raw) in NOTHING_WORDS or raw.strip() in {"-", "—", "–", "--"}


def navigation(raw: str) -> Navigation | None:
    word = normal(raw)
    return next((kind for kind, words in NAVIGATION_WORDS.items() if word in words), None)
