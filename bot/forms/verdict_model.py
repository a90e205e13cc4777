"""The verdict on a draft as data: per tab and overall, complete / incomplete / problems, with open notes.

:func:`bot.forms.verdict.verdict` computes it once from the whole draft; the review card, ``/status``, the
chat export, the PDF, the ZIP, ``goldcard-bot export`` and ``check-draft`` only show it
(:mod:`bot.forms.verdict_text`), and :meth:`Verdict.as_json` gives it to other clients (a Mini App).

- ``missing``: what is still to be answered or uploaded, in the platform's order;
- ``problems``: what the platform or its reviewers would refuse (a value a rule refuses, answers that
  contradict each other across tabs);
- ``notes``: warnings the applicant has seen and kept (they never block).

Every finding names its tab, its field (or checklist item), and, for the cross-tab rules, the rule's id and
source (a seed file and line, or a URL of research/domain.md).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any, Literal

from bot.i18n import Msg, render

FindingKind = Literal["missing", "problem", "note"]
Status = Literal["complete", "incomplete", "problems"]


@dataclass(frozen=True)
class Finding:
    """One thing the verdict reports: ``section`` is the tab's key, ``key`` the field (or document item)."""

    kind: FindingKind
    section: str
    key: str
    zh: str
    en: Msg
    message: Msg
    rule: str | None = None  # a cross-tab rule's id; None for a field's own rule
    source: str | None = None

    @property
    def path(self) -> str:
        return f"{self.section}.{self.key}"

    @property
    def blocking(self) -> bool:
        return self.kind != "note"

    def as_json(self, locale: str) -> dict[str, Any]:
        return {"kind": self.kind, "section": self.section, "key": self.key, "path": self.path,
                "zh_label": self.zh, "en_label": render(self.en, "en"), "message": render(self.message, locale),
                "rule": self.rule, "source": self.source}


def _status(missing: tuple[Finding, ...], problems: tuple[Finding, ...]) -> Status:
    return "problems" if problems else "incomplete" if missing else "complete"


@dataclass(frozen=True)
class TabVerdict:
    """One tab (or form) of the platform: its findings in field order."""

    key: str
    zh: str
    en: Msg
    missing: tuple[Finding, ...] = ()
    problems: tuple[Finding, ...] = ()
    notes: tuple[Finding, ...] = ()

    @property
    def status(self) -> Status:
        return _status(self.missing, self.problems)

    @property
    def complete(self) -> bool:
        return self.status == "complete"

    @property
    def findings(self) -> tuple[Finding, ...]:
        return self.missing + self.problems + self.notes

    def as_json(self, locale: str) -> dict[str, Any]:
        return {"key": self.key, "zh": self.zh, "en": render(self.en, "en"), "status": self.status,
                "missing": [f.as_json(locale) for f in self.missing],
                "problems": [f.as_json(locale) for f in self.problems],
                "notes": [f.as_json(locale) for f in self.notes]}


@dataclass(frozen=True)
class Verdict:
    """The whole draft: one :class:`TabVerdict` per tab in the platform's order, and the overall status."""

    today: date
    tabs: tuple[TabVerdict, ...]

    @property
    def missing(self) -> tuple[Finding, ...]:
        return tuple(f for tab in self.tabs for f in tab.missing)

    @property
    def problems(self) -> tuple[Finding, ...]:
        return tuple(f for tab in self.tabs for f in tab.problems)

    @property
    def notes(self) -> tuple[Finding, ...]:
        return tuple(f for tab in self.tabs for f in tab.notes)

    @property
    def status(self) -> Status:
        return _status(self.missing, self.problems)

    @property
    def complete(self) -> bool:
        return self.status == "complete"

    def tab(self, key: str) -> TabVerdict | None:
        return next((tab for tab in self.tabs if tab.key == key), None)

    def as_json(self, locale: str = "en") -> dict[str, Any]:
        """JSON-ready data (messages rendered in ``locale``), e.g. ``json.dumps(verdict.as_json("zh_TW"))``."""
        return {"today": self.today.isoformat(), "status": self.status, "complete": self.complete,
                "counts": {"missing": len(self.missing), "problems": len(self.problems), "notes": len(self.notes)},
                "tabs": [tab.as_json(locale) for tab in self.tabs]}


__all__ = ["Finding", "FindingKind", "Status", "TabVerdict", "Verdict"]
