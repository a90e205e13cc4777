"""New application, tab 3: 簽證申請(繳驗護照) Visa application / passport inspection (seed 001 STEP 16).

The zh labels of the yes/no questions are the platform's as transcribed in seed 001 STEP 16; two of
them (questions 5 and 8) were transcribed from a screenshot and may read slightly differently on the
live platform.
"""

from __future__ import annotations

from typing import Annotated

from pydantic import BaseModel, ConfigDict

from bot.forms.choices import yes_no
from bot.forms.sections.conditions import WHEN_PASSPORT_SHOWN_ABROAD
from bot.forms.spec import FieldSpec, InputKind
from bot.forms.text import short_text
from bot.i18n import Msg, _

SEED = "seed 001 STEP 16"


def _question(zh: str, en: Msg, number: int, hint: Msg | None = None) -> FieldSpec:
    return FieldSpec(zh=zh, en=en, rule=yes_no, kind=InputKind.YES_NO, source=f"{SEED} question {number}",
                     help=hint)


class VisaApplication(BaseModel):
    """簽證申請(繳驗護照), in the platform's order."""

    model_config = ConfigDict(extra="forbid")

    application_location: Annotated[str | None, FieldSpec(
        zh="申請地點/館處", en=_("Application location / mission"), rule=short_text,
        required=WHEN_PASSPORT_SHOWN_ABROAD, ask_when=WHEN_PASSPORT_SHOWN_ABROAD, source=f"{SEED}; https://www.boca.gov.tw/sp-foof-countrylp-02-1.html",
        help=_("The ROC (Taiwan) mission abroad where you will show your passport. Some listed missions have "
               "closed: check the Ministry of Foreign Affairs' list."))] = None
    first_visit_to_taiwan: Annotated[bool | None, _question(
        "是否初次赴台?", _("Is this your first time going to Taiwan?"), 1)] = None
    ever_issued_roc_visa: Annotated[bool | None, _question(
        "是否曾經獲發過中華民國簽證?", _("Have you ever been issued an ROC (Taiwan) visa?"), 2,
        hint=_("If you are not sure, ask the Bureau of Consular Affairs; if it has no record, answer yes and "
               "leave the visa details blank."))] = None
    criminal_record_or_deported: Annotated[bool | None, _question(
        "是否在中華民國境內或境外曾有犯罪紀錄或曾受中華民國政府禁入權、除名出境或驅逐出境?",
        _("Have you ever had a criminal record in or outside the ROC, or been refused entry, removed or "
          "deported by the ROC government?"), 3)] = None
    illegal_entry: Annotated[bool | None, _question(
        "是否曾非法入境中華民國?", _("Have you ever entered the ROC illegally?"), 4)] = None
    communicable_or_mental_disease: Annotated[bool | None, _question(
        "是否曾有足以影響公共衛生或社會安寧之傳染病、精神病、或有其他疾病或有養成傳染?",
        _("Have you ever had a communicable disease, mental illness or other disease that may affect public "
          "health or social order?"), 5)] = None
    overstay_or_illegal_work: Annotated[bool | None, _question(
        "是否曾在中華民國境內逾期停留、逾期居留或非法工作?",
        _("Have you ever overstayed a visit or residence, or worked illegally, in the ROC?"), 6)] = None
    controlled_substance_trade: Annotated[bool | None, _question(
        "是否曾從事管制物品(如毒品)交易?",
        _("Have you ever traded in controlled substances (such as drugs)?"), 7)] = None
    illegal_or_foreign_agency_service: Annotated[bool | None, _question(
        "是否曾從事非法或外代機構僱用或服務?",
        _("Have you ever been employed by or served an illegal or foreign agency?"), 8)] = None
    applied_under_another_name: Annotated[bool | None, _question(
        "是否曾以其他姓名申請中華民國簽證?",
        _("Have you ever applied for an ROC visa under another name?"), 9)] = None
    worked_in_roc_before: Annotated[bool | None, _question(
        "是否曾在中華民國境內工作?", _("Have you ever worked in the ROC?"), 10)] = None
    form_filled_by_someone_else: Annotated[bool | None, _question(
        "是否由其他人代填本申請表?", _("Was this application form filled in by someone else?"), 11)] = None
