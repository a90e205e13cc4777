"""The verdict of the shared rules, as the copy desk shows it: the ONE place that asks for it.

The desk computes nothing of its own: it shows :func:`bot.forms.verdict.verdict` (through
:func:`bot.forms.draft_io.review_findings`, as the review card, /status and the exports do) for the tabs
it shows, in the platform's order, with the verdict's own :class:`~bot.forms.verdict_model.TabVerdict`.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from bot.forms.draft_io import review_findings
from bot.forms.verdict_model import TabVerdict
from bot.i18n import Msg, _, verbatim

NOTHING = TabVerdict("", "", verbatim(""))  # a tab the verdict could not judge: nothing listed


@dataclass(frozen=True)
class VerdictView:
    """The verdict per tab (by section key) and overall; ``unreadable`` when the stored answers no longer fit
    the platform's form at all."""

    tabs: Mapping[str, TabVerdict] = field(default_factory=dict)
    unreadable: Msg | None = None

    def tab(self, section: str) -> TabVerdict:
        return self.tabs.get(section, NOTHING)

    @property
    def overall(self) -> TabVerdict:
        """The shown tabs' findings together."""
        tabs = self.tabs.values()
        return TabVerdict("", "", verbatim(""), missing=tuple(f for tab in tabs for f in tab.missing),
                          problems=tuple(f for tab in tabs for f in tab.problems),
                          notes=tuple(f for tab in tabs for f in tab.notes))


def verdict_for(sections: Mapping[str, Any], today: date, only: Iterable[str]) -> VerdictView:
    """The shared verdict on the stored draft ``sections``, for the tabs (section keys) in ``only``."""
    judged = review_findings(sections, today)
    if judged is None:
        return VerdictView(unreadable=_("Some stored answers no longer fit the platform's form; check the tabs "
                                        "again in the chat."))
    shown = {name: tab for name in only if (tab := judged.tab(name)) is not None}
    return VerdictView(shown)
