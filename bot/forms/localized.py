"""Locale data for values shown back to the user: long dates, numbers, bilingual data labels.

The bot's locales are ``en`` and ``zh_TW`` (see :mod:`bot.i18n`); CLDR gives the matching date and number
formats (``zh_Hant_TW``: 2024年7月30日 星期二). They come from ``bot/data/locale_formats.json``, the few
strings of Babel's CLDR data the bot uses (made by ``tools/build_locale_tables.py``, proven equal to Babel's
``format_date`` and ``format_decimal`` by tests/forms/test_locale_tables.py): loading Babel's locale data
would cost the process about 6 MiB.
"""

from __future__ import annotations

import json
from datetime import date
from decimal import Decimal
from functools import cache
from pathlib import Path
from typing import Any

from bot.i18n import DEFAULT_LOCALE, is_chinese

FORMATS_PATH = Path(__file__).resolve().parent.parent / "data" / "locale_formats.json"
BABEL_LOCALES = {"en": "en", "zh_TW": "zh_Hant_TW"}  # the bot's locale → the CLDR locale of its formats
DATE_FIELDS = ("EEEE", "MMMM", "M", "d", "y")  # the date fields the table's patterns may use
_HUNDREDTH = Decimal("0.01")


@cache
def _table() -> dict[str, Any]:
    table: dict[str, Any] = json.loads(FORMATS_PATH.read_text(encoding="utf-8"))
    return table


def _formats(locale: str) -> dict[str, Any]:
    """The table's entry for one of the bot's locales (anything unknown falls back to English)."""
    entry: dict[str, Any] = _table()["zh_TW" if is_chinese(locale) else DEFAULT_LOCALE]
    return entry


def currency_name(code: str, locale: str) -> str | None:
    """CLDR's name of an ISO 4217 currency (pycountry's list, upper-case code) in the user's language, as Babel's
    ``get_currency_name`` gives it; None when there is no such currency."""
    name: str | None = _formats(locale)["currencies"].get(code)
    return name


def long_date(value: date, locale: str) -> str:
    """``Tuesday, July 30, 2024`` / ``2024年7月30日 星期二`` (CLDR's full date format)."""
    formats = _formats(locale)
    return str(formats["full_date"] % {"EEEE": formats["weekdays"][value.weekday()],
                                       "MMMM": formats["months"][value.month - 1],
                                       "M": value.month, "d": value.day, "y": value.year})


def number(value: Decimal | int, locale: str = DEFAULT_LOCALE) -> str:
    """A grouped number with at most two decimals: ``187,500`` or ``166,666.67`` (CLDR's ``#,##0.##`` as
    Babel's ``format_decimal`` applies it: halves rounded to even, the sign kept on ``-0``)."""
    formats = _formats(locale)
    exact = value if isinstance(value, Decimal) else Decimal(str(value))
    rounded = abs(exact).normalize().quantize(_HUNDREDTH)
    whole, _, fraction = f"{rounded:f}".partition(".")
    groups: list[str] = []
    while len(whole) > 3:
        whole, groups = whole[:-3], [whole[-3:], *groups]
    text = formats["group"].join([whole, *groups])
    fraction = fraction.rstrip("0")
    if fraction:
        text += formats["decimal"] + fraction
    return f"-{text}" if exact.is_signed() else text


def english_month_names() -> tuple[list[str], list[str]]:
    """CLDR's English month names, wide and abbreviated (January … December, Jan … Dec)."""
    formats = _formats(DEFAULT_LOCALE)
    return list(formats["months"]), list(formats["months_abbreviated"])


def pick(zh: str, en: str, locale: str) -> str:
    """One of a data entry's two labels, in the user's language."""
    return zh if is_chinese(locale) else en
