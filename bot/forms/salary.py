"""The salary criterion, with its arithmetic shown.

Most fields accept 「最近月薪達新臺幣十六萬元」: a monthly salary, or an average monthly salary, of at
least NT$160,000 within the 3 years before the application month (seed 001 STEP 18, citing MOL
letter 勞動發管字第10805114652號). An annual total of NT$1,920,000 qualifies; the annual figure is
divided by 12; foreign salaries are converted at the Bank of Taiwan cash buying rate
(https://ezworktaiwan.wda.gov.tw/cp.aspx?n=1B58E0B736635285&s=8B5907D446055980 ,
https://staging.taiwangoldcard.tw/en/faq/how-is-the-salary-conversion-calculated-for-the-gold-card/).
The user gives amount, currency, period, rate and when it was earned; :func:`assess_salary` returns
the verdict and a message that shows every step of the calculation. Thresholds live in
``bot/data/platform_rules.json``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from typing import Annotated

from pydantic import BaseModel, ConfigDict

from bot.forms.choices import list_rule, options_of
from bot.forms.dates import add_months, read_year_month
from bot.forms.facts import number
from bot.forms.localized import currency_name
from bot.forms.localized import number as fmt
from bot.forms.result import Accepted, Rejected, RuleContext, RuleResult, Suggestion
from bot.forms.rules import field_rule
from bot.forms.spec import FieldSpec, InputKind, field_specs
from bot.forms.text import prepare
from bot.i18n import Code, Msg, _, render, verbatim

_SOURCES = ("seed 001 STEP 18", "https://ezworktaiwan.wda.gov.tw/cp.aspx?n=1B58E0B736635285&s=8B5907D446055980",
            "https://staging.taiwangoldcard.tw/en/faq/how-is-the-salary-conversion-calculated-for-the-gold-card/")

CURRENCY_ALIASES = {
    "NT$": "TWD", "NT": "TWD", "NTD": "TWD", "新臺幣": "TWD", "新台幣": "TWD", "台幣": "TWD", "臺幣": "TWD",
    "US$": "USD", "美元": "USD", "美金": "USD", "€": "EUR", "歐元": "EUR", "EURO": "EUR", "EUROS": "EUR",
    "£": "GBP", "英鎊": "GBP", "RMB": "CNY", "人民幣": "CNY", "円": "JPY", "日圓": "JPY", "日幣": "JPY",
    "日元": "JPY", "HK$": "HKD", "港幣": "HKD", "港元": "HKD", "S$": "SGD", "新加坡幣": "SGD", "A$": "AUD",
    "澳幣": "AUD", "C$": "CAD", "加幣": "CAD", "₩": "KRW", "韓元": "KRW", "₹": "INR", "₽": "RUB", "₪": "ILS",
    "CHF": "CHF", "瑞士法郎": "CHF", "DOLLAR": "USD", "DOLLARS": "USD",
}
AMBIGUOUS_CURRENCIES = {"$": ("USD", "TWD", "HKD", "SGD", "AUD", "CAD"), "¥": ("JPY", "CNY"),
                        "元": ("TWD", "CNY", "USD")}
_MULTIPLIERS = {"k": Decimal(1000), "千": Decimal(1000), "m": Decimal(1_000_000), "萬": Decimal(10_000),
                "万": Decimal(10_000)}


def _decimal(text: str) -> Decimal | None:
    text = text.replace(" ", "").replace("_", "").replace("'", "")
    multiplier = Decimal(1)
    if text and text[-1].lower() in _MULTIPLIERS:
        multiplier, text = _MULTIPLIERS[text[-1].lower()], text[:-1]
    if re.fullmatch(r"\d{1,3}(,\d{3})+(\.\d+)?", text):
        text = text.replace(",", "")
    if not re.fullmatch(r"\d+(\.\d+)?", text) or len(text) > 20:
        return None
    try:
        return Decimal(text) * multiplier
    except InvalidOperation:  # pragma: no cover - the pattern above admits valid decimals only
        return None


def _plain(value: Decimal) -> str:
    """A Decimal as a plain JSON-friendly string without exponent or trailing zeros."""
    text = format(value.normalize(), "f")
    return text


@field_rule(
    summary=_("A positive amount (digits, with optional thousands commas, k or 萬)."),
    sources=_SOURCES,
)
def salary_amount(raw: str, ctx: RuleContext) -> RuleResult:
    """The salary figure as on the tax or employment document."""
    text = prepare(raw, 30)
    if isinstance(text, Rejected):
        return text
    value = _decimal(text)
    if value is None or value <= 0 or value >= Decimal(10) ** 12:
        digits = re.sub(r"[^\d.]", "", text)
        suggestion = _decimal(digits) if digits else None
        return Rejected(_("Please type the amount in digits only, for example {example}. The currency is the "
                          "next question.", example=Code("160000")),
                        suggestions=(Suggestion(_plain(suggestion), verbatim(fmt(suggestion))),)
                        if suggestion and suggestion > 0 else ())
    return Accepted(_plain(value), shown=fmt(value, ctx.locale))


@field_rule(
    summary=_("An ISO 4217 currency code or a common name or sign (NT$, US$, €, 美金 …)."),
    sources=(*_SOURCES, "pycountry (ISO 4217)"),
    name="currency",
)
def currency_rule(raw: str, ctx: RuleContext) -> RuleResult:
    """The salary's currency."""
    text = prepare(raw, 30)
    if isinstance(text, Rejected):
        return text
    key = text.replace(" ", "").upper()
    if key in AMBIGUOUS_CURRENCIES:
        codes = AMBIGUOUS_CURRENCIES[key]
        return Rejected(_("{sign} is used by several currencies. Which one: {codes}?", sign=Code(text),
                          codes=", ".join(codes)),
                        suggestions=tuple(Suggestion(code, verbatim(code)) for code in codes))
    code = CURRENCY_ALIASES.get(key, key)
    name = currency_name(code, ctx.locale) if re.fullmatch(r"[A-Z]{3}", code) else None
    if name is None:
        return Rejected(_("Please give the currency as its three-letter code, for example {example}.",
                          example=Code("USD, EUR, TWD")))
    return Accepted(code, shown=render(_("{name} ({code})", name=name, code=code), ctx.locale))


