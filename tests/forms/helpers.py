"""Helpers for the forms tests: a fixed date, contexts, and checks that a message is translated."""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import date
from typing import Any

from bot.forms.result import Accepted, Rejected, RuleContext, RuleResult
from bot.i18n import Msg, render, translations
from bot.i18n_catalogs import simplified_characters

TODAY = date(2026, 11, 21)
PLACEHOLDERS_ONLY = re.compile(r"^(\s|\{\w*\}|[()（）:：;；,，.。/\-×÷=≥<])*$")


def ctx(locale: str = "en", today: date = TODAY, **answers: Any) -> RuleContext:
    return RuleContext(today=today, answers=answers, locale=locale)


def accepted(result: RuleResult) -> Accepted:
    assert isinstance(result, Accepted), f"expected Accepted, got {result!r}"
    return result


def rejected(result: RuleResult) -> Rejected:
    assert isinstance(result, Rejected), f"expected Rejected, got {result!r}"
    return result


def messages_in(message: Msg) -> Iterator[Msg]:
    """``message`` and every Msg nested in its parameters."""
    yield message
    for value in message.params.values():
        if isinstance(value, Msg):
            yield from messages_in(value)


def untranslated(message: Msg) -> list[str]:
    """msgids (of ``message`` and its nested messages) that have no real zh_TW translation, or whose
    translation has Simplified characters."""
    catalog = translations("zh_TW")
    bad: list[str] = []
    for item in messages_in(message):
        if item.msgid == "{text}":  # verbatim(): shown as it is in every locale
            continue
        template = (catalog.ngettext(item.msgid, item.plural, item.count or 0) if item.plural
                    else catalog.gettext(item.msgid))
        if template == item.msgid and not PLACEHOLDERS_ONLY.match(item.msgid):
            bad.append(item.msgid)
        elif simplified_characters(template):
            bad.append(f"{item.msgid} (Simplified: {''.join(simplified_characters(template))})")
    return bad


def both(message: Msg) -> tuple[str, str]:
    """The message in English and in Traditional Chinese, checking it is really translated."""
    assert untranslated(message) == [], untranslated(message)
    english, chinese = render(message, "en"), render(message, "zh_TW")
    assert chinese != english
    return english, chinese
