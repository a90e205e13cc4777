"""The verdict of the shared rules, as the copy desk shows it: the ONE place that asks for it.

The desk computes nothing of its own: it shows :func:`bot.forms.verdict.verdict` (through
:func:`bot.forms.draft_io.review_findings`, as the review card, /status and the exports do) for the tabs
it shows, in the platform's order.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import Any, Literal

from bot.forms import verdict_model
from bot.forms.draft_io import review_findings
from bot.i18n import Msg, _

State = Literal["complete", "incomplete", "problems"]


@dataclass(frozen=True)
class Finding:
    """One missing answer, refused value or note: the tab (section), the field and what to do."""

    section: str
    key: str
    zh: str
    message: Msg


@dataclass(frozen=True)
class TabVerdict:
    missing: tuple[Finding, ...] = ()
    problems: tuple[Finding, ...] = ()
    notes: tuple[Finding, ...] = ()

    @property
    def state(self) -> State:
        return "problems" if self.problems else "incomplete" if self.missing else "complete"


@dataclass(frozen=True)
class VerdictView:
    """The verdict per tab (by section key) and overall; ``unreadable`` when the stored answers no longer fit
    the platform's form at all."""

    tabs: Mapping[str, TabVerdict] = field(default_factory=dict)
    unreadable: Msg | None = None

    def tab(self, section: str) -> TabVerdict:
        return self.tabs.get(section, TabVerdict())

    @property
    def overall(self) -> TabVerdict:
        return TabVerdict(*(tuple(f for tab in self.tabs.values() for f in getattr(tab, part))
                            for part in ("missing", "problems", "notes")))


def verdict_for(sections: Mapping[str, Any], today: date, only: Iterable[str]) -> VerdictView:
    """The shared verdict on the stored draft ``sections``, for the tabs (section keys) in ``only``."""
    judged = review_findings(sections, today)
    if judged is None:
        return VerdictView(unreadable=_("Some stored answers no longer fit the platform's form; check the tabs "
                                        "again in the chat."))
    tabs: dict[str, TabVerdict] = {}
    for name in only:
        tab = judged.tab(name)
        if tab is not None:
            tabs[name] = TabVerdict(*(tuple(_finding(f) for f in part)
                                      for part in (tab.missing, tab.problems, tab.notes)))
    return VerdictView(tabs)


def _finding(found: verdict_model.Finding) -> Finding:
    return Finding(found.section, found.key, found.zh, found.message)
