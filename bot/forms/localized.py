"""Locale data for values shown back to the user: long dates, numbers, bilingual data labels.

The bot's locales are ``en`` and ``zh_TW`` (see :mod:`bot.i18n`); Babel's CLDR data gives the
matching date and number formats (``zh_Hant_TW``: 2024年7月30日 星期二).
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from functools import cache

from babel import Locale
from babel.dates import format_date
from babel.numbers import format_decimal

from bot.i18n import DEFAULT_LOCALE, is_chinese


@cache
def babel_locale(locale: str) -> Locale:
    """The Babel locale for one of the bot's locales (anything unknown falls back to English)."""
    return Locale.parse("zh_Hant_TW") if is_chinese(locale) else Locale.parse(DEFAULT_LOCALE)


def long_date(value: date, locale: str) -> str:
    """``Tuesday, July 30, 2024`` / ``2024年7月30日 星期二``."""
    return format_date(value, "full", locale=babel_locale(locale))


def number(value: Decimal | int, locale: str = DEFAULT_LOCALE) -> str:
    """A grouped number with at most two decimals: ``187,500`` or ``166,666.67``."""
    return format_decimal(value, format="#,##0.##", locale=babel_locale(locale))


def pick(zh: str, en: str, locale: str) -> str:
    """One of a data entry's two labels, in the user's language."""
    return zh if is_chinese(locale) else en
