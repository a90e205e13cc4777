"""The documented rule: a field rule together with what it checks and where the check comes from.

Every rule in ``bot/forms`` is a :class:`FieldRule`: callable exactly like the plain contract of
:mod:`bot.forms.result` (``rule(raw, ctx) -> Accepted | Rejected``), plus a one-line summary for
docs/fields.md and help texts, and its sources (seed file + step, or a URL from
research/domain.md). Calling a FieldRule never raises: an unexpected error becomes a polite
rejection, and only the rule's name and the error type are logged, never the answer.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass

from bot.forms.result import Rejected, RuleContext, RuleResult
from bot.i18n import Msg, _

log = logging.getLogger(__name__)

RuleFn = Callable[[str, RuleContext], RuleResult]


@dataclass(frozen=True)
class FieldRule:
    """A named rule with its summary and sources. ``fn`` is the bare check (tests call it directly
    so that the safety net in :meth:`__call__` never hides a bug)."""

    name: str
    summary: Msg
    sources: tuple[str, ...]
    fn: RuleFn

    def __call__(self, raw: str, ctx: RuleContext) -> RuleResult:
        try:
            return self.fn(raw if isinstance(raw, str) else str(raw), ctx)
        except Exception as exc:  # a rule must never break a conversation
            log.error("rule %s failed with %s", self.name, type(exc).__name__)
            return Rejected(_("Sorry, I could not read that answer. Please type it again."))


def field_rule(*, summary: Msg, sources: tuple[str, ...], name: str | None = None
               ) -> Callable[[RuleFn], FieldRule]:
    """Decorator turning a check function into a :class:`FieldRule` named after the function."""

    def wrap(fn: RuleFn) -> FieldRule:
        return FieldRule(name=name or fn.__name__, summary=summary, sources=sources, fn=fn)

    return wrap
