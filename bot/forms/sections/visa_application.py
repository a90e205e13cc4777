"""New application, tab 3: 簽證申請(繳驗護照) Visa application / passport inspection (seed 001 STEP 16).

申請地點/館處 are two drop-downs on the platform (seed 001 lines 379, 391): 申請地點 (the country or region) and
館處 (the mission, ``application_location``; known missions in bot/data/missions.json, UNCONFIRMED). After 是 to
是否曾經獲發過中華民國簽證 the platform shows 簽證資料, which may be left blank when the Bureau of Consular
Affairs has no record (seed 001 line 385).

The zh labels of the yes/no questions are the platform's as transcribed in seed 001 STEP 16; two of
them (questions 5 and 8) were transcribed from a screenshot and may read slightly differently on the
live platform.
"""

from __future__ import annotations

from typing import Annotated

from pydantic import BaseModel, ConfigDict

from bot.forms.choices import yes_no
from bot.forms.countries import country_rule
from bot.forms.missions import mission, mission_options
from bot.forms.sections.conditions import WHEN_PASSPORT_SHOWN_ABROAD
from bot.forms.spec import OPTIONAL, FieldSpec, InputKind, when_true
from bot.forms.text import free_text
from bot.i18n import Msg, _

SEED = "seed 001 STEP 16"

application_place_rule = country_rule(
    "application_place", summary=_("The country or region of the mission (stored as ISO alpha-2)."),
    sources=(f"{SEED} (申請地點, line 391)", "https://www.boca.gov.tw/sp-foof-countrylp-02-1.html"))
visa_details = free_text(
    "roc_visa_details", 200, sources=(f"{SEED} (line 385: 若外交部無法查到簽證資料，可點選「是」，簽證資料留白)",),
    summary=_("Free text (visa number, type, date of issue), or left blank when the record cannot be found."))
EVER_ISSUED_VISA = when_true("ever_issued_roc_visa", _("after 是 to 是否曾經獲發過中華民國簽證"))


def _question(zh: str, en: Msg, number: int, hint: Msg | None = None) -> FieldSpec:
    return FieldSpec(zh=zh, en=en, rule=yes_no, kind=InputKind.YES_NO, source=f"{SEED} question {number}",
                     help=hint)


class VisaApplication(BaseModel):
    """簽證申請(繳驗護照), in the platform's order."""

    model_config = ConfigDict(extra="forbid")

    application_place: Annotated[str | None, FieldSpec(
        zh="申請地點", en=_("Application place (country or region)"), rule=application_place_rule,
        kind=InputKind.COUNTRY, required=WHEN_PASSPORT_SHOWN_ABROAD, ask_when=WHEN_PASSPORT_SHOWN_ABROAD,
        source=f"{SEED} (申請地點/館處: two drop-downs, lines 379, 391)",
        help=_("The country or region of the ROC (Taiwan) mission where you will show your passport (Hong Kong and "
               "Macau applicants do not show it)."))] = None
    application_location: Annotated[str | None, FieldSpec(
        zh="館處", en=_("Mission"), rule=mission, kind=InputKind.CHOICE, options=mission_options,
        required=WHEN_PASSPORT_SHOWN_ABROAD,
        ask_when=WHEN_PASSPORT_SHOWN_ABROAD,
        source=f"{SEED} (lines 379, 391); bot/data/missions.json; https://www.boca.gov.tw/sp-foof-countrylp-02-1.html",
        help=_("The ROC (Taiwan) mission abroad where you will show your passport. Some missions in the platform's "
               "list have closed: the Ministry of Foreign Affairs' list wins "
               "(https://www.boca.gov.tw/sp-foof-countrylp-02-1.html)."))] = None
    first_visit_to_taiwan: Annotated[bool | None, _question(
        "是否初次赴台?", _("Is this your first time going to Taiwan?"), 1)] = None
    ever_issued_roc_visa: Annotated[bool | None, _question(
        "是否曾經獲發過中華民國簽證?", _("Have you ever been issued an ROC (Taiwan) visa?"), 2,
        hint=_("If you are not sure, ask the Bureau of Consular Affairs; if it has no record, answer yes and "
               "leave the visa details blank."))] = None
    roc_visa_details: Annotated[str | None, FieldSpec(
        zh="簽證資料", en=_("Visa details"), rule=visa_details, required=OPTIONAL, ask_when=EVER_ISSUED_VISA,
        source=f"{SEED} (line 385)",
        help=_("The platform asks for the earlier visa's details after 是. Give what you know (visa number, type, "
               "date of issue); if the Bureau of Consular Affairs cannot find the record, leave them blank (Skip): "
               "若外交部無法查到簽證資料，可點選「是」，簽證資料留白.")),
    ] = None
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
