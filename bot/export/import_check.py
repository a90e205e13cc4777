"""An imported draft (draft.json in the chat, ``goldcard-bot import``) passes the same field rules as typed
answers: a value its field's rule refuses (or that is longer than any answer, or holds control characters)
is left out, and the refused fields are listed, to be answered again in the dialog."""

from __future__ import annotations

import unicodedata
from datetime import date
from typing import Any

from pydantic import ValidationError

from bot.forms.draft import ApplicationDraft
from bot.forms.sections import SECTIONS
from bot.i18n import Msg, _, is_chinese

MAX_VALUE = 1000  # characters: longer than any field of the form


def _unsafe(value: Any) -> bool:
    if isinstance(value, str):
        return len(value) > MAX_VALUE or any(unicodedata.category(ch) == "Cc" for ch in value)
    if isinstance(value, list | tuple):
        return any(_unsafe(item) for item in value)
    if isinstance(value, dict):
        return any(_unsafe(item) for item in value.values())
    return False


def screen(draft: ApplicationDraft, today: date) -> tuple[ApplicationDraft, list[tuple[str, str]]]:
    """The draft without the refused values; the refused fields as ``(section, key)``."""
    refused: list[tuple[str, str]] = []
    for item in SECTIONS:
        for key, value in draft.section_values(item.key).items():
            if _unsafe(value):
                refused.append((item.key, key))
    draft = _without(draft, refused)
    for problem in draft.problems(today):
        if problem.kind == "invalid" and (problem.section, problem.key) not in refused:
            refused.append((problem.section, problem.key))
            draft = _without(draft, [(problem.section, problem.key)])
    return draft, refused


def _without(draft: ApplicationDraft, fields: list[tuple[str, str]]) -> ApplicationDraft:
    for section_key, key in fields:
        try:
            draft = draft.with_answer(section_key, key, None)
        except (ValidationError, KeyError, ValueError):  # a field that cannot be empty: the section goes
            draft = draft.model_copy(update={section_key: None})
    return draft


def refused_labels(refused: list[tuple[str, str]], locale: str) -> list[str]:
    """The refused fields named as the platform and the bot name them."""
    from bot.forms.sections import section
    from bot.i18n import render

    labels = []
    for section_key, key in refused:
        try:
            spec = section(section_key).field(key).spec
            labels.append(f"{render(spec.en, locale)} ({spec.zh})" if not is_chinese(locale) else spec.zh)
        except (KeyError, ValueError, StopIteration):
            labels.append(f"{section_key}.{key}")
    return labels


def refused_note(refused: list[tuple[str, str]], locale: str) -> Msg:
    return _("Not imported, because the form's rules refuse these values (I will ask for them again): {fields}.",
             fields="; ".join(refused_labels(refused, locale)))
