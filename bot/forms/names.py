"""Personal names: the English surname / given name as in the passport, and the Chinese name.

Sources: the English name must match the passport used to enter Taiwan, and a hyphen is typed as a
space (seed 001 STEP 14). If the passport has no surname or no given name, one of the two is
enough (https://goldcard.nat.gov.tw/ja/subtags/application-conditions) — that is a requirement on
the pair, checked in the section models; each rule here checks one box.
"""

from __future__ import annotations

import re
import unicodedata

from bot.forms.chinese import is_han, simplified_characters, to_traditional
from bot.forms.result import Accepted, Rejected, RuleContext, RuleResult, Suggestion
from bot.forms.rules import field_rule
from bot.forms.text import prepare, snippet
from bot.i18n import Code, Msg, _, verbatim

ENGLISH_NAME_MAX = 60
CHINESE_NAME_MAX = 30

HYPHENS = "-\u2010\u2011\u2012\u2013\u2014\u2015\u2212\ufe58\ufe63\uff0d"
_HYPHEN_RE = re.compile(f"[{re.escape(HYPHENS)}]")
_ASCII_NAME = re.compile(r"[A-Za-z]+( [A-Za-z]+)*")
# ICAO 9303 transliterations that NFKD cannot produce by dropping accents.
_LIGATURES = {"ß": "SS", "Æ": "AE", "æ": "AE", "Ø": "OE", "ø": "OE", "Œ": "OE", "œ": "OE", "Þ": "TH",
              "þ": "TH", "Ð": "D", "ð": "D", "Đ": "D", "đ": "D", "Ł": "L", "ł": "L", "ı": "I"}
# Dots that join the parts of a transliterated foreign name written in Chinese (約翰·史密斯).
NAME_DOTS = "·‧・•．"

_SOURCE_ENGLISH = ("seed 001 STEP 14", "seed 000 STEP 6",
                   "https://goldcard.nat.gov.tw/en/apply/step-2/registration/")


def _fold_to_ascii(text: str) -> str:
    """Latin letters with accents as plain A-Z (É → E, ß → SS), as in the passport's MRZ."""
    text = "".join(_LIGATURES.get(ch, ch) for ch in text)
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


@field_rule(
    summary=_("Letters A–Z and spaces as in the passport; a hyphen becomes a space; stored in capitals."),
    sources=_SOURCE_ENGLISH,
)
def english_name(raw: str, ctx: RuleContext) -> RuleResult:
    """One part of the English name (surname or given names)."""
    text = prepare(raw, ENGLISH_NAME_MAX)
    if isinstance(text, Rejected):
        return text
    notes = []
    if _HYPHEN_RE.search(text):
        text = re.sub(" +", " ", _HYPHEN_RE.sub(" ", text)).strip()
        notes.append(_("On the platform a hyphen in a name is typed as a space: {name}.",
                       name=Code(text.upper())))
    if _ASCII_NAME.fullmatch(text):
        value = text.upper()
        return Accepted(value, shown=value, notes=tuple(notes))
    if any(ch.isdigit() for ch in text):
        return Rejected(_("A name has no digits. Type it exactly as printed in your passport, "
                          "for example {example}.", example=Code("CHEN MEI LING")))
    if any(is_han(ch) for ch in text):
        return Rejected(_("Type this name in English letters as in your passport. Your Chinese name "
                          "has its own box."))
    folded = _fold_to_ascii(text)
    cleaned = re.sub(" +", " ", re.sub(r"[^A-Za-z ]", "", folded)).strip().upper()
    if not cleaned:
        return Rejected(_("Type the name in English letters A–Z as printed in your passport, "
                          "for example {example}.", example=Code("CHEN MEI LING")))
    suggestions = (Suggestion(cleaned, verbatim(cleaned)),)
    if _ASCII_NAME.fullmatch(folded):
        return Rejected(_("The platform takes plain letters A–Z only, as in the two lines at the "
                          "bottom of your passport's photo page: {suggestion}. (Some passports write "
                          "Ä as AE or Ü as UE: copy what yours shows.)", suggestion=Code(cleaned)),
                        suggestions=suggestions)
    return Rejected(_("Only letters and spaces, please: leave out dots, commas, apostrophes and other "
                      "signs. For example: {suggestion}.", suggestion=Code(cleaned)),
                    suggestions=suggestions)


@field_rule(
    summary=_("Chinese characters only (a dot may join the parts of a transliterated name); Simplified "
              "characters get a note with the Traditional form."),
    sources=("seed 001 STEP 14", "seed 000 STEP 6"),
)
def chinese_name(raw: str, ctx: RuleContext) -> RuleResult:
    """The Chinese name (optional on the platform)."""
    text = prepare(raw, CHINESE_NAME_MAX * 2)
    if isinstance(text, Rejected):
        return text
    text = text.replace(" ", "")
    if len(text) > CHINESE_NAME_MAX:
        return Rejected(_("That is too long: at most {limit} characters, please.", limit=CHINESE_NAME_MAX))
    if not all(is_han(ch) or ch in NAME_DOTS for ch in text) or not any(is_han(ch) for ch in text):
        if any("a" <= ch.lower() <= "z" for ch in text):
            return Rejected(_("This box is for a name in Chinese characters, such as {example}. If you "
                              "have no Chinese name, skip it.", example=Code("王小明")))
        return Rejected(_("Only Chinese characters, please (such as {example}); leave out {chars}.",
                          example=Code("王小明"),
                          chars=snippet("".join(sorted({ch for ch in text
                                                        if not (is_han(ch) or ch in NAME_DOTS)})), 12)))
    notes: tuple[Msg, ...] = ()
    if simplified_characters(text):
        traditional = to_traditional(text)
        notes = (_("{name} uses Simplified characters. Names on Taiwan documents are in Traditional "
                   "characters: {traditional}. Keep your spelling if your documents show it.",
                   name=Code(text), traditional=Code(traditional)),)
    return Accepted(text, shown=text, notes=notes)