@field_rule(
    summary=_("New Taiwan dollars for one unit of the currency (Bank of Taiwan cash buying rate); 1 for NT$."),
    sources=_SOURCES,
)
def exchange_rate(raw: str, ctx: RuleContext) -> RuleResult:
    """The conversion rate to NT$."""
    text = prepare(raw, 30)
    if isinstance(text, Rejected):
        return text
    value = _decimal(text.replace(",", "."))
    if value is None or value <= 0 or value > 100_000:
        return Rejected(_("Please type how many NT$ one unit of the currency buys, for example {example} for "
                          "US$.", example=Code("31.5")))
    if ctx.answers.get("currency") == "TWD" and value != 1:
        return Rejected(_("The salary is already in NT$, so the rate is 1."),
                        suggestions=(Suggestion("1", verbatim("1")),))
    return Accepted(_plain(value), shown=fmt(value, ctx.locale))


@field_rule(
    summary=_("The month the salary was paid (YYYY-MM), or the year of an annual total; not in the future."),
    sources=_SOURCES,
    name="earned_in",
)
def earned_in_rule(raw: str, ctx: RuleContext) -> RuleResult:
    """When the salary was earned: a month, or for an annual figure its year (taken as ending in December)."""
    text = prepare(raw, 30)
    if isinstance(text, Rejected):
        return text
    annual = ctx.answers.get("period") == "year"
    if re.fullmatch(r"\d{4}年?", text):
        if not annual:
            return Rejected(_("Which month? Please type it as YYYY-MM, for example {example}.",
                              example=Code("2025-06")))
        text = text.rstrip("年") + "-12"
    value = read_year_month(text)
    if isinstance(value, Rejected):
        return value
    year, month = value
    if (year, month) > (ctx.today.year, ctx.today.month):
        if annual and year == ctx.today.year:
            year, month = ctx.today.year, ctx.today.month
        else:
            return Rejected(_("{value} is in the future. Please check the year.", value=Code(f"{year}-{month:02d}")))
    stored = f"{year:04d}-{month:02d}"
    return Accepted(stored, shown=stored)


