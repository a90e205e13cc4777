"""Document numbers: passport numbers and the platform's 12-digit application number (申請案號).

Passport numbers are letters and digits as printed on the photo page (ICAO 9303 document numbers;
the platform documents no format). The application number is shown after 送出 (seed 001 STEP 23:
申請案號: 113551045830) and is what progress queries and supplements refer to (seed 003 STEP 9).
"""

from __future__ import annotations

import re

from bot.forms.result import Accepted, Rejected, RuleContext, RuleResult, Suggestion
from bot.forms.rules import field_rule
from bot.forms.text import prepare
from bot.i18n import Code, _, verbatim

PASSPORT_NUMBER = re.compile(r"[A-Z0-9]{5,20}")


@field_rule(
    summary=_("Letters and digits as printed on the passport's photo page (5 to 20), stored in capitals."),
    sources=("seed 000 STEP 6", "seed 001 STEP 15 (the passport used to enter Taiwan)"),
)
def passport_number(raw: str, ctx: RuleContext) -> RuleResult:
    """護照號碼 / 原護照號碼."""
    text = prepare(raw, 40)
    if isinstance(text, Rejected):
        return text
    value = re.sub(r"[\s\-]", "", text).upper()
    if PASSPORT_NUMBER.fullmatch(value):
        return Accepted(value, shown=value)
    cleaned = re.sub(r"[^A-Z0-9]", "", value)
    suggestions = (Suggestion(cleaned, verbatim(cleaned)),) if PASSPORT_NUMBER.fullmatch(cleaned) else ()
    return Rejected(_("A passport number has only letters and digits, 5 to 20 of them, for example {example}. "
                      "Copy it from your passport's photo page.", example=Code("A12345678")),
                    suggestions=suggestions)


@field_rule(
    summary=_("A passport number as above, different from the current passport's number."),
    sources=("seed 001 STEP 15 (原護照號碼: 如您以前有使用另外一本護照入境過台灣)",),
)
def previous_passport_number(raw: str, ctx: RuleContext) -> RuleResult:
    """原護照號碼: an earlier passport used to enter Taiwan."""
    result = passport_number.fn(raw, ctx)
    if isinstance(result, Accepted) and result.value == ctx.answers.get("passport_number"):
        return Rejected(_("That is the passport you are applying with. Give the number of an earlier passport "
                          "used to enter Taiwan, or skip this box."))
    return result


@field_rule(
    summary=_("The 12-digit application number shown after submitting."),
    sources=("seed 001 STEP 23", "seed 003 STEP 9", "https://goldcard.nat.gov.tw/en/faq/how-long-does-the-application-take/"),
)
def application_number(raw: str, ctx: RuleContext) -> RuleResult:
    """申請案號."""
    text = prepare(raw, 40)
    if isinstance(text, Rejected):
        return text
    digits = re.sub(r"[\s\-]", "", text)
    if re.fullmatch(r"\d{12}", digits):
        return Accepted(digits, shown=digits)
    return Rejected(_("The application number has 12 digits, for example {example}. You find it on the page "
                      "shown after 送出 and in the platform's emails.", example=Code("113551045830")))
