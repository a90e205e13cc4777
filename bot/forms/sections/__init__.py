"""The platform's sections (forms and tabs), in the platform's order, each with its pydantic model.

Five flows (platform.md): account registration, the new application (opening questions, six tabs,
submit), change of card data, supplement upload, Taiwan Jobs membership. Dialogs iterate
``section(key).fields()`` to ask the next field; the draft composes the models under the same keys.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from enum import StrEnum
from functools import cache

from pydantic import BaseModel

from bot.forms.opening import OpeningAnswers
from bot.forms.sections.basic_data import BasicData
from bot.forms.sections.data_change import DataChange
from bot.forms.sections.declaration import DECLARATION_TITLE_ZH, Declaration
from bot.forms.sections.documents import Documents
from bot.forms.sections.field_of_expertise import FieldOfExpertise
from bot.forms.sections.opening_fields import OPENING_FIELDS
from bot.forms.sections.passport_data import PassportData
from bot.forms.sections.registration import Registration
from bot.forms.sections.residence import Residence
from bot.forms.sections.submission import Submission
from bot.forms.sections.supplement import Supplement
from bot.forms.sections.taiwan_jobs import TaiwanJobsMember
from bot.forms.sections.visa_application import VisaApplication
from bot.forms.spec import FieldRef, FieldSpec, field_specs
from bot.i18n import Msg, _

__all__ = [
    "SECTIONS", "BasicData", "DataChange", "Declaration", "Documents", "FieldOfExpertise", "PassportData",
    "PlatformForm", "Registration", "Residence", "Section", "Submission", "Supplement", "TaiwanJobsMember",
    "VisaApplication", "section", "sections_of",
]


class PlatformForm(StrEnum):
    """The official platform's forms (its flows in platform.md), in its order."""

    REGISTRATION = "registration"
    APPLICATION = "application"
    DATA_CHANGE = "data_change"
    SUPPLEMENT = "supplement"
    TAIWAN_JOBS = "taiwan_jobs"


PLATFORM_FORM_TITLES: dict[PlatformForm, tuple[str, Msg, str]] = {
    PlatformForm.REGISTRATION: ("會員註冊", _("Platform account registration"), "seed 000"),
    PlatformForm.APPLICATION: ("就業金卡申請 - 新增", _("New Gold Card application"), "seed 001"),
    PlatformForm.DATA_CHANGE: ("就業金卡資料異動申請", _("Change of card data"), "seed 002"),
    PlatformForm.SUPPLEMENT: ("補正(件)", _("Supplement upload"), "seed 003"),
    PlatformForm.TAIWAN_JOBS: ("台灣就業通 會員基本資料", _("Taiwan Jobs member registration"), "seed 004"),
}


@dataclass(frozen=True)
class Section:
    """One form or tab: its key in the draft, the platform's title (zh verbatim, en), its model.

    ``required`` sections must be present for a complete application; the others are checked only
    once started. ``external_specs`` describes a model owned elsewhere (the opening answers).
    """

    key: str
    zh: str
    en: Msg
    form: PlatformForm
    model: type[BaseModel]
    source: str
    required: bool
    external_specs: Mapping[str, FieldSpec] | None = None

    def fields(self) -> tuple[FieldRef, ...]:
        """The section's fields in platform order, each with its spec."""
        return _fields(self.key)

    def field(self, key: str) -> FieldRef:
        return next(ref for ref in self.fields() if ref.key == key)


@cache
def _fields(key: str) -> tuple[FieldRef, ...]:
    item = section(key)
    if item.external_specs is not None:
        return tuple(FieldRef(item.key, key, spec) for key, spec in item.external_specs.items())
    return tuple(FieldRef(item.key, key, spec) for key, spec in field_specs(item.model))


SECTIONS: tuple[Section, ...] = (
    Section("registration", "會員註冊", _("Account registration"), PlatformForm.REGISTRATION, Registration,
            "seed 000 STEP 6", required=False),
    Section("opening", "新增申請人", _("Opening questions"), PlatformForm.APPLICATION, OpeningAnswers,
            "seed 001 STEP 8-9", required=True, external_specs=OPENING_FIELDS),
    Section("declaration", DECLARATION_TITLE_ZH, _("System-use declaration"), PlatformForm.APPLICATION, Declaration,
            "seed 001 STEP 10", required=True),
    Section("basic_data", "基本資料", _("Basic data"), PlatformForm.APPLICATION, BasicData, "seed 001 STEP 14",
            required=True),
    Section("passport_data", "護照資料", _("Passport data"), PlatformForm.APPLICATION, PassportData, "seed 001 STEP 15",
            required=True),
    Section("visa_application", "簽證申請(繳驗護照)", _("Visa application (passport inspection)"),
            PlatformForm.APPLICATION, VisaApplication, "seed 001 STEP 16", required=True),
    Section("residence", "居留申請", _("Residence"), PlatformForm.APPLICATION, Residence, "seed 001 STEP 17",
            required=True),
    Section("field_of_expertise", "領域專長", _("Field of expertise"), PlatformForm.APPLICATION, FieldOfExpertise,
            "seed 001 STEP 18", required=True),
    Section("documents", "文件上傳", _("Documents"), PlatformForm.APPLICATION, Documents, "seed 001 STEP 19-20",
            required=True),
    Section("submission", "完成送出", _("Submit"), PlatformForm.APPLICATION, Submission, "seed 001 STEP 21-23",
            required=False),
    Section("data_change", "就業金卡資料異動申請", _("Change of card data"), PlatformForm.DATA_CHANGE, DataChange,
            "seed 002 STEP 9-11", required=False),
    Section("supplement", "補正(件)", _("Supplement upload"), PlatformForm.SUPPLEMENT, Supplement, "seed 003 STEP 7-13",
            required=False),
    Section("taiwan_jobs", "會員基本資料", _("Taiwan Jobs member data"), PlatformForm.TAIWAN_JOBS, TaiwanJobsMember,
            "seed 004 Step 2", required=False),
)


def section(key: str) -> Section:
    """The section stored under ``key`` in the draft (KeyError if unknown)."""
    for item in SECTIONS:
        if item.key == key:
            return item
    raise KeyError(key)


def sections_of(form: PlatformForm) -> tuple[Section, ...]:
    return tuple(item for item in SECTIONS if item.form == form)