class SalaryClaim(BaseModel):
    """The salary the applicant relies on (the bot's helper, not a box on the platform)."""

    model_config = ConfigDict(extra="forbid")

    amount: Annotated[Decimal | None, FieldSpec(
        zh="薪資金額", en=_("Salary amount"), rule=salary_amount, kind=InputKind.NUMBER, on_platform=False,
        source="seed 001 STEP 18")] = None
    currency: Annotated[str | None, FieldSpec(
        zh="幣別", en=_("Currency"), rule=currency_rule, on_platform=False, source="seed 001 STEP 18")] = None
    period: Annotated[str | None, FieldSpec(
        zh="月薪或年薪", en=_("Monthly or annual"), rule=list_rule("salary_period"), kind=InputKind.CHOICE,
        options=options_of("salary_period"), on_platform=False,
        source="https://staging.taiwangoldcard.tw/en/faq/how-is-the-salary-conversion-calculated-for-the-gold-card/")
    ] = None
    rate_to_twd: Annotated[Decimal | None, FieldSpec(
        zh="匯率(新臺幣)", en=_("Exchange rate to NT$"), rule=exchange_rate, kind=InputKind.NUMBER,
        on_platform=False,
        source="https://staging.taiwangoldcard.tw/en/faq/how-is-the-salary-conversion-calculated-for-the-gold-card/")
    ] = None
    earned_in: Annotated[str | None, FieldSpec(
        zh="薪資所屬年月", en=_("Month (or year) earned"), rule=earned_in_rule, kind=InputKind.YEAR_MONTH,
        on_platform=False, source="seed 001 STEP 18 (申請月起前三年內)")] = None
    monthly_twd: Annotated[Decimal | None, FieldSpec(
        zh="換算月薪(新臺幣)", en=_("Monthly salary in NT$ (amount × rate)"), rule=salary_amount, kind=InputKind.NUMBER,
        on_platform=False,
        source="https://staging.taiwangoldcard.tw/en/faq/how-is-the-salary-conversion-calculated-for-the-gold-card/")
    ] = None


@dataclass(frozen=True)
class SalaryAssessment:
    """The verdict on a salary claim and the arithmetic behind it."""

    monthly_twd: Decimal
    annual_twd: Decimal
    meets_amount: bool
    in_window: bool
    explanation: Msg

    @property
    def meets(self) -> bool:
        return self.meets_amount and self.in_window


def _money(value: Decimal) -> str:
    return fmt(value.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP))


