"""Answers picked from a list (the platform's drop-downs and radio buttons) and yes/no answers.

Options are data (``bot/data/choices.json``, ``professional_fields.json``, the opening options in
``opening.json``), each with the platform's zh wording. A choice rule accepts the stored value (what
a button sends), the zh or en label, or an alias, case-insensitively, and Chinese typed in Simplified characters
as its Traditional form (工程师 is 工程師); a near miss is offered as a
suggestion, and so is an option whose ``related`` words (a small synonym table in the data: "software
engineer" → 資訊人員, 工程師) are close to the answer. For lists the seeds do not show in full
(``complete: false``), a typed answer outside the list is kept with a note to pick the closest option on the
platform, unless the list says ``keeps_typed: false`` (the occupation): then only the closest options are offered.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Callable, Sequence

from bot.forms.chinese import readings, to_traditional
from bot.forms.facts import Option, choice_list, professional_fields
from bot.forms.result import Accepted, Rejected, RuleContext, RuleResult, Suggestion
from bot.forms.rules import FieldRule, field_rule
from bot.forms.text import has_letter_or_digit, prepare
from bot.i18n import Msg, _, is_chinese, localized, render, verbatim

OptionSource = Callable[[], Sequence[Option]]
LISTED_OVER = 10  # a list longer than this is shown numbered in the question, not as one button per option


def _key(text: str) -> str:
    return " ".join(unicodedata.normalize("NFKC", text).casefold().replace("’", "'").split())


def options_of(list_key: str) -> OptionSource:
    """The options of one list in ``choices.json`` (read lazily, so tests and edits see the data)."""
    return lambda: choice_list(list_key).options


def professional_field_options() -> Sequence[Option]:
    """The platform's options of 領域專長: the ten fields the seeds show (seed 001 line 72)."""
    return tuple(item.as_option() for item in professional_fields() if item.on_platform)


def unconfirmed_fields_note() -> Msg:
    """The fields only the news reports (環境, 生技): a note, never an option."""
    extra = [item for item in professional_fields() if not item.on_platform]
    return _("News reports say {fields} were added as fields in 2025-2026; the Gold Card Office's tutorial does "
             "not show them and their criteria were not found (unconfirmed). If the platform lists one that fits "
             "you, ask the Gold Card Office (+886 2 7733-7660, help@taiwangoldcard.tw) before you choose it.",
             fields=localized(" / ".join(f"{item.zh} ({item.en})" for item in extra),
                              "、".join(item.zh for item in extra)))


def find_option(text: str, options: Sequence[Option]) -> Option | None:
    """The option whose value, label or alias is ``text`` (ignoring case, width and spacing; Simplified
    characters read as Traditional)."""
    keys = [_key(reading) for reading in readings(text)]
    for option in options:
        known = {_key(option.value), _key(option.zh), _key(option.en), *(_key(a) for a in option.aliases)}
        if any(key in known for key in keys):
            return option
    return None


def _near(text: str, options: Sequence[Option]) -> list[Option]:
    """Up to four options whose label, alias or related word is close to ``text`` (rapidfuzz), best first."""
    labels: list[tuple[str, Option]] = []
    for option in options:
        labels += [(_key(option.zh), option), (_key(option.en), option)]
        labels += [(_key(word), option) for word in (*option.aliases, *option.related)]
    found: list[Option] = []
    from rapidfuzz import fuzz, process  # here: loaded with the first typed choice, not at start-up

    for _label, _score, index in process.extract(_key(to_traditional(text)), [k for k, _o in labels],
                                                 scorer=fuzz.WRatio, limit=20, score_cutoff=80):
        option = labels[index][1]
        if option not in found:
            found.append(option)
    return found[:4]


def _refusal(text: str, options: Sequence[Option], near: list[Option], locale: str) -> Rejected:
    """A typed answer that is none of the options: the closest ones to tap (or "Other" on a long list)."""
    def shown(group: Sequence[Option]) -> str:
        return ("、" if is_chinese(locale) else ", ").join(o.label(locale) for o in group)

    if len(options) <= LISTED_OVER:
        group = near or list(options)
        return Rejected(_("Please choose one of: {options}.", options=shown(group)),
                        suggestions=tuple(Suggestion(o.value, verbatim(o.label(locale))) for o in group))
    other = [o for o in options if o.value == "other"]
    if near:
        message = _("That is not on the platform's list. The closest options: {options}.", options=shown(near))
    else:
        message = _("I found nothing close to “{answer}” in the platform's list: choose the closest option in the "
                    "list, or “{other}”.", answer=text,
                    other=shown(other) if other else "—")
    return Rejected(message, suggestions=tuple(Suggestion(o.value, verbatim(o.zh if is_chinese(locale)
                                                                             else f"{o.zh} {o.en}"))
                                               for o in (near or other)))


