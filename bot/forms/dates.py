"""Dates as people type them, stored as ISO dates and always echoed back as understood.

Accepted: 2024-07-30, 2024/7/30, 2024.07.30, 20240730, 2024年7月30日, 30 Jul 2024, July 30, 2024,
and day-first or month-first numbers (30.07.2024, 7/30/2024) only where they cannot be misread (one
number above 12, or day = month). Where the platform's form shows ROC years (Taiwan Jobs:
出生年月日 西元/民國, seed 004 Step 2) 民國113年7月30日, 113/07/30 and 1130730 work too; elsewhere the
platform's date boxes are Gregorian (出生日期(西元), 護照效期(西元): seeds 000-002), so an ROC year
is turned away with its Gregorian equivalent. No date format rule is documented by the platform
(research/domain.md §6.4): the ISO form is ours.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from functools import cache
from typing import Any

from bot.forms.facts import number
from bot.forms.localized import english_month_names, long_date
from bot.forms.result import Accepted, Rejected, RuleContext, RuleResult, Suggestion
from bot.forms.rules import FieldRule, field_rule
from bot.forms.text import prepare, snippet
from bot.i18n import Code, Msg, _, render, verbatim

ROC_OFFSET = 1911  # ROC year = Gregorian year − 1911 (seed 004 Step 2; platform.md §5)
MIN_YEAR = 1900
MAX_YEAR = 2200
EXAMPLE = Code("2024-07-30")


def add_months(day: date, months: int) -> date:
    """``day`` moved by whole calendar months, clamped to the month's last day (31 Aug + 6 → 28/29 Feb)."""
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    for candidate in (day.day, 30, 29, 28):
        try:
            return date(year, month + 1, min(day.day, candidate))
        except ValueError:
            continue
    raise ValueError("unreachable")  # pragma: no cover


@cache
def _month_names() -> dict[str, int]:
    names: dict[str, int] = {"sept": 9}
    for width in english_month_names():
        for month, name in enumerate(width, 1):
            names[name.lower().rstrip(".")] = month
    return names


@dataclass(frozen=True)
class _Reading:
    value: date | None = None
    problem: Msg | None = None
    suggestions: tuple[Suggestion, ...] = ()


def _make(year: int, month: int, day: int, text: str) -> _Reading:
    if not MIN_YEAR <= year <= MAX_YEAR:
        return _Reading(problem=_("The year {year} looks wrong. Please type the date as YYYY-MM-DD, "
                                  "for example {example}.", year=year, example=EXAMPLE))
    try:
        return _Reading(date(year, month, day))
    except ValueError:
        return _Reading(problem=_("{text} is not a date in the calendar: check the day and the month.",
                                  text=snippet(text)))


def _roc(year: int, month: int, day: int, text: str, allow_roc: bool) -> _Reading:
    gregorian = year + ROC_OFFSET
    reading = _make(gregorian, month, day, text)
    if reading.value is None or allow_roc:
        return reading
    iso = reading.value.isoformat()
    return _Reading(
        problem=_("That looks like an ROC (民國) year: {roc} is {year}. This box on the platform takes the "
                  "Western year (西元), so type {iso}.", roc=year, year=gregorian, iso=Code(iso)),
        suggestions=(Suggestion(iso, verbatim(iso)),),
    )


def _day_month(first: int, second: int, year: int, text: str) -> _Reading:
    """``first/second/year`` where either number may be the day."""
    if first == second or (first > 12 and second <= 12):
        return _make(year, second, first, text)
    if second > 12 and first <= 12:
        return _make(year, first, second, text)
    if first > 12 and second > 12:
        return _Reading(problem=_("{text} is not a date in the calendar: check the day and the month.",
                                  text=snippet(text)))
    one, other = _make(year, second, first, text).value, _make(year, first, second, text).value
    suggestions = tuple(Suggestion(d.isoformat(), verbatim(d.isoformat())) for d in (one, other) if d)
    return _Reading(
        problem=_("{text} can be read two ways ({first} or {second}). Please type the date as YYYY-MM-DD, "
                  "for example {example}.", text=snippet(text), first=one or "?", second=other or "?",
                  example=EXAMPLE),
        suggestions=suggestions,
    )


_CHINESE = re.compile(r"(民國|民国)?(\d{2,4})年(\d{1,2})月(\d{1,2})[日號号]?")
_NUMERIC = re.compile(r"(\d{1,4})[-/.](\d{1,2})[-/.](\d{1,4})")
_COMPACT = re.compile(r"\d{7,8}")
_DAY_FIRST_NAME = re.compile(r"(\d{1,2})(?:st|nd|rd|th)?-?([a-z]{3,9})\.?(?:/[a-z]+\.?)?-?,?(\d{4})")
_NAME_FIRST = re.compile(r"([a-z]{3,9})\.?(\d{1,2})(?:st|nd|rd|th)?,?(\d{4})")
_YEAR_FIRST_NAME = re.compile(r"(\d{4})-?([a-z]{3,9})\.?-?(\d{1,2})")


