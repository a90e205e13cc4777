"""Rules for the flows' own helper questions (dates the bot needs for deadlines and reminders), built on
the shared date reader of :mod:`bot.forms.dates`: every date is read the same way everywhere and echoed
back as understood.
"""

from __future__ import annotations

import re
from datetime import timedelta

from bot.forms.dates import add_months, read_date, shown_date
from bot.forms.result import Accepted, Rejected, RuleContext, RuleResult
from bot.forms.rules import FieldRule, field_rule
from bot.i18n import Msg, _, is_chinese


def _date_within(raw: str, ctx: RuleContext, *, past_days: int, future_days: int, too_early: Msg,
                 too_late: Msg) -> RuleResult:
    value = read_date(raw)
    if isinstance(value, Rejected):
        return value
    if value < ctx.today - timedelta(days=past_days):
        return Rejected(too_early)
    if value > ctx.today + timedelta(days=future_days):
        return Rejected(too_late)
    return Accepted(value.isoformat(), shown=shown_date(value, ctx.locale))


@field_rule(
    summary=_("A date within the last two years or the next six months."),
    sources=("https://staging.taiwangoldcard.tw/en/faq/how-do-i-change-my-address (update within 30 days "
             "of moving)",),
)
def moving_date(raw: str, ctx: RuleContext) -> RuleResult:
    """The day the applicant moved (or will move) into the new residence address."""
    return _date_within(raw, ctx, past_days=730, future_days=183,
                        too_early=_("That is more than two years ago. Please check the year."),
                        too_late=_("That is more than six months ahead. Tell me the date once the move is near."))


@field_rule(
    summary=_("The day of entry into Taiwan: within the last year or the next year."),
    sources=("https://goldcard.nat.gov.tw/en/apply/step-3/card-collection/",),
)
def entry_date(raw: str, ctx: RuleContext) -> RuleResult:
    """The day an approved overseas applicant enters (or entered) Taiwan."""
    return _date_within(raw, ctx, past_days=365, future_days=366,
                        too_early=_("That is more than a year ago. Please check the year."),
                        too_late=_("That is more than a year ahead. Please check the year."))


@field_rule(
    summary=_("The card's expiry date: at most 3 years ahead (the longest validity); a past date means the "
              "card has expired."),
    sources=("https://goldcard.nat.gov.tw/en/apply/step-2/resident/ (1 to 3 years)",),
)
def card_expiry_date(raw: str, ctx: RuleContext) -> RuleResult:
    """有效期限 printed on the Gold Card."""
    value = read_date(raw)
    if isinstance(value, Rejected):
        return value
    if value > add_months(ctx.today, 37):
        return Rejected(_("A Gold Card is valid for 3 years at most, so {date} cannot be its expiry date. Please "
                          "check the year.", date=value))
    if value < ctx.today - timedelta(days=3660):
        return Rejected(_("That is more than ten years ago. Please check the year."))
    notes: tuple[Msg, ...] = ()
    if value < ctx.today:
        notes = (_("That card has expired: an expired card is not extended. Apply again with 就業金卡申請或重新申請 "
                   "(Apply as New Applicant or Renew an Expired Card)."),)
    return Accepted(value.isoformat(), shown=shown_date(value, ctx.locale), notes=notes)


_SEPARATORS = re.compile(r"[\s,，、;；/+&]+")


def pick_several(name: str, keys: tuple[str, ...], labels: dict[str, tuple[str, str]], *, summary: Msg,
                 sources: tuple[str, ...]) -> FieldRule:
    """Several options typed at once (``1 3 4``, or their names): stored as the keys joined by commas.
    ``labels`` maps a key to its (English, Chinese) label."""

    def fn(raw: str, ctx: RuleContext) -> RuleResult:
        chosen: list[str] = []
        for token in (part for part in _SEPARATORS.split(raw.strip()) if part):
            key = _one(token, keys, labels)
            if key is None:
                return Rejected(_("Tap one option, or type the numbers of several, for example {example}.",
                                  example="1 3"))
            if key not in chosen:
                chosen.append(key)
        if not chosen:
            return Rejected(_("Tap one option, or type the numbers of several, for example {example}.",
                              example="1 3"))
        shown = "、".join(labels[key][1] for key in chosen) if is_chinese(ctx.locale) else \
            ", ".join(labels[key][0] for key in chosen)
        return Accepted(",".join(chosen), shown=shown)

    return FieldRule(name=name, summary=summary, sources=sources, fn=fn)


def _one(token: str, keys: tuple[str, ...], labels: dict[str, tuple[str, str]]) -> str | None:
    if token.isdigit() and 1 <= int(token) <= len(keys):
        return keys[int(token) - 1]
    wanted = token.casefold()
    found = [key for key in keys if key == wanted or wanted in (labels[key][0].casefold(), labels[key][1])]
    return found[0] if found else None


def picked(value: object) -> list[str]:
    """The keys stored by :func:`pick_several` (or by one button: a single key)."""
    return [part for part in str(value or "").split(",") if part]
