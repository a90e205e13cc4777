"""Loading the knowledge base from ``bot/data/faq/*.json``, once per process.

Each file holds one topic: ``{"topic": ..., "about": ..., "entries": [...]}``. Files are read in
name order and entries keep their order inside a file, so listings are stable.
"""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ConfigDict

from bot.faq.models import FaqEntry, KnowledgeBase

DATA_DIR = Path(__file__).resolve().parent.parent / "data" / "faq"


class _TopicFile(BaseModel):
    model_config = ConfigDict(extra="forbid")

    topic: str
    about: str = ""
    entries: list[dict[str, Any]]


def load_knowledge_base(folder: Path = DATA_DIR) -> KnowledgeBase:
    """Read and validate every topic file in ``folder``; raises ValueError naming the broken file."""
    entries: list[FaqEntry] = []
    paths = sorted(folder.glob("*.json"))
    if not paths:
        raise ValueError(f"no FAQ data files in {folder}")
    for path in paths:
        try:
            data = _TopicFile.model_validate(json.loads(path.read_text(encoding="utf-8")))
            entries.extend(FaqEntry.model_validate({**raw, "topic": data.topic}) for raw in data.entries)
        except ValueError as error:  # pydantic's ValidationError and json's JSONDecodeError are ValueErrors
            raise ValueError(f"{path.name}: {error}") from error
    return KnowledgeBase(tuple(entries))


@cache
def default_knowledge_base() -> KnowledgeBase:
    """The shipped knowledge base, loaded on first use and kept for the life of the process."""
    return load_knowledge_base()
