"""One verdict on a draft, computed once: every field rule (``draft.problems``) and every rule across tabs
(:mod:`bot.forms.crosstab`), sorted into tabs in the platform's order.

Everything that says whether an application is complete — the review card, ``/status``, the chat export,
the PDF and ZIP, ``goldcard-bot export`` and ``check-draft`` — calls :func:`verdict` and shows the result
(:mod:`bot.forms.verdict_text`); none of them decides on its own.
"""

from __future__ import annotations

from datetime import date

from bot.forms.crosstab import cross_findings
from bot.forms.draft import ApplicationDraft, Problem
from bot.forms.sections import SECTIONS
from bot.forms.verdict_model import Finding, FindingKind, TabVerdict, Verdict

KINDS: dict[str, FindingKind] = {"missing": "missing", "invalid": "problem", "note": "note"}


def from_problem(problem: Problem) -> Finding:
    return Finding(KINDS[problem.kind], problem.section, problem.key, problem.zh, problem.en, problem.message)


def verdict(draft: ApplicationDraft, today: date, locale: str = "en") -> Verdict:
    """The verdict on ``draft`` as of ``today`` (the check date; the submission date when the draft has one
    counts for the passport). ``locale`` only picks the language of data names inside messages."""
    findings = [*map(from_problem, draft.problems(today, locale)), *cross_findings(draft, today)]
    tabs: list[TabVerdict] = []
    for item in SECTIONS:
        if not item.required and not draft.started(item.key):
            continue
        order = {ref.key: index for index, ref in enumerate(item.fields())}
        mine = sorted((f for f in findings if f.section == item.key), key=lambda f: order.get(f.key, len(order)))
        tabs.append(TabVerdict(
            item.key, item.zh, item.en,
            missing=tuple(f for f in mine if f.kind == "missing"),
            problems=tuple(f for f in mine if f.kind == "problem"),
            notes=tuple(f for f in mine if f.kind == "note")))
    return Verdict(today, tuple(tabs))


__all__ = ["from_problem", "verdict"]
