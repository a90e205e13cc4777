"""What the guided flows share: questions from the shared field metadata with the flow's own wording,
copy-sheet lines (the platform's zh label beside the English, the value monospace = tap-to-copy in
Telegram), and the in-memory password check behind an ephemeral question.

A copy-sheet line is built without knowing the reader's language (flow summaries are lazy messages):
labels are :class:`~bot.i18n.Localized` pairs, so a zh_TW reader sees the platform's label alone and an
English reader sees both.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Mapping, Sequence
from typing import Any

from bot.dialogs.from_forms import question_of
from bot.engine.flow import Answers, Question
from bot.export.values import show
from bot.forms.account import PasswordCheck
from bot.forms.result import Accepted, Rejected, RuleContext, RuleResult
from bot.forms.rules import FieldRule
from bot.forms.sections import section
from bot.forms.spec import FieldSpec
from bot.i18n import Code, Localized, Msg, _, joined, render


def field_question(section_key: str, key: str, *, show_if: Callable[[Answers], bool] | None = None,
                   **changes: Any) -> Question:
    """The question of a shared field (label, rule, kind, options, requirement), with the flow's own
    ``show_if`` added to the field's own condition and any other attribute replaced."""
    question = question_of(section(section_key).field(key))
    if show_if is not None:
        own = question.show_if

        def visible(answers: Answers) -> bool:
            return show_if(answers) and (own is None or own(answers))

        changes["show_if"] = visible
    return dataclasses.replace(question, **changes) if changes else question


def given(answers: Mapping[str, Any], key: str) -> bool:
    return answers.get(key) not in (None, "", [], {})


# -- copy sheet ---------------------------------------------------------------------------------


def label(zh: str, en: Msg | str) -> Localized:
    """The platform's label, with the English one beside it for English readers."""
    english = en if isinstance(en, str) else render(en, "en")
    return Localized(f"{zh} · {english}", zh)


def value_line(zh: str, en: Msg | str, text: str, gloss: str | None = None) -> Msg:
    """``中文 · English: `value` (English meaning)``; the value monospace, tap-to-copy."""
    return _("{label}: {value}{gloss}", label=label(zh, en), value=Code(text),
             gloss=Localized(f" ({gloss})" if gloss else "", ""))


def spec_line(spec: FieldSpec, value: Any) -> Msg:
    """A stored value of a shared field, shown as the platform's box takes it (a choice in the
    platform's wording, a country by name, a yes/no as 是/否)."""
    shown = show(spec, value)
    line = value_line(spec.zh, spec.en, shown.text, shown.gloss)
    parts = [line, *(_("   ↳ {label}: {value}", label=label(part.zh, part.en) if part.zh else part.en,
                       value=Code(part.text)) for part in shown.parts)]
    return joined(parts)


def section_lines(section_key: str, answers: Answers, keys: Sequence[str] | None = None) -> tuple[Msg, ...]:
    """Copy-sheet lines of the answered fields of a section (in platform order, or ``keys``' order)."""
    refs = section(section_key).fields()
    wanted = list(keys) if keys is not None else [ref.key for ref in refs]
    by_key = {ref.key: ref for ref in refs}
    return tuple(spec_line(by_key[key].spec, answers[key]) for key in wanted
                 if key in by_key and given(answers, key))


def bullets(lines: Sequence[Msg]) -> Msg:
    return joined([_("• {line}", line=line) for line in lines])


# -- password ideas (checked in memory only) ------------------------------------------------------


def password_idea_rule(name: str, check: Callable[[str, Answers], PasswordCheck], *, summary: Msg,
                       sources: tuple[str, ...]) -> FieldRule:
    """A rule for an ephemeral question: it says which password rules a candidate breaks and keeps
    nothing. The result never contains the candidate, only the rules' messages (and its length)."""

    def fn(raw: str, ctx: RuleContext) -> RuleResult:
        result = check(raw, ctx.answers)
        if result.ok:
            return Accepted(True, notes=(_("✓ That idea meets every rule. Type it on the platform only: I did "
                                           "not keep it, and I deleted your message from the chat."),))
        return Rejected(_("That idea breaks these rules (I did not keep it, and I deleted your message):\n{rules}",
                          rules=bullets(result.failures)))

    return FieldRule(name=name, summary=summary, sources=sources, fn=fn)
