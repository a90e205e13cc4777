"""The flows' own data files, validated once: what each change of card data involves
(``bot/data/data_change_items.json``) and the bilingual building blocks of the reply to the reviewer
(``bot/data/supplement_replies.json``). Each entry carries its source and, where it matters, its
confidence (OFFICIAL, SECONDARY, UNCONFIRMED), like every other fact file (:mod:`bot.forms.facts`).
"""

from __future__ import annotations

import json
from datetime import date
from functools import cache

from pydantic import BaseModel, ConfigDict, Field

from bot.forms.facts import DATA_DIR, Confidence


class _Fact(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class Document(_Fact):
    """A document to upload for a change, in the platform's words and in English."""

    zh: str
    en: str
    confidence: Confidence
    source: str = Field(min_length=3)


class ChangeItem(_Fact):
    """One of the seven changeable items of seed 002 (email and mobile number share one)."""

    key: str
    zh: str
    en: str
    tab: str  # the platform tab where the new value is typed ("" when the start page is enough)
    boxes: tuple[str, ...]  # boxes to tick on the start page (就業金卡資料異動申請 - 新增)
    documents: tuple[Document, ...]
    confidence: Confidence
    source: str = Field(min_length=3)


class _ChangeFile(_Fact):
    about: str
    verified: date
    items: tuple[ChangeItem, ...]

    def item(self, key: str) -> ChangeItem:
        return next(item for item in self.items if item.key == key)


class Phrase(_Fact):
    """A sentence of the reply: the Chinese that is typed, and its English meaning."""

    zh: str
    en: str
    source: str | None = None


class ReplyItem(Phrase):
    """Something the applicant provides, with the sentence that says so."""

    key: str
    label_zh: str
    label_en: str
    source: str = Field(min_length=3)


class _RepliesFile(_Fact):
    about: str
    verified: date
    greeting: Phrase
    intro: Phrase
    items: tuple[ReplyItem, ...]
    abroad: Phrase
    closing: Phrase

    def item(self, key: str) -> ReplyItem | None:
        return next((item for item in self.items if item.key == key), None)


@cache
def change_items() -> _ChangeFile:
    return _ChangeFile.model_validate(json.loads((DATA_DIR / "data_change_items.json").read_text("utf-8")))


@cache
def reply_phrases() -> _RepliesFile:
    return _RepliesFile.model_validate(json.loads((DATA_DIR / "supplement_replies.json").read_text("utf-8")))
