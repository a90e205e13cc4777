"""Questions built from the shared field metadata (bot/forms): a field is declared once, with its
platform label, English label, kind, options, rule and conditions, and becomes a dialog question here.

Prompts and hints come from the field's kind and help; closed lists become buttons (the platform's
wording in zh_TW, the English beside it otherwise); open lists (whose full option list the seeds do
not show) also accept a typed answer, which the field's rule checks. A long list (the occupation, more than
``LISTED_OVER`` options) is shown numbered in the question, Chinese beside English, instead of one button per
option: the applicant types a number, or their own words and taps the closest option the rule suggests.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from bot.engine.flow import YES_NO_CHOICES, Answers, Choice, Flow, Question
from bot.forms.choices import LISTED_OVER
from bot.forms.facts import Option
from bot.forms.sections import section
from bot.forms.spec import FieldRef, FieldSpec, InputKind
from bot.i18n import Msg, _, joined, localized

PROMPTS: dict[InputKind, Msg] = {
    InputKind.TEXT: _("Please type it."),
    InputKind.DATE: _("Please type the date, for example 1990-07-30."),
    InputKind.YEAR_MONTH: _("Please type the year and month, for example 2020-06."),
    InputKind.COUNTRY: _("Please type the country, in English or Chinese (for example Germany or 德國)."),
    InputKind.CHOICE: _("Please choose one."),
    InputKind.YES_NO: _("Please answer yes or no."),
    InputKind.CHECKBOX: _("Does this apply to you?"),
    InputKind.EMAIL: _("Please type the email address."),
    InputKind.PHONE: _("Please type the number with its country code, for example +49 30 1234567."),
    InputKind.ADDRESS: _("Please type the address in Traditional Chinese characters and Arabic numerals."),
    InputKind.NUMBER: _("Please type the number."),
    InputKind.FILES: _("Please send the file."),
    InputKind.SALARY: _("Please type it."),
}

LISTED_PROMPT = _("Type the number of your answer in the list, or type it in your own words (English or Chinese): "
                  "I will suggest the closest options.")


def choices_of(spec: FieldSpec) -> tuple[Choice, ...]:
    if spec.kind in (InputKind.YES_NO, InputKind.CHECKBOX):
        return YES_NO_CHOICES
    if spec.options is None:
        return ()
    return tuple(option_choice(option) for option in spec.options())


def listing(options: Sequence[Option], help_text: Msg | None) -> Msg:
    """A long list, numbered as the question's buttons would be: "7 工程師 Engineer" one to a line in English,
    three to a line in zh_TW; then which options the Gold Card Office's tutorials show."""
    english = "\n".join(f"{number} {option.zh} {option.en}" for number, option in enumerate(options, 1))
    cells = [f"{number} {option.zh}" for number, option in enumerate(options, 1)]
    chinese = "\n".join("　".join(cells[i:i + 3]) for i in range(0, len(cells), 3))
    parts: list[Msg] = [localized(english, chinese)]
    seen = [option for option in options if option.confidence != "UNCONFIRMED"]
    if seen and len(seen) < len(options):
        parts.append(_("Only {seen} appear in the Gold Card Office's tutorials; the other options are unconfirmed "
                       "(see their sources in bot/data). If the platform's list differs, pick the closest option "
                       "there.", seen=localized(", ".join(f"{o.zh} ({o.en})" for o in seen),
                                                "、".join(o.zh for o in seen))))
    if help_text is not None:
        parts.append(help_text)
    return joined(parts, "\n\n")


def option_choice(option: Option) -> Choice:
    """A button for one option; only wording seen on the platform (not UNCONFIRMED) is shown as the platform's."""
    return Choice(option.value, localized(option.en, option.zh),
                  platform_label=option.zh if option.confidence != "UNCONFIRMED" else None)


def question_of(ref: FieldRef) -> Question:
    spec = ref.spec
    on_platform = spec.on_platform
    options = tuple(spec.options()) if spec.options is not None and spec.kind is InputKind.CHOICE else ()
    listed = len(options) > LISTED_OVER
    prompt = LISTED_PROMPT if listed else PROMPTS.get(spec.kind, PROMPTS[InputKind.TEXT])
    return Question(
        key=ref.key,
        prompt=prompt if on_platform else spec.en,
        kind=spec.kind,
        label_zh=spec.zh if on_platform else None,
        label_en=spec.en if on_platform else None,
        title=None if on_platform else spec.en,
        hint=listing(options, spec.help) if listed else spec.help,
        choices=choices_of(spec),
        rule=spec.rule,
        show_if=spec.asked if spec.ask_when is not None else None,
        optional=_optional(spec),
        open_list=spec.rule is not None and spec.kind is InputKind.CHOICE,
        listed=listed,
    )


def _optional(spec: FieldSpec) -> Callable[[Answers], bool]:
    def optional(answers: Answers) -> bool:
        return not spec.required.applies(answers)

    return optional


def section_flow(key: str, *, next_flow: str | None = None, part_of: str | None = None,
                 skip: frozenset[str] = frozenset(), personal: bool = True) -> Flow:
    """The flow that asks the fields of the forms section ``key`` in platform order."""
    item = section(key)
    questions = tuple(question_of(ref) for ref in item.fields() if ref.key not in skip)
    return Flow(name=key, title=item.en, questions=questions, label_zh=item.zh, next_flow=next_flow,
                part_of=part_of, personal=personal)