def assess_salary(claim: SalaryClaim, today: date) -> SalaryAssessment | None:
    """The criterion applied to a complete claim (None while something is missing); ``today`` gives the
    application month."""
    if claim.amount is None or claim.currency is None or claim.period not in ("month", "year") \
            or claim.earned_in is None:
        return None
    rate = Decimal(1) if claim.currency == "TWD" else claim.rate_to_twd
    parsed = read_year_month(claim.earned_in)
    if rate is None or rate <= 0 or isinstance(parsed, Rejected):
        return None
    monthly_min, annual_min = Decimal(number("salary_monthly_twd")), Decimal(number("salary_annual_twd"))
    twd = claim.amount * rate
    if claim.period == "month":
        monthly, annual = twd, twd * 12
        if claim.currency == "TWD":
            conversion = _("NT${monthly} a month.", monthly=_money(monthly))
        else:
            conversion = _("{amount} {currency} a month × {rate} NT$/{currency} = NT${monthly} a month.",
                           amount=fmt(claim.amount), currency=claim.currency, rate=fmt(rate),
                           monthly=_money(monthly))
    else:
        monthly, annual = twd / 12, twd
        if claim.currency == "TWD":
            conversion = _("NT${annual} a year ÷ 12 = NT${monthly} a month.", annual=_money(annual),
                           monthly=_money(monthly))
        else:
            conversion = _("{amount} {currency} a year × {rate} NT$/{currency} = NT${annual} a year; ÷ 12 = "
                           "NT${monthly} a month.", amount=fmt(claim.amount), currency=claim.currency,
                           rate=fmt(rate), annual=_money(annual), monthly=_money(monthly))
    meets_amount = monthly >= monthly_min or annual >= annual_min
    if meets_amount:
        verdict = _("NT${monthly} ≥ NT${threshold}: the amount meets the salary criterion.",
                    monthly=_money(monthly), threshold=fmt(monthly_min))
    else:
        verdict = _("NT${monthly} < NT${threshold}: below the salary criterion (NT${threshold} a month, or "
                    "NT${annual_threshold} a year).", monthly=_money(monthly), threshold=fmt(monthly_min),
                    annual_threshold=fmt(annual_min))
    window = number("salary_window_months")
    application_month = date(today.year, today.month, 1)
    start = add_months(application_month, -window)
    year, month = parsed
    earned = date(year, month, 1)
    in_window = start <= earned <= application_month
    label = f"{year:04d}-{month:02d}"
    months = f"{application_month:%Y-%m}"
    if in_window:
        timing = _("{earned} is within the {years} years before the application month ({month}).",
                   earned=label, years=window // 12, month=months)
    else:
        timing = _("{earned} is more than {years} years before the application month ({month}): only a salary "
                   "from {start} on counts.", earned=label, years=window // 12, month=months,
                   start=f"{start:%Y-%m}")
    explanation = _("{conversion}\n{verdict}\n{timing}", conversion=conversion, verdict=verdict, timing=timing)
    return SalaryAssessment(monthly, annual, meets_amount, in_window, explanation)


def monthly_of(assessment: SalaryAssessment) -> Decimal:
    """The monthly NT$ amount as the draft stores it (rounded to the cent)."""
    return assessment.monthly_twd.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


def with_conversion(claim: SalaryClaim, today: date) -> SalaryClaim:
    """The claim with its conversion (``monthly_twd``) stored, when the arithmetic can be done."""
    assessment = assess_salary(claim, today)
    return claim.model_copy(update={"monthly_twd": monthly_of(assessment) if assessment else None})


def check_salary_claim(value: object, ctx: RuleContext) -> RuleResult:
    """The stored-value check used by the draft: the claim must be complete and meet the criterion."""
    claim = value if isinstance(value, SalaryClaim) else SalaryClaim.model_validate(value)
    answers = claim.model_dump(mode="json")
    inner = RuleContext(today=ctx.today, answers=answers, locale=ctx.locale)
    for key, spec in field_specs(SalaryClaim):
        stored = answers.get(key)
        if stored is not None and spec.rule is not None:
            result = spec.rule(str(stored), inner)
            if isinstance(result, Rejected):
                return Rejected(_("{label}: {problem}", label=spec.en, problem=result.message))
    if claim.currency not in (None, "TWD") and claim.rate_to_twd is None:
        return Rejected(_("Give the exchange rate to NT$ for {currency} (Bank of Taiwan cash buying rate).",
                          currency=claim.currency))
    assessment = assess_salary(claim, ctx.today)
    if assessment is None:
        return Rejected(_("The salary is incomplete: give the amount, currency, monthly or annual, the rate and "
                          "when it was earned."))
    if not assessment.meets:
        return Rejected(assessment.explanation)
    if claim.monthly_twd is not None and claim.monthly_twd != monthly_of(assessment):
        return Rejected(_("The stored conversion NT${stored} a month does not match the arithmetic: {explanation}",
                          stored=fmt(claim.monthly_twd), explanation=assessment.explanation))
    return Accepted(claim.model_dump(mode="json"), notes=(assessment.explanation,))
