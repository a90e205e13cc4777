"""Field metadata: what the platform calls a field, when it is required, which rule checks it, and why.

A section model declares each field as ``Annotated[<type>, FieldSpec(...)]``. The field's name is its
stable key (snake_case, after the platform's English label); :class:`FieldSpec` holds the zh label
verbatim from the platform, the English label (a msgid), the requirement, the rule, the input kind,
the options of a list, and the source. Dialogs iterate :func:`field_specs` in platform order; the
JSON Schema carries the same metadata (``x-zh-label``, ``x-rule`` ...); docs/fields.md is generated
from it.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from pydantic import BaseModel, GetJsonSchemaHandler
from pydantic.json_schema import JsonSchemaValue
from pydantic_core import CoreSchema

from bot.forms.facts import Option
from bot.forms.result import Accepted, RuleContext, RuleResult
from bot.forms.rules import FieldRule
from bot.i18n import Msg, _

Answers = Mapping[str, Any]


class InputKind(StrEnum):
    """How a dialog asks for a field or question (values are stable: dialogs may persist them); the one
    input-kind enum, used by the field specs and the engine's questions (bot/engine/flow.py) alike."""

    TEXT = "text"
    DATE = "date"
    YEAR_MONTH = "year_month"
    COUNTRY = "country"
    CHOICE = "choice"
    YES_NO = "yes_no"
    CHECKBOX = "checkbox"
    EMAIL = "email"
    PHONE = "phone"
    ADDRESS = "address"
    NUMBER = "number"
    FILES = "files"
    SALARY = "salary"
    AGREE = "agree"  # the bot's own questions only: a single 同意 (agree) button


@dataclass(frozen=True)
class Requirement:
    """When a field must be answered. ``when`` looks at the flat answers (field key → stored value,
    including the opening answers); ``describe`` says it in words for docs and the review card."""

    describe: Msg
    when: Callable[[Answers], bool]

    def applies(self, answers: Answers) -> bool:
        return self.when(answers)


ALWAYS = Requirement(_("always"), lambda answers: True)
OPTIONAL = Requirement(_("optional"), lambda answers: False)


def _given(answers: Answers, key: str) -> bool:
    value = answers.get(key)
    return value not in (None, "", [], {})


def unless_given(other: str, describe: Msg) -> Requirement:
    """Required unless ``other`` is answered (e.g. one of surname / given name)."""
    return Requirement(describe, lambda answers: not _given(answers, other))


def when_true(key: str, describe: Msg) -> Requirement:
    """Required when the yes/no or checkbox answer ``key`` is true."""
    return Requirement(describe, lambda answers: answers.get(key) is True)


StoredCheck = Callable[[Any, RuleContext], RuleResult]
OptionSource = Callable[[], Sequence[Option]]


@dataclass(frozen=True)
class FieldSpec:
    """Metadata of one platform field (attach with ``Annotated[type, FieldSpec(...)]``).

    ``rule`` checks a typed answer; ``check_stored`` checks a stored value that is not text (files,
    a salary claim); ``options`` lists the choices of a drop-down; ``on_platform`` is False for the
    bot's own helper fields, whose zh label is the bot's wording rather than the platform's.
    ``ask_when`` limits when the field is asked at all (e.g. the UI number only of someone who held a
    residence permit); without it the field is always asked, and is optional whenever ``required``
    does not apply.
    """

    zh: str
    en: Msg
    source: str
    rule: FieldRule | None = None
    required: Requirement = ALWAYS
    kind: InputKind = InputKind.TEXT
    options: OptionSource | None = None
    help: Msg | None = None
    on_platform: bool = True
    check_stored: StoredCheck | None = None
    ask_when: Requirement | None = None

    def asked(self, answers: Answers) -> bool:
        return self.ask_when is None or self.ask_when.applies(answers)

    def check(self, raw: str, ctx: RuleContext) -> RuleResult:
        """Run the rule on a typed answer (text fields without a rule keep the stripped text)."""
        if self.rule is None:
            return Accepted(raw.strip(), shown=raw.strip())
        return self.rule(raw, ctx)

    def __get_pydantic_json_schema__(self, core_schema: CoreSchema, handler: GetJsonSchemaHandler
                                     ) -> JsonSchemaValue:
        schema = dict(handler(core_schema))
        schema["title"] = self.en.msgid
        schema["description"] = f"{self.zh} — required: {self.required.describe.msgid}" + (
            f"; rule: {self.rule.summary.msgid}" if self.rule else "")
        schema["x-zh-label"] = self.zh
        schema["x-en-label"] = self.en.msgid
        schema["x-required-when"] = self.required.describe.msgid
        schema["x-kind"] = str(self.kind)
        schema["x-source"] = self.source
        schema["x-on-platform"] = self.on_platform
        if self.rule is not None:
            schema["x-rule"] = self.rule.name
        if self.options is not None:
            schema["x-options"] = [
                {"value": option.value, "zh": option.zh, "en": option.en} for option in self.options()
            ]
        return schema


@dataclass(frozen=True)
class FieldRef:
    """A field of a section: where it lives (``section``, ``key``) and its :class:`FieldSpec`."""

    section: str
    key: str
    spec: FieldSpec

    @property
    def path(self) -> str:
        return f"{self.section}.{self.key}"


def field_specs(model: type[BaseModel]) -> tuple[tuple[str, FieldSpec], ...]:
    """The annotated fields of ``model`` in declaration (= platform) order, with their specs."""
    found: list[tuple[str, FieldSpec]] = []
    for key, info in model.model_fields.items():
        spec = next((item for item in info.metadata if isinstance(item, FieldSpec)), None)
        if spec is not None:
            found.append((key, spec))
    return tuple(found)
