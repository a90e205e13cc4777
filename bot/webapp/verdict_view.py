"""The verdict of the shared rules, as the copy desk shows it: the ONE place that asks for it.

Today the shared draft checker (:meth:`bot.forms.draft.ApplicationDraft.problems`, over the
conversation's storage mapped by :func:`bot.dialogs.draft_io.to_draft`) lists missing answers, refused
values and notes in platform order. When bot/forms grows a single verdict (complete / incomplete with the
missing items / problems / open notes, per tab and overall), only :func:`verdict_for` changes.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import Any, Literal

from bot.dialogs.draft_io import to_draft
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
    """The verdict of the stored draft ``sections`` for the tabs (section keys) in ``only``."""
    wanted = tuple(only)
    try:
        draft = to_draft(sections)
    except ValueError:
        return VerdictView(unreadable=_("Some stored answers no longer fit the platform's form; check the tabs "
                                        "again in the chat."))
    found: dict[str, dict[str, list[Finding]]] = {name: {"missing": [], "problems": [], "notes": []}
                                                   for name in wanted}
    for problem in draft.problems(today):
        if problem.section not in found:
            continue
        part = {"missing": "missing", "invalid": "problems", "note": "notes"}[problem.kind]
        found[problem.section][part].append(Finding(problem.section, problem.key, problem.zh, problem.message))
    if "documents" in found:
        found["documents"]["missing"].extend(_documents_missing(sections))
    return VerdictView({name: TabVerdict(tuple(parts["missing"]), tuple(parts["problems"]), tuple(parts["notes"]))
                        for name, parts in found.items()})


def _documents_missing(sections: Mapping[str, Any]) -> list[Finding]:
    """The checklist's documents not uploaded yet (the draft checker does not see the uploads)."""
    from bot.engine.documents_tab import checklist_of

    view: dict[str, Any] = {}
    for section in sections.values():
        if isinstance(section, Mapping):
            view.update({k: v for k, v in section.items() if not str(k).startswith("_")})
    documents = sections.get("documents")
    view.update(documents if isinstance(documents, Mapping) else {})
    return [Finding("documents", entry.item.key, entry.item.zh,
                    _("Not uploaded yet: send it in the chat's documents step."))
            for entry in checklist_of(view).missing]
