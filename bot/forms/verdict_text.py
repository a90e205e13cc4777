"""The verdict in words: the same lines on the review card, ``/status``, the chat export, the PDF and the CLI.

:func:`headline` says complete or INCOMPLETE with the counts; :func:`verdict_lines` lists what is
missing (tab by tab, in the platform's order), what to fix and the open notes; :func:`tab_line` is one
tab's status. They format :class:`~bot.forms.verdict_model.Verdict` and decide nothing.
"""

from __future__ import annotations

from bot.forms.verdict_model import Finding, TabVerdict, Verdict
from bot.i18n import Bold, Msg, _, is_chinese, ngettext, verbatim

NO_REFUND = _("Before you pay: once the fee is paid it is never refunded, whether the card is approved or not "
              "(系統使用聲明事項: 本申請案一旦完成繳費後，無論核准與否均不退費).")


def headline(verdict: Verdict) -> Msg:
    missing, problems, notes = len(verdict.missing), len(verdict.problems), len(verdict.notes)
    if verdict.complete:
        if notes:
            return ngettext("✅ Complete: every answer and document the platform asks for is here ({notes} note to "
                            "read).", "✅ Complete: every answer and document the platform asks for is here ({notes} "
                            "notes to read).", notes, notes=notes)
        return _("✅ Complete: every answer and document the platform asks for is here.")
    return ngettext("⚠️ INCOMPLETE: not ready to submit. {missing} missing, {problems} to fix, {notes} note.",
                    "⚠️ INCOMPLETE: not ready to submit. {missing} missing, {problems} to fix, {notes} notes.",
                    notes, missing=missing, problems=problems, notes=notes)


def label(finding: Finding, locale: str) -> Msg:
    if is_chinese(locale):
        return verbatim(finding.zh)
    return _("{platform} · {english}", platform=finding.zh, english=finding.en)


def _tab_name(tab: TabVerdict, locale: str) -> Msg | Bold:
    return Bold(tab.zh) if is_chinese(locale) else _("{platform} · {english}", platform=Bold(tab.zh), english=tab.en)


def tab_line(tab: TabVerdict, locale: str) -> Msg:
    """One tab's status: complete, what is missing, or how many answers to fix."""
    name = _tab_name(tab, locale)
    if tab.problems:
        return _("❌ {tab}: {count} to fix", tab=name, count=len(tab.problems))
    if tab.missing:
        return _("⚠️ {tab}: missing {fields}", tab=name, fields="、".join(dict.fromkeys(f.zh for f in tab.missing)))
    return _("✅ {tab}: complete", tab=name)


def finding_line(finding: Finding, locale: str) -> Msg:
    mark = {"missing": "⬜", "problem": "❌", "note": "ℹ️"}[finding.kind]
    return _("{mark} {label}: {message}", mark=mark, label=label(finding, locale), message=finding.message)


def verdict_lines(verdict: Verdict, locale: str) -> tuple[Msg, ...]:
    """The headline, then the missing answers per tab, the problems and the open notes (platform order)."""
    lines: list[Msg] = [headline(verdict)]
    gaps = [tab for tab in verdict.tabs if tab.missing]
    if gaps:
        lines.append(_("Still missing:"))
        lines.extend(_("• {tab}: {fields}", tab=_tab_name(tab, locale),
                       fields="、".join(dict.fromkeys(f.zh for f in tab.missing))) for tab in gaps)
        lines.extend(finding_line(f, locale) for f in verdict.missing if f.rule is not None)
    if verdict.problems:
        lines.append(_("To fix before you submit:"))
        lines.extend(finding_line(f, locale) for f in verdict.problems)
    if verdict.notes:
        lines.append(_("Open notes (you have seen them; read them again before you submit):"))
        lines.extend(finding_line(f, locale) for f in verdict.notes)
    return tuple(lines)


__all__ = ["NO_REFUND", "finding_line", "headline", "label", "tab_line", "verdict_lines"]
