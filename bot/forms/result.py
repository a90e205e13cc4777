"""What a field rule returns: the accepted (normalised) value, or a rejection that says how to fix it.

A rule is a plain function ``rule(raw: str, ctx: RuleContext) -> Accepted | Rejected``. The same
function checks an answer typed in the chat, a draft loaded from storage and a draft being exported.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from bot.i18n import Msg


@dataclass(frozen=True)
class RuleContext:
    """What a rule may look at besides the raw answer."""

    today: date
    answers: Mapping[str, Any] = field(default_factory=dict)
    locale: str = "en"


@dataclass(frozen=True)
class Accepted:
    """The answer is valid. ``value`` is what is stored (JSON-serialisable, normalised: ISO dates,
    ISO country codes ...); ``shown`` is how it is echoed back to the user ("understood as ...");
    ``notes`` are warnings or hints that do not block the answer."""

    value: Any
    shown: str | None = None
    notes: tuple[Msg, ...] = ()


@dataclass(frozen=True)
class Suggestion:
    """A corrected answer the user can pick with one tap: ``value`` is what the button sends back
    (the rule accepts it as it is), ``label`` is what the button shows."""

    value: str
    label: Msg


@dataclass(frozen=True)
class Rejected:
    """The answer is not valid. ``message`` says what is wrong and how to fix it; ``reset`` names
    earlier fields whose answers must be asked again (for example, an entry document that does not
    fit a later answer); ``suggestions`` are likely corrections to offer as buttons."""

    message: Msg
    reset: tuple[str, ...] = ()
    suggestions: tuple[Suggestion, ...] = ()


RuleResult = Accepted | Rejected
Rule = Callable[[str, RuleContext], RuleResult]
