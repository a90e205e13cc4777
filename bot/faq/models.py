"""The FAQ knowledge base as typed data: entries, their sources, and the validated collection.

Entries live in ``bot/data/faq/*.json`` (one file per topic). Everything is checked on load: ids
are stable slugs, both languages are present, every entry cites at least one well-formed source,
``related`` ids exist. A broken data file fails loudly at start-up and in the tests, never mid-chat.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum
from urllib.parse import urlsplit

from pydantic import BaseModel, ConfigDict, Field, field_validator

from bot.i18n import Msg, is_chinese, localized

ID_PATTERN = r"^[a-z0-9]+(?:-[a-z0-9]+)*$"
TOPIC_PATTERN = r"^[a-z0-9]+(?:_[a-z0-9]+)*$"
MAX_ID_LENGTH = 40  # leaves room in Telegram's 64-byte callback data for a prefix and a token


class Confidence(StrEnum):
    """How sure the knowledge base is of an answer (the tags of research/domain.md)."""

    OFFICIAL = "OFFICIAL"  # stated by a government site or the Gold Card Office's own tutorials (seeds)
    SECONDARY = "SECONDARY"  # reputable secondary source: news, card holders' community site
    UNCONFIRMED = "UNCONFIRMED"  # not found in any source reached; the answer says so


class Source(BaseModel):
    """Where an answer comes from: a citation (``seed 001 STEP 9``, ``research/domain.md §5.5``) and a URL."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    ref: str = Field(min_length=1)
    url: str

    @field_validator("url")
    @classmethod
    def _well_formed(cls, value: str) -> str:
        parts = urlsplit(value)
        if parts.scheme not in ("http", "https") or "." not in parts.netloc or any(ch.isspace() for ch in value):
            raise ValueError(f"not a well-formed http(s) URL: {value!r}")
        return value


def _clean(value: str) -> str:
    text = value.strip()
    if not text:
        raise ValueError("must not be empty")
    return text


class FaqEntry(BaseModel):
    """One question with its answer in English and Traditional Chinese, sources and search phrasings."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    id: str = Field(pattern=ID_PATTERN, max_length=MAX_ID_LENGTH)
    topic: str = Field(pattern=TOPIC_PATTERN)
    tags: tuple[str, ...] = ()
    question_en: str
    question_zh: str
    answer_en: str
    answer_zh: str
    alternatives_en: tuple[str, ...] = ()
    alternatives_zh: tuple[str, ...] = ()
    sources: tuple[Source, ...] = Field(min_length=1)
    confidence: Confidence
    last_verified: date
    related: tuple[str, ...] = ()

    _clean_text = field_validator("question_en", "question_zh", "answer_en", "answer_zh")(_clean)

    @field_validator("tags", "alternatives_en", "alternatives_zh")
    @classmethod
    def _clean_items(cls, values: tuple[str, ...]) -> tuple[str, ...]:
        return tuple(_clean(value) for value in values)

    def question(self, locale: str) -> str:
        """The question in ``locale`` (zh_TW, else English)."""
        return self.question_zh if is_chinese(locale) else self.question_en

    def answer(self, locale: str) -> str:
        """The answer in ``locale`` (zh_TW, else English)."""
        return self.answer_zh if is_chinese(locale) else self.answer_en

    def question_msg(self) -> Msg:
        """The question as a message that follows the reader's locale."""
        return localized(self.question_en, self.question_zh)

    def answer_msg(self) -> Msg:
        """The answer as a message that follows the reader's locale."""
        return localized(self.answer_en, self.answer_zh)

    def urls(self) -> list[str]:
        """The distinct source URLs, in citation order."""
        return list(dict.fromkeys(source.url for source in self.sources))


@dataclass(frozen=True)
class KnowledgeBase:
    """All entries, in file order, with lookup by id. Build it with :func:`bot.faq.store.load_knowledge_base`."""

    entries: tuple[FaqEntry, ...]
    _by_id: Mapping[str, FaqEntry] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        by_id: dict[str, FaqEntry] = {}
        for entry in self.entries:
            if entry.id in by_id:
                raise ValueError(f"duplicate FAQ id {entry.id!r}")
            by_id[entry.id] = entry
        for entry in self.entries:
            for other in entry.related:
                if other not in by_id or other == entry.id:
                    raise ValueError(f"FAQ {entry.id!r}: related id {other!r} is unknown or itself")
        object.__setattr__(self, "_by_id", by_id)

    def __iter__(self) -> Iterator[FaqEntry]:
        return iter(self.entries)

    def __len__(self) -> int:
        return len(self.entries)

    def __contains__(self, entry_id: object) -> bool:
        return entry_id in self._by_id

    def get(self, entry_id: str) -> FaqEntry | None:
        """The entry with ``entry_id``, or None (e.g. for a button from an older data version)."""
        return self._by_id.get(entry_id)

    def topics(self) -> list[str]:
        """Topic names in file order."""
        return list(dict.fromkeys(entry.topic for entry in self.entries))
