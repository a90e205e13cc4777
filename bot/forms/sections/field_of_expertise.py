"""New application, tab 5: 領域專長 Field of expertise (seed 001 STEP 18).

One field per application, out of the ten the platform shows (seed 001 line 72); Environment and
Biotechnology are only an unconfirmed note. Changing the field "重覆" (repeats) the documents already
uploaded (seed 001 line 430): it does not clear them, so choose the field before uploading. The salary claim is the
bot's helper for the 「最近月薪達16萬元」 criterion (it is not a box on the platform): filled when the
applicant relies on it, then checked with its arithmetic (:mod:`bot.forms.salary`).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Annotated

from pydantic import BaseModel, ConfigDict

from bot.forms import choices
from bot.forms.facts import Option
from bot.forms.salary import SalaryClaim, check_salary_claim
from bot.forms.spec import OPTIONAL, FieldSpec, InputKind
from bot.i18n import _

SEED = "seed 001 STEP 18"


def route_options() -> Sequence[Option]:
    """The qualification routes (regulations) of bot/data/qualification.json, as the field's options:
    「數位領域第2款」 / "Digital, regulation 2"."""
    from bot.forms.qualification import fields_by_value, qualification_facts

    facts, fields = qualification_facts(), fields_by_value()
    options = []
    for statement in facts.statements:
        if statement.kind != "route":
            continue
        field = fields[statement.field]
        if statement.regulation is None:
            en, zh = f"{field.en}: {statement.short_en}", f"{field.zh}：{statement.short_zh}"
        elif statement.item_en and statement.item_zh:
            en = f"{field.en}, {statement.item_en}, item {statement.regulation}"
            zh = f"{field.zh}{statement.item_zh}第{statement.regulation}項"
        else:
            en, zh = f"{field.en}, regulation {statement.regulation}", f"{field.zh}第{statement.regulation}款"
        options.append(Option(value=statement.id, zh=zh, en=en, confidence=statement.confidence,
                              verified=statement.verified, source=statement.source))
    return tuple(options)


route_rule = choices.choice_rule(
    "qualification_route", route_options, sources=("bot/data/qualification.json",),
    summary=_("A route of the qualification check (bot/data/qualification.json)."))


class FieldOfExpertise(BaseModel):
    """領域專長."""

    model_config = ConfigDict(extra="forbid")

    professional_field: Annotated[str | None, FieldSpec(
        zh="領域專長", en=_("Field of expertise"), rule=choices.professional_field, kind=InputKind.CHOICE,
        options=choices.professional_field_options, source=f"{SEED}; bot/data/professional_fields.json",
        help=_("Choose one field, and choose it before you upload the documents: the platform says changing the "
               "field repeats (重覆) the documents you have already uploaded (如有更換領域專長將會重覆您已上傳的應備"
               "文件).\n{unconfirmed}", unconfirmed=choices.unconfirmed_fields_note()))] = None
    salary: Annotated[SalaryClaim | None, FieldSpec(
        zh="曾任或現任於其他國家或於我國最近月薪達16萬元", en=_("Salary criterion (NT$160,000 a month)"),
        kind=InputKind.SALARY, required=OPTIONAL, on_platform=False, check_stored=check_salary_claim,
        source=f"{SEED}; https://ezworktaiwan.wda.gov.tw/cp.aspx?n=1B58E0B736635285&s=8B5907D446055980",
        help=_("Only if you qualify through your salary: at least NT$160,000 a month (or NT$1,920,000 a year) "
               "within the 3 years before the application month."))] = None
    qualification_route: Annotated[str | None, FieldSpec(
        zh="資格條件(款次)", en=_("Qualification route (regulation)"), rule=route_rule, kind=InputKind.CHOICE,
        required=OPTIONAL, options=route_options, on_platform=False,
        source="bot/data/qualification.json; https://goldcard.nat.gov.tw/en/qualification-check/",
        help=_("The field and regulation the qualification check proposed; its documents make the checklist."))
    ] = None