def _read(text: str, allow_roc: bool) -> _Reading:
    compact = re.sub(r"\s+", "", text.lower())
    compact = compact.rstrip(".")
    if match := _CHINESE.fullmatch(compact):
        prefix, year_s, month_s, day_s = match.groups()
        year, month, day = int(year_s), int(month_s), int(day_s)
        if prefix or len(year_s) < 4:
            return _roc(year, month, day, text, allow_roc)
        return _make(year, month, day, text)
    if compact.startswith(("民國", "民国")) and (match := _NUMERIC.fullmatch(compact[2:])):
        a, b, c = (int(g) for g in match.groups())
        return _roc(a, b, c, text, allow_roc)
    if match := _NUMERIC.fullmatch(compact):
        first, second, third = match.groups()
        a, b, c = int(first), int(second), int(third)
        if len(first) == 4:
            return _make(a, b, c, text)
        if len(third) == 4:
            return _day_month(a, b, c, text)
        if len(first) == 3 or (len(first) == 2 and a > 31 and len(third) <= 2):
            return _roc(a, b, c, text, allow_roc)
        return _Reading(problem=_("Please type the year with four digits, for example {example}.",
                                  example=EXAMPLE))
    if _COMPACT.fullmatch(compact):
        if len(compact) == 8:
            return _make(int(compact[:4]), int(compact[4:6]), int(compact[6:]), text)
        return _roc(int(compact[:3]), int(compact[3:5]), int(compact[5:]), text, allow_roc)
    months = _month_names()
    for pattern, order in ((_DAY_FIRST_NAME, "dmy"), (_NAME_FIRST, "mdy"), (_YEAR_FIRST_NAME, "ymd")):
        if match := pattern.fullmatch(compact):
            parts = dict(zip(order, match.groups(), strict=True))
            named = months.get(parts["m"])
            if named is not None:
                return _make(int(parts["y"]), named, int(parts["d"]), text)
    return _Reading(problem=_("I could not read {text} as a date. Please type it as YYYY-MM-DD, "
                              "for example {example}.", text=snippet(text), example=EXAMPLE))


def read_date(raw: str, *, allow_roc: bool = False) -> date | Rejected:
    """``raw`` as a date, or a rejection that says how to type it."""
    text = prepare(raw, 40)
    if isinstance(text, Rejected):
        return text
    reading = _read(text, allow_roc)
    if reading.value is not None:
        return reading.value
    assert reading.problem is not None
    return Rejected(reading.problem, suggestions=reading.suggestions)


def shown_date(value: date, locale: str, *, roc: bool = False) -> str:
    """How an understood date is echoed: ISO plus the long form, e.g. ``2024-07-30 (Tuesday, July 30, 2024)``."""
    if roc and value.year > ROC_OFFSET:
        message = _("{iso} ({long_date}; ROC year {roc_year})", iso=value.isoformat(),
                    long_date=long_date(value, locale), roc_year=value.year - ROC_OFFSET)
    else:
        message = _("{iso} ({long_date})", iso=value.isoformat(), long_date=long_date(value, locale))
    return render(message, locale)


def iso_answer(answers: Mapping[str, Any], key: str) -> date | None:
    """Another answer that holds an ISO date, or None when absent or not a date."""
    value = answers.get(key)
    if isinstance(value, date):
        return value
    if isinstance(value, str):
        try:
            return date.fromisoformat(value)
        except ValueError:
            return None
    return None


def _age(born: date, on: date) -> int:
    return on.year - born.year - ((on.month, on.day) < (born.month, born.day))


def _birth_date(raw: str, ctx: RuleContext, allow_roc: bool) -> RuleResult:
    value = read_date(raw, allow_roc=allow_roc)
    if isinstance(value, Rejected):
        return value
    if value >= ctx.today:
        return Rejected(_("A birth date must be in the past: {date} is not. Check the year.", date=value))
    age, youngest, oldest = _age(value, ctx.today), number("applicant_min_age"), number("applicant_max_age")
    if not youngest <= age <= oldest:
        return Rejected(_("{date} would make you {age} years old. Please check the year and type the date "
                          "as YYYY-MM-DD.", date=value, age=age))
    return Accepted(value.isoformat(), shown=shown_date(value, ctx.locale, roc=allow_roc))


@field_rule(
    summary=_("A full Gregorian date in the past; age between 16 and 100 (a check on typos)."),
    sources=("seed 001 STEP 14 (出生日期(西元年月日) must be known in full)", "seed 000 STEP 6"),
)
def birth_date(raw: str, ctx: RuleContext) -> RuleResult:
    """Date of birth on the Gold Card platform (Gregorian only)."""
    return _birth_date(raw, ctx, allow_roc=False)


@field_rule(
    summary=_("A full date in the past, Gregorian or ROC year (民國); age between 16 and 100."),
    sources=("seed 004 Step 2 (出生年月日: 西元 / 民國)",),
)
def birth_date_roc(raw: str, ctx: RuleContext) -> RuleResult:
    """Date of birth on Taiwan Jobs, whose form shows both Gregorian and ROC years."""
    return _birth_date(raw, ctx, allow_roc=True)


