"""Taiwan addresses: Traditional Chinese characters and Arabic numerals only.

Source: https://goldcard.nat.gov.tw/en/apply/step-2/resident/ and
https://staging.taiwangoldcard.tw/zh/tags/application (research/domain.md §6.4): wrong
「台北市中正區寶慶路No. 3, 2F」, right 「台北市中正區寶慶路3號2樓」; city and district are picked from
lists, the rest is typed; seed 001 STEP 17: 地址欄請用繁體中文填寫. Fullwidth digits become
half-width; Simplified characters are found with the character table of bot/forms/chinese.py and the
Traditional form is offered; common English parts (No. 3, 2F, Lane, Alley, Room) are turned into their
Chinese form as a suggestion.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from bot.forms.chinese import is_han, simplified_characters, to_traditional
from bot.forms.facts import taiwan_cities
from bot.forms.numerals import arabic_address
from bot.forms.result import Accepted, Rejected, RuleContext, RuleResult, Suggestion
from bot.forms.rules import field_rule
from bot.forms.text import prepare, snippet
from bot.i18n import Code, _, render, verbatim

ADDRESS_MAX = 120
EXAMPLE = Code("台北市中正區寶慶路3號2樓")

def _number_sign(match: re.Match[str]) -> str:
    return f"{match[1]}之{match[2]}號" if match[2] else f"{match[1]}號"


# English address parts → Chinese, replaced where they stand (people who mix the two usually keep the
# Chinese order, as in the official wrong example 「寶慶路No. 3, 2F」).
_L = r"(?<![A-Za-z])"  # \b does not work here: Chinese characters are word characters too
_R = r"(?![A-Za-z])"
_ENGLISH_PARTS: tuple[tuple[re.Pattern[str], str | Callable[[re.Match[str]], str]], ...] = (
    (re.compile(_L + r"(?:B|basement\s*)(\d+)\s*F?" + _R, re.I), r"地下\1樓"),
    (re.compile(r"(\d+)\s*(?:st|nd|rd|th)?\s*(?:F|Fl|Floor)" + _R + r"\.?", re.I), r"\1樓"),
    (re.compile(_L + r"(?:F|Fl|Floor)\.?\s*(\d+)", re.I), r"\1樓"),
    (re.compile(_L + r"No\.?\s*(\d+)(?:\s*-\s*(\d+))?", re.I), _number_sign),
    (re.compile(_L + r"(?:Lane|Ln)\.?\s*(\d+)", re.I), r"\1巷"),
    (re.compile(_L + r"(?:Alley|Aly)\.?\s*(\d+)", re.I), r"\1弄"),
    (re.compile(_L + r"(?:Room|Rm)\.?\s*(\d+)", re.I), r"\1室"),
)


@dataclass(frozen=True)
class AddressParts:
    """An address split the way the platform asks for it: city and district from lists, then the rest."""

    city: str | None
    district: str | None
    rest: str


def split_address(address: str) -> AddressParts:
    """``台北市中正區寶慶路3號2樓`` → 臺北市 / 中正區 / 寶慶路3號2樓 (city names as the platform lists them)."""
    for city in taiwan_cities().cities:
        for spelling in {city.zh, city.zh.replace("臺", "台")}:
            if address.startswith(spelling):
                rest = address[len(spelling):]
                match = re.match(r"(.{1,3}?[區鄉鎮市])", rest)
                if match and len(rest) > len(match[1]):
                    return AddressParts(city.zh, match[1], rest[len(match[1]):])
                return AddressParts(city.zh, None, rest)
    return AddressParts(None, None, address)


def _english_to_chinese(text: str) -> str:
    for pattern, replacement in _ENGLISH_PARTS:
        text = pattern.sub(replacement, text)
    return text


def _suggest(text: str) -> str:
    """The address with English parts, Simplified characters, hyphens and punctuation fixed."""
    fixed = _english_to_chinese(text)
    fixed = re.sub(r"(\d+)\s*-\s*(\d+)", r"\1之\2", fixed)
    fixed = re.sub(r"[\s,.，。、()（）#]+", "", fixed)
    return to_traditional(fixed)


def _valid(text: str) -> bool:
    return bool(text) and all(is_han(ch) or (ch.isdigit() and ch.isascii()) for ch in text) and \
        any(is_han(ch) for ch in text)


@field_rule(
    summary=_("Traditional Chinese characters and Arabic numerals only; English letters and Simplified "
              "characters are refused with the corrected form offered."),
    sources=("https://goldcard.nat.gov.tw/en/apply/step-2/resident/", "https://staging.taiwangoldcard.tw/zh/tags/application",
             "seed 001 STEP 17"),
)
def taiwan_address(raw: str, ctx: RuleContext) -> RuleResult:
    """An address in Taiwan, written as the platform wants it."""
    text = prepare(raw, ADDRESS_MAX * 2)
    if isinstance(text, Rejected):
        return text
    suggestion = _suggest(text)
    text = text.replace(" ", "")  # spaces mean nothing in a Chinese address
    if len(text) > ADDRESS_MAX:
        return Rejected(_("That is too long: at most {limit} characters, please.", limit=ADDRESS_MAX))
    suggestions = (Suggestion(suggestion, verbatim(suggestion)),) if _valid(suggestion) and suggestion != text else ()
    if any(ch.isascii() and ch.isalpha() for ch in text):
        if suggestions:
            return Rejected(_("The platform takes an address in Chinese characters and Arabic numerals only, no "
                              "English letters. Did you mean {suggestion}?", suggestion=Code(suggestion)),
                            suggestions=suggestions)
        return Rejected(_("The platform takes an address in Chinese characters and Arabic numerals only, no "
                          "English letters: for example {example}, not 台北市中正區寶慶路No. 3, 2F. If writing it "
                          "in Chinese is hard, Google Translate or the Gold Card Office can help.",
                          example=EXAMPLE))
    if not any(is_han(ch) for ch in text):
        return Rejected(_("Please type the address in Chinese characters, for example {example}.",
                          example=EXAMPLE))
    if bad := simplified_characters(text):
        return Rejected(_("{chars} are Simplified characters; the platform needs Traditional ones: "
                          "{suggestion}.", chars=snippet("".join(dict.fromkeys(bad)), 12),
                          suggestion=Code(to_traditional(text))),
                        suggestions=suggestions)
    if not _valid(text):
        others = "".join(dict.fromkeys(ch for ch in text if not (is_han(ch) or (ch.isdigit() and ch.isascii()))))
        return Rejected(_("Only Chinese characters and numbers, please: leave out {chars} (write 3之1號 for "
                          "3-1). For example {example}.", chars=snippet(others, 12), example=EXAMPLE),
                        suggestions=suggestions)
    if (arabic := arabic_address(text)) is not None:  # 二一六巷五號 → 216巷5號, one tap
        return Rejected(_("The platform asks for Arabic numerals in the address: {suggestion}",
                          suggestion=Code(arabic)), suggestions=(Suggestion(arabic, verbatim(arabic)),))
    parts = split_address(text)
    if parts.city is None:
        return Accepted(text, shown=text, notes=(
            _("On the platform you first pick the city or county and the district from lists. Please add them "
              "at the start, for example {example}.", example=EXAMPLE),))
    shown = render(_("{address} (city: {city}, district: {district}, then type: {rest})", address=text,
                     city=parts.city, district=parts.district or "?", rest=parts.rest), ctx.locale)
    return Accepted(text, shown=shown)
