"""The compact CLDR/ISO tables (bot/data/country_names.json, bot/data/locale_formats.json) say what Babel and
pycountry say: the shipped files are what tools/build_locale_tables.py makes from the installed packages, and
the countries, dates and numbers built on them equal those built on Babel and pycountry directly."""

from __future__ import annotations

import subprocess
import sys
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path

import pycountry
import pytest
from babel import Locale
from babel.dates import format_date
from babel.numbers import format_decimal, get_currency_name

from bot.forms import countries as countries_module
from bot.forms.countries import EXTRA_CODES, NAMES_PATH, countries, resolve
from bot.forms.dates import _month_names
from bot.forms.facts import country_facts
from bot.forms.localized import FORMATS_PATH, currency_name, long_date, number

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "tools"))

from build_locale_tables import country_table, dump, formats_table  # noqa: E402


def test_the_shipped_tables_are_what_the_script_makes_from_babel_and_pycountry() -> None:
    assert NAMES_PATH.read_text(encoding="utf-8") == dump(country_table())
    assert FORMATS_PATH.read_text(encoding="utf-8") == dump(formats_table())


def test_countries_are_babel_and_pycountry_names_with_the_overrides() -> None:
    english, chinese = Locale.parse("en").territories, Locale.parse("zh_Hant_TW").territories
    overrides = {entry.code: entry for entry in country_facts().display}
    codes = sorted({c.alpha_2 for c in pycountry.countries} | set(EXTRA_CODES))
    assert list(countries()) == codes
    for code in codes:
        item = countries()[code]
        if code in overrides:
            assert (item.en, item.zh) == (overrides[code].en, overrides[code].zh)
            continue
        iso = pycountry.countries.get(alpha_2=code)
        en = english.get(code) or (getattr(iso, "common_name", None) or iso.name if iso else code)
        assert (item.en, item.zh) == (en, chinese.get(code) or en), code


def test_the_index_is_the_one_built_on_babel_and_pycountry() -> None:
    expected = countries_module._Index()
    locales = [Locale.parse(name).territories for name in ("en", "zh_Hant_TW", "zh_Hant_HK", "zh_Hans")]
    for code, item in countries().items():
        expected.add(item.en, code)
        expected.add(item.zh, code)
        for names in locales:
            expected.add(names.get(code), code)
        iso = pycountry.countries.get(alpha_2=code)
        if iso is not None:
            for attribute in ("name", "official_name", "common_name"):
                expected.add(getattr(iso, attribute, None), code)
    index = countries_module._index()
    shared = len(expected.keys)  # the aliases of countries.json follow
    assert (index.keys[:shared], index.key_codes[:shared]) == (expected.keys, expected.key_codes)
    assert all(index.exact[key] >= codes for key, codes in expected.exact.items())


def test_alpha_3_codes_resolve_like_pycountry() -> None:
    assert countries_module._alpha_3() == {iso.alpha_3: iso.alpha_2 for iso in pycountry.countries}
    assert resolve("DEU").code == "DE" and resolve("TWN").code == "TW" and resolve("XKX").code is None


def _days() -> list[date]:
    every_day = [date(2024, 1, 1) + timedelta(days=n) for n in range(731)]  # a leap year and the next
    firsts = [date(year, month, 1) for year in range(1900, 2101, 7) for month in range(1, 13)]
    return every_day + firsts + [date(1, 1, 1), date(999, 12, 31), date(9999, 12, 31)]


@pytest.mark.parametrize(("locale", "cldr"), [("en", "en"), ("zh_TW", "zh_Hant_TW"), ("fr", "en")])
def test_long_dates_are_babels_full_dates(locale: str, cldr: str) -> None:
    babel = Locale.parse(cldr)
    assert [long_date(day, locale) for day in _days()] == [format_date(day, "full", locale=babel) for day in _days()]
    assert long_date(date(2024, 7, 30), "zh_TW") == "2024年7月30日 星期二"


NUMBERS = [0, 1, -1, 7, 999, 1000, -1000, 12345, 187500, 1234567, 10**15, -(10**15), *map(Decimal, (
    "0.5", "0.005", "0.015", "0.025", "2.675", "-2.675", "166666.666666", "166666.67", "1234.5", "1234.50",
    "1234.00", "-0.001", "-0.004", "0.001", "0.1", "0.10", "1E+3", "1.2E+7", "12345678901234.995", "-0",
    "99999.995", "-99999.995", "0.0000001"))]


@pytest.mark.parametrize(("locale", "cldr"), [("en", "en"), ("zh_TW", "zh_Hant_TW")])
def test_numbers_are_babels_format_decimal(locale: str, cldr: str) -> None:
    babel = Locale.parse(cldr)
    assert [number(value, locale) for value in NUMBERS] == [format_decimal(value, format="#,##0.##", locale=babel)
                                                             for value in NUMBERS]


@pytest.mark.parametrize(("locale", "cldr"), [("en", "en"), ("zh_TW", "zh_Hant_TW"), ("fr", "en")])
def test_currency_names_are_babels_for_every_iso_4217_currency(locale: str, cldr: str) -> None:
    babel = Locale.parse(cldr)
    for currency in pycountry.currencies:
        assert currency_name(currency.alpha_3, locale) == get_currency_name(currency.alpha_3, locale=babel)
    assert currency_name("XYZ", locale) is None and pycountry.currencies.get(alpha_3="XYZ") is None
    assert currency_name("TWD", "zh_TW") == "新台幣"


def test_typed_month_names_are_cldrs_english_ones() -> None:
    english = Locale.parse("en").months["format"]
    expected = {"sept": 9} | {name.lower().rstrip("."): month for width in ("wide", "abbreviated")
                              for month, name in english[width].items()}
    assert _month_names() == expected


def test_countries_dates_numbers_and_currencies_load_no_babel_data_nor_pycountry() -> None:
    code = ("import sys, datetime; from bot.forms.countries import resolve, country_name;"
            "from bot.forms.localized import long_date, number; from bot.forms.dates import _month_names;"
            "resolve('德国'); resolve('Germny'); resolve('DEU'); country_name('DE', 'zh_TW');"
            "long_date(datetime.date(2024, 7, 30), 'zh_TW'); number(1234, 'en'); _month_names();"
            "from bot.forms.salary import currency_rule; from bot.forms.result import RuleContext;"
            "d = datetime.date(2026, 1, 1); currency_rule('歐元', RuleContext(d, locale='zh_TW'));"
            "currency_rule('usd', RuleContext(d));"
            "import babel.localedata as data; print(sorted(data._cache), 'pycountry' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=ROOT)
    assert out.stdout.strip() == "[] False"