@field_rule(
    summary=_("Issue date: not in the future, before the expiry date and after the birth date."),
    sources=("seed 001 STEP 15",),
)
def passport_issue_date(raw: str, ctx: RuleContext) -> RuleResult:
    """護照發照日期: issued on or before today."""
    value = read_date(raw)
    if isinstance(value, Rejected):
        return value
    if value > ctx.today:
        return Rejected(_("An issue date cannot be in the future: {date} is after today ({today}). Check the "
                          "date on your passport's photo page.", date=value, today=ctx.today))
    expiry = iso_answer(ctx.answers, "passport_expiry_date")
    if expiry is not None and value >= expiry:
        return Rejected(_("The issue date {date} must be before the expiry date {expiry}. One of the two is "
                          "mistyped.", date=value, expiry=expiry))
    born = iso_answer(ctx.answers, "date_of_birth")
    if born is not None and value < born:
        return Rejected(_("The issue date {date} is before your birth date {born}. Check the year.",
                          date=value, born=born))
    return Accepted(value.isoformat(), shown=shown_date(value, ctx.locale))


@field_rule(
    summary=_("Expiry date: at least 6 months after the application date (today), after the issue date."),
    sources=("seed 001 STEP 15 (須具備尚餘6個月以上效期之護照)",
             "https://goldcard.nat.gov.tw/en/apply/step-2/new-applicant/"),
)
def passport_expiry_date(raw: str, ctx: RuleContext) -> RuleResult:
    """護照效期(西元): the passport needs 6 months or more of validity on the application date."""
    value = read_date(raw)
    if isinstance(value, Rejected):
        return value
    if value <= ctx.today:
        return Rejected(_("This passport expired on {date}. Renew it first, then enter the new passport's "
                          "details.", date=value))
    months = number("passport_min_validity_months")
    needed = add_months(ctx.today, months)
    if value < needed:
        return Rejected(_("Your passport expires on {date}, less than {months} months after today ({today}). "
                          "The platform needs a passport valid until at least {needed}: renew it first, then "
                          "enter the new passport.", date=value, months=months, today=ctx.today,
                          needed=needed))
    issued = iso_answer(ctx.answers, "passport_issue_date")
    if issued is not None and value <= issued:
        return Rejected(_("The expiry date {date} must be after the issue date {issued}. One of the two is "
                          "mistyped.", date=value, issued=issued))
    return Accepted(value.isoformat(), shown=shown_date(value, ctx.locale))


@field_rule(
    summary=_("A date that is not in the future."),
    sources=("seed 003 (the supplement notice arrives by email)",),
)
def past_date(raw: str, ctx: RuleContext) -> RuleResult:
    """A date on or before today (e.g. the day a notice arrived)."""
    value = read_date(raw)
    if isinstance(value, Rejected):
        return value
    if value > ctx.today:
        return Rejected(_("That date is in the future ({date}). Please check it.", date=value))
    return Accepted(value.isoformat(), shown=shown_date(value, ctx.locale))


_YEAR_MONTH = re.compile(r"(\d{4})[-/.年](\d{1,2})月?")
_MONTH_YEAR = re.compile(r"(\d{1,2})[-/.](\d{4})")
_MONTH_NAME_YEAR = re.compile(r"([a-z]{3,9})\.?,?(\d{4})")


def read_year_month(raw: str) -> tuple[int, int] | Rejected:
    """``2015-06``, ``2015/6``, ``06/2015``, ``June 2015`` or ``2015年6月`` as (year, month)."""
    text = prepare(raw, 30)
    if isinstance(text, Rejected):
        return text
    compact = re.sub(r"\s+", "", text.lower())
    year = month = 0
    if match := _YEAR_MONTH.fullmatch(compact):
        year, month = int(match[1]), int(match[2])
    elif match := _MONTH_YEAR.fullmatch(compact):
        month, year = int(match[1]), int(match[2])
    elif (match := _MONTH_NAME_YEAR.fullmatch(compact)) and match[1] in _month_names():
        month, year = _month_names()[match[1]], int(match[2])
    if not (1 <= month <= 12 and MIN_YEAR <= year <= MAX_YEAR):
        return Rejected(_("Please type a year and month as YYYY-MM, for example {example}.",
                          example=Code("2015-06")))
    return year, month


def year_month_rule(name: str, *, summary: Msg, sources: tuple[str, ...]) -> FieldRule:
    """A year and month not after the current month, stored as ``YYYY-MM``."""

    def check(raw: str, ctx: RuleContext) -> RuleResult:
        value = read_year_month(raw)
        if isinstance(value, Rejected):
            return value
        year, month = value
        if (year, month) > (ctx.today.year, ctx.today.month):
            return Rejected(_("{value} is in the future. Please check the year.",
                              value=Code(f"{year:04d}-{month:02d}")))
        stored = f"{year:04d}-{month:02d}"
        return Accepted(stored, shown=stored)

    return FieldRule(name=name, summary=summary, sources=sources, fn=check)


graduation_year_month = year_month_rule(
    "graduation_year_month",
    summary=_("Year and month (YYYY-MM), not in the future."),
    sources=("seed 004 Step 2 (畢(肄)業年月 西元 年 月)",),
)
