"""Input hygiene shared by every rule: length caps, invisible characters, width and spacing.

Whatever a user pastes (a 10 MB text, NUL bytes, right-to-left marks, emoji, lone surrogates) goes
through :func:`prepare` first, so a rule only ever looks at a short, printable, normalised string.
Also holds the generic free-text rule used by platform boxes without a stricter format.
"""

from __future__ import annotations

import re
import unicodedata

from bot.forms.result import Accepted, Rejected, RuleContext, RuleResult
from bot.forms.rules import FieldRule, field_rule
from bot.i18n import Code, Msg, _

# Control (Cc), format (Cf: zero-width, bidi marks, BOM), surrogate (Cs) characters never belong
# in an answer; they arrive with copy-paste and are dropped before any rule looks at the text.
_INVISIBLE = frozenset(("Cc", "Cf", "Cs"))
_SPACES = re.compile(r"\s+")
ELLIPSIS = "…"


def clean(raw: str, *, nfkc: bool = True, multiline: bool = False) -> str:
    """Normalise ``raw``: invisible characters removed, then NFKC (fullwidth digits and letters
    become ASCII, combining marks join their letter), runs of whitespace collapsed to one space (or
    kept as single newlines when ``multiline``), ends stripped."""
    text = raw.replace("\r\n", "\n").replace("\r", "\n")
    text = "".join(ch for ch in text if ch.isspace() or unicodedata.category(ch) not in _INVISIBLE)
    if nfkc:
        text = unicodedata.normalize("NFKC", text)
    if multiline:
        lines = (_SPACES.sub(" ", line).strip() for line in text.split("\n"))
        return re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip()
    return _SPACES.sub(" ", text).strip()


def prepare(raw: str, limit: int, *, nfkc: bool = True, multiline: bool = False) -> str | Rejected:
    """``raw`` cleaned (:func:`clean`), or a rejection when it is longer than ``limit`` characters
    or empty."""
    # Checked twice: on the raw text (generously: invisible characters and spaces are dropped
    # later) so that a huge paste is never normalised, then on the cleaned text.
    if len(raw) > limit * 4 + 16 or len(text := clean(raw, nfkc=nfkc, multiline=multiline)) > limit:
        return Rejected(_("That is too long: at most {limit} characters, please.", limit=limit))
    if not text:
        return Rejected(_("That answer is empty. Please type it again."))
    return text


def snippet(text: str, limit: int = 40) -> Code:
    """A short monospace echo of what the user typed, for messages (never the whole input)."""
    return Code(text if len(text) <= limit else text[: limit - 1] + ELLIPSIS)


def has_letter_or_digit(text: str) -> bool:
    return any(ch.isalnum() for ch in text)


def free_text(name: str, limit: int, *, summary: Msg, sources: tuple[str, ...],
              multiline: bool = False) -> FieldRule:
    """A rule for a free-text box: any script, at most ``limit`` characters, at least one letter or
    digit. Stores the cleaned text."""

    def check(raw: str, ctx: RuleContext) -> RuleResult:
        text = prepare(raw, limit, multiline=multiline)
        if isinstance(text, Rejected):
            return text
        if not has_letter_or_digit(text):
            return Rejected(_("Please type some words or numbers, not only symbols."))
        return Accepted(text, shown=text)

    return FieldRule(name=name, summary=summary, sources=sources, fn=check)


@field_rule(
    summary=_("Any text with at least one letter or digit, at most 100 characters."),
    sources=("bot policy: platform length limits unknown (research/domain.md §9)",),
)
def short_text(raw: str, ctx: RuleContext) -> RuleResult:
    """A one-line free-text answer (place names, school names ...)."""
    text = prepare(raw, 100)
    if isinstance(text, Rejected):
        return text
    if not has_letter_or_digit(text):
        return Rejected(_("Please type some words or numbers, not only symbols."))
    return Accepted(text, shown=text)