def choice_rule(name: str, source: OptionSource, *, summary: Msg, sources: tuple[str, ...],
                open_list: bool = False) -> FieldRule:
    """A rule for one list of options; ``open_list`` keeps answers outside the list (with a note)."""

    def check(raw: str, ctx: RuleContext) -> RuleResult:
        text = prepare(raw, 100)
        if isinstance(text, Rejected):
            return text
        options = source()
        option = find_option(text, options)
        if option is not None:
            return Accepted(option.value, shown=option.label(ctx.locale))
        near = _near(text, options)
        if open_list and not near and has_letter_or_digit(text):
            return Accepted(text, shown=text, notes=(
                _("That is not one of the options I know. On the platform, pick the closest option in the list."),))
        return _refusal(text, options, near, ctx.locale)

    return FieldRule(name=name, summary=summary, sources=sources, fn=check)


def list_rule(list_key: str, *, summary: Msg | None = None) -> FieldRule:
    """A choice rule for a list in ``choices.json``; open when the seeds do not show the whole list."""
    data = choice_list(list_key)
    sources = tuple(dict.fromkeys(part.strip() for option in data.options for part in option.source.split(";")))
    keeps_typed = not data.complete if data.keeps_typed is None else data.keeps_typed
    return choice_rule(
        f"choice:{list_key}", options_of(list_key), sources=sources, open_list=keeps_typed,
        summary=summary or (_("One of the platform's options (list in bot/data/choices.json).")
                            if data.complete or not keeps_typed
                            else _("One of the options seen on the platform, or a typed answer (the full list "
                                   "is not known; see bot/data/choices.json).")),
    )


_field_choice = choice_rule(
    "professional_field", professional_field_options,
    summary=_("One of the ten professional fields the platform shows."), sources=("seed 001 STEP 18",),
)


@field_rule(
    summary=_("One of the ten professional fields the platform shows (bot/data/professional_fields.json); a "
              "note when its criteria are unconfirmed; Environment and Biotechnology only as an unconfirmed note."),
    sources=("seed 001 STEP 18", "seed 001 STEP 3", "research/domain.md §0, §3"),
)
def professional_field(raw: str, ctx: RuleContext) -> RuleResult:
    """領域專長: one field per application; changing it "重覆" (repeats) the uploaded documents (seed 001 line 430)."""
    result = _field_choice.fn(raw, ctx)
    if isinstance(result, Rejected):
        text = prepare(raw, 100)
        extra = [item.as_option() for item in professional_fields() if not item.on_platform]
        key = _key(text) if isinstance(text, str) else ""
        if len(key) >= 2 and any(key in _key(option.zh) or key in _key(option.en) for option in extra):
            return Rejected(unconfirmed_fields_note(), suggestions=result.suggestions)
    if isinstance(result, Accepted):
        chosen = next((item for item in professional_fields() if item.value == result.value), None)
        if chosen is not None and not chosen.criteria_confirmed:
            return Accepted(result.value, shown=result.shown, notes=(
                _("The current criteria of this field could not be confirmed. Read them on the Gold Card "
                  "website (goldcard.nat.gov.tw) before you choose it."),))
    return result

# yes and no as people type them, in both languages: this rule's, and the chat's at every yes/no question
# (bot/engine/typed_answers.py)
YES_WORDS = frozenset({"yes", "y", "yeah", "yep", "yup", "sure", "ok", "okay", "true", "yes please",
                       "是", "是的", "對", "對的", "有", "要", "好", "會"})
NO_WORDS = frozenset({"no", "n", "nope", "nah", "never", "false", "none", "no thanks",
                      "不是", "不", "不對", "否", "沒有", "沒", "無", "不要", "不會", "從來沒有", "從未"})
_YES = YES_WORDS | {"1"}  # a stored draft's 1/0; in the chat a digit is a button's number
_NO = NO_WORDS | {"0"}


@field_rule(
    summary=_("Yes or no (是 / 否)."),
    sources=("seed 001 STEP 16 (是 / 否 radio buttons)",),
)
def yes_no(raw: str, ctx: RuleContext) -> RuleResult:
    """A yes/no question; stored as true or false."""
    text = prepare(raw, 20)
    if isinstance(text, Rejected):
        return text
    key = _key(to_traditional(text)).rstrip(".!。！")  # 没有 is 沒有
    if key in _YES:
        return Accepted(True, shown=render(_("Yes"), ctx.locale))
    if key in _NO:
        return Accepted(False, shown=render(_("No"), ctx.locale))
    return Rejected(_("Please answer yes or no."),
                    suggestions=(Suggestion("yes", _("Yes")), Suggestion("no", _("No"))))
