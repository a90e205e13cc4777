"""The UI number (統一證號, the number on a residence permit) and the ROC National ID number.

Formats and checksum: research/domain.md §6.5. Old format: 2 letters + 8 digits (AA00000009);
new format since 2021-01-02: a letter, 8 (male) or 9 (female), 8 digits (A800000014). The check is
the National ID algorithm (https://github.com/enylin/taiwan-id-validator, src/nin-arc/index.ts):
letter code A10 B11 … (I34 O35 W32 Z33), weights 1 9 8 7 6 5 4 3 2 1 1, sum divisible by 10; the
old format's second letter counts with the units digit of its code. Old numbers stop being valid on
2031-01-01 (https://www.cna.com.tw/news/asoc/202012160106.aspx).
"""

from __future__ import annotations

import re

from bot.forms.facts import number
from bot.forms.result import Accepted, Rejected, RuleContext, RuleResult
from bot.forms.rules import field_rule
from bot.forms.text import prepare
from bot.i18n import Code, Msg, _

LETTER_CODES = {
    "A": 10, "B": 11, "C": 12, "D": 13, "E": 14, "F": 15, "G": 16, "H": 17, "I": 34, "J": 18, "K": 19,
    "L": 20, "M": 21, "N": 22, "O": 35, "P": 23, "Q": 24, "R": 25, "S": 26, "T": 27, "U": 28, "V": 29,
    "W": 32, "X": 30, "Y": 31, "Z": 33,
}
NEW_FORMAT = re.compile(r"[A-Z][89]\d{8}")
OLD_FORMAT = re.compile(r"[A-Z]{2}\d{8}")
NATIONAL_ID = re.compile(r"[A-Z][12]\d{8}")
_WEIGHTS = (8, 7, 6, 5, 4, 3, 2, 1, 1)
EXAMPLE = Code("A800000014")


def checksum_ok(value: str) -> bool:
    """True when ``value`` (already upper-case, either format or a National ID) passes the check."""
    if not (NEW_FORMAT.fullmatch(value) or OLD_FORMAT.fullmatch(value) or NATIONAL_ID.fullmatch(value)):
        return False
    tens, units = divmod(LETTER_CODES[value[0]], 10)
    second = LETTER_CODES[value[1]] % 10 if value[1].isalpha() else int(value[1])
    digits = (second, *(int(ch) for ch in value[2:]))
    total = tens + units * 9 + sum(d * w for d, w in zip(digits, _WEIGHTS, strict=True))
    return total % 10 == 0


def _normalise(raw: str) -> str | Rejected:
    text = prepare(raw, 30)
    if isinstance(text, Rejected):
        return text
    return re.sub(r"[\s\-_.]", "", text).upper()


@field_rule(
    summary=_("Old (2 letters + 8 digits) or new (letter + 8/9 + 8 digits) UI number with a valid check "
              "digit; a note that old numbers expire on 2031-01-01."),
    sources=("research/domain.md §6.5", "https://github.com/enylin/taiwan-id-validator",
             "https://www.cna.com.tw/news/asoc/202012160106.aspx", "seed 001 STEP 17", "seed 002 STEP 9"),
)
def ui_number(raw: str, ctx: RuleContext) -> RuleResult:
    """統一證號 as printed on an ROC residence permit (ARC)."""
    value = _normalise(raw)
    if isinstance(value, Rejected):
        return value
    if NATIONAL_ID.fullmatch(value):
        return Rejected(_("{value} is a Taiwan National ID number, not a UI number. The UI number on a "
                          "residence permit has a letter and 8 or 9, or two letters, before 8 digits, for "
                          "example {example}.", value=Code(value), example=EXAMPLE))
    if not (NEW_FORMAT.fullmatch(value) or OLD_FORMAT.fullmatch(value)):
        return Rejected(_("A UI number is a letter, 8 or 9, and 8 digits (new format, e.g. {example}), or two "
                          "letters and 8 digits (old format, e.g. {old}). Copy it from your residence permit.",
                          example=EXAMPLE, old=Code("AC01234567")))
    if not checksum_ok(value):
        return Rejected(_("{value} cannot be a valid UI number: its last digit (the check digit) does not "
                          "match. Copy it again from your residence permit, character by character.",
                          value=Code(value)))
    notes: tuple[Msg, ...] = ()
    if OLD_FORMAT.fullmatch(value):
        notes = (_("This is an old-format UI number. Old numbers stop being valid on {year}-01-01; it is "
                   "replaced free of charge at your next extension, data change or reissue.",
                   year=number("old_ui_number_valid_until_year")),)
    return Accepted(value, shown=value, notes=notes)


@field_rule(
    summary=_("An ROC National ID number or a UI number (either format), with a valid check digit."),
    sources=("seed 004 Step 2 (身分證字號 或居留證號)", "research/domain.md §6.5"),
)
def national_id_or_ui_number(raw: str, ctx: RuleContext) -> RuleResult:
    """身分證字號 or 居留證號 (Taiwan Jobs)."""
    value = _normalise(raw)
    if isinstance(value, Rejected):
        return value
    if NATIONAL_ID.fullmatch(value):
        if checksum_ok(value):
            return Accepted(value, shown=value)
        return Rejected(_("{value} cannot be a valid ID number: its last digit (the check digit) does not "
                          "match. Please copy it again.", value=Code(value)))
    return ui_number.fn(value, ctx)
