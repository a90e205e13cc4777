"""Builds the two compact CLDR/ISO tables the bot ships instead of loading Babel's and pycountry's data:

* ``bot/data/country_names.json``: every ISO 3166-1 country (pycountry) and Kosovo (XK), with its CLDR
  territory names in English, Traditional Chinese (Taiwan, Hong Kong), Simplified Chinese, its ISO names and
  its alpha-3 code: what :mod:`bot.forms.countries` shows and matches typed names against;
* ``bot/data/locale_formats.json``: for ``en`` and ``zh_TW``, CLDR's full date pattern with the month and
  weekday names it uses, the English month names a typed date may contain, the number symbols and the names
  of every ISO 4217 currency (pycountry): what :mod:`bot.forms.localized`, :mod:`bot.forms.dates` and
  :mod:`bot.forms.salary` format and read.

Babel's locale data costs the process about 7 MiB once a conversation formats a date or matches a country
(each locale's whole CLDR file is unpickled, with its parents); these tables hold the few hundred strings the
bot uses. Run again whenever Babel or pycountry is upgraded (``tests/forms/test_locale_tables.py`` checks
that the shipped tables are what this script makes from the installed packages)::

    .venv/bin/python tools/build_locale_tables.py
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bot.forms.countries import COUNTRY_LOCALES, EXTRA_CODES, ISO_NAME_ATTRIBUTES, NAMES_PATH  # noqa: E402
from bot.forms.localized import BABEL_LOCALES, DATE_FIELDS, FORMATS_PATH  # noqa: E402

MADE_BY = "made by tools/build_locale_tables.py from the installed Babel (CLDR) and pycountry; do not edit"


def country_table() -> dict[str, Any]:
    """Code → [alpha-3 or null, the CLDR names in COUNTRY_LOCALES' order, the ISO names], null where none."""
    import pycountry
    from babel import Locale

    territories = [Locale.parse(name).territories for name in COUNTRY_LOCALES]
    codes = sorted({c.alpha_2 for c in pycountry.countries} | set(EXTRA_CODES))
    table: dict[str, list[str | None]] = {}
    for code in codes:
        iso = pycountry.countries.get(alpha_2=code)
        table[code] = [getattr(iso, "alpha_3", None), *(names.get(code) for names in territories),
                       *(getattr(iso, attribute, None) for attribute in ISO_NAME_ATTRIBUTES)]
    return {"about": MADE_BY, "columns": ["alpha_3", *COUNTRY_LOCALES, *ISO_NAME_ATTRIBUTES], "countries": table}


def _date_pattern(locale: Any) -> str:
    """CLDR's full date pattern as a %-format over DATE_FIELDS (an error for any other field)."""
    from babel.dates import parse_pattern

    pattern = parse_pattern(locale.date_formats["full"].pattern)
    fields = {letter * width for letter, width in _fields(locale.date_formats["full"].pattern)}
    if not fields <= set(DATE_FIELDS):
        raise SystemExit(f"{locale}: the full date pattern uses {sorted(fields - set(DATE_FIELDS))}, which "
                         "bot.forms.localized does not format; teach it those fields first")
    return str(pattern.format)


def _fields(pattern: str) -> list[tuple[str, int]]:
    from babel.dates import tokenize_pattern

    return [value for kind, value in tokenize_pattern(pattern) if kind == "field"]


def formats_table() -> dict[str, Any]:
    import pycountry
    from babel import Locale
    from babel.numbers import get_currency_name, get_decimal_symbol, get_group_symbol

    currencies = sorted(currency.alpha_3 for currency in pycountry.currencies)
    result: dict[str, Any] = {"about": MADE_BY}
    for bot_locale, name in BABEL_LOCALES.items():
        locale = Locale.parse(name)
        result[bot_locale] = {
            "babel_locale": name,
            "full_date": _date_pattern(locale),
            "months": [locale.months["format"]["wide"][month] for month in range(1, 13)],
            "months_abbreviated": [locale.months["format"]["abbreviated"][month] for month in range(1, 13)],
            "weekdays": [locale.days["format"]["wide"][day] for day in range(7)],  # Monday first, as date.weekday()
            "decimal": get_decimal_symbol(locale),
            "group": get_group_symbol(locale),
            "currencies": {code: get_currency_name(code, locale=locale) for code in currencies},  # ISO 4217
        }
    return result


def dump(table: dict[str, Any]) -> str:
    """One country or locale a line: small diffs when CLDR changes."""
    lines = ["{"]
    items = list(table.items())
    for position, (key, value) in enumerate(items):
        comma = "," if position < len(items) - 1 else ""
        if isinstance(value, dict) and key == "countries":
            rows = [f"    {json.dumps(code)}: {json.dumps(row, ensure_ascii=False)}" for code, row in value.items()]
            lines.append(f"  {json.dumps(key)}: {{\n" + ",\n".join(rows) + f"\n  }}{comma}")
        else:
            lines.append(f"  {json.dumps(key)}: {json.dumps(value, ensure_ascii=False)}{comma}")
    lines.append("}")
    return "\n".join(lines) + "\n"


def main() -> int:
    for path, table in ((NAMES_PATH, country_table()), (FORMATS_PATH, formats_table())):
        text = dump(table)
        path.write_text(text, encoding="utf-8")
        print(f"{path.relative_to(ROOT)}: {len(text.encode())} bytes")
    return 0


if __name__ == "__main__":
    sys.exit(main())
