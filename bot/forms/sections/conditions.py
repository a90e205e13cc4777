"""Requirements that depend on the opening answers (bot.forms.opening): who must fill what.

The flat answers handed to a :class:`~bot.forms.spec.Requirement` include the opening answers under
their own keys (``nationality_identity``, ``inside_taiwan``, ``entry_document``).
"""

from __future__ import annotations

from pydantic import ValidationError

from bot.forms.opening import EntryDocument, OpeningAnswers, derive_identity
from bot.forms.spec import Answers, Requirement
from bot.i18n import _

HONG_KONG_MACAU = frozenset({"hong_kong", "macau"})


def is_hong_kong_macau(answers: Answers) -> bool:
    return answers.get("nationality_identity") in HONG_KONG_MACAU


def applies_inside_taiwan(answers: Answers) -> bool:
    return answers.get("inside_taiwan") is True


def holds_residence_permit(answers: Answers) -> bool:
    return answers.get("entry_document") == EntryDocument.RESIDENCE_PERMIT


def held_residence_permit(answers: Answers) -> bool:
    """Holds one now, or said they held one before (seed 001 STEP 17: 如果您在台灣曾有過居留證)."""
    return holds_residence_permit(answers) or answers.get("ever_held_residence_permit") is True


def shows_passport_abroad(answers: Answers) -> bool:
    """Whether the passport is inspected at a mission abroad, as the identity says (research/domain.md
    §2: not for Hong Kong / Macau residents nor for conversions inside Taiwan); while the opening
    answers are incomplete, everyone but Hong Kong / Macau residents."""
    try:
        identity = derive_identity(OpeningAnswers.model_validate(dict(answers)))
    except ValidationError:
        identity = None
    if identity is not None:
        return identity.passport_inspection_abroad
    return not is_hong_kong_macau(answers)


# seed 001 STEP 16: 港澳申請者免繳驗護照; research/domain.md §2 (domestic conversions skip the step)
WHEN_PASSPORT_SHOWN_ABROAD = Requirement(
    _("when the passport is shown at a mission abroad (not for Hong Kong and Macau residents, nor for a "
      "conversion inside Taiwan)"),
    shows_passport_abroad,
)
# seed 001 STEP 17; https://goldcard.nat.gov.tw/en/apply/step-2/resident/
WHEN_INSIDE_TAIWAN = Requirement(
    _("when applying from inside Taiwan (overseas applicants may leave it empty and add it within 30 days "
      "of moving in)"),
    applies_inside_taiwan,
)
# seed 001 STEP 17: 如果您在台灣曾有過居留證，請填寫您的統一證號
WHEN_RESIDENCE_PERMIT = Requirement(
    _("when you hold, or ever held, an ROC residence permit"),
    held_residence_permit,
)
WHEN_NO_RESIDENCE_PERMIT_NOW = Requirement(
    _("when you do not hold an ROC residence permit now"),
    lambda answers: not holds_residence_permit(answers),
)
