"""Field metadata for the opening answers (seed 001 STEP 8-9), whose model lives in bot.forms.opening.

:class:`bot.forms.opening.OpeningAnswers` is owned by the opening module (with ``derive_identity``
and the consistency checks); this module only describes its fields the same way every other section
is described, so the draft, the schema and docs/fields.md cover them too. A test checks that the two
stay in step.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from bot.forms.choices import choice_rule, yes_no
from bot.forms.dates import past_date
from bot.forms.facts import Option
from bot.forms.opening import opening_facts
from bot.forms.sections.conditions import applies_inside_taiwan
from bot.forms.spec import ALWAYS, OPTIONAL, FieldSpec, InputKind, Requirement
from bot.i18n import Msg, _

SEED = "seed 001 STEP 8"


def nationality_identity_options() -> Sequence[Option]:
    facts = opening_facts()
    return tuple(Option(value=item.value, zh=item.zh, en=item.en, confidence=item.confidence,
                        verified=date.fromisoformat(facts.verified), source=item.source)
                 for item in facts.nationality_identities)


def entry_document_options() -> Sequence[Option]:
    facts = opening_facts()
    return tuple(Option(value=str(item.value), zh=item.zh, en=item.en, confidence="OFFICIAL",
                        verified=date.fromisoformat(facts.verified), source=item.source)
                 for item in facts.entry_documents)


_SOURCE_OPTIONS = ("seed 001 STEP 8-9", "bot/data/opening.json")
nationality_identity = choice_rule(
    "nationality_identity", nationality_identity_options, sources=_SOURCE_OPTIONS,
    summary=_("One of the platform's nationality / identity options (bot/data/opening.json)."))
entry_document = choice_rule(
    "entry_document", entry_document_options, sources=_SOURCE_OPTIONS,
    summary=_("One of the five entry documents of seed 001 STEP 9 (bot/data/opening.json)."))

WHEN_INSIDE = Requirement(_("when applying from inside Taiwan"), applies_inside_taiwan)


def _yes_no(zh: str, en: Msg, source: str = SEED, *, on_platform: bool = True) -> FieldSpec:
    """A yes/no question; the bot's own safety checks (``on_platform=False``) are optional."""
    return FieldSpec(zh=zh, en=en, rule=yes_no, kind=InputKind.YES_NO, source=source, on_platform=on_platform,
                     required=ALWAYS if on_platform else OPTIONAL)


OPENING_FIELDS: dict[str, FieldSpec] = {
    "agree": _yes_no("同意", _("I agree to the application rules"), source="seed 001 STEP 8 (1. 同意)"),
    "held_gold_card": _yes_no("是否現在或曾經持有就業金卡", _("Do you hold, or have you held, a Gold Card?")),
    "nationality_identity": FieldSpec(
        zh="您的國籍或身分", en=_("Your nationality or identity"), rule=nationality_identity,
        kind=InputKind.CHOICE, options=nationality_identity_options, source=SEED,
        help=_("Cannot be changed later: a wrong identity means rejection without refund.")),
    "inside_taiwan": _yes_no("您現在是否在中華民國境內申請", _("Are you applying from inside the ROC (Taiwan) now?"),
                             source="seed 001 STEP 8-9"),
    "entry_document": FieldSpec(
        zh="您入境中華民國或目前所持證件", en=_("Document you entered with or hold now"), rule=entry_document,
        kind=InputKind.CHOICE, options=entry_document_options, required=WHEN_INSIDE,
        ask_when=WHEN_INSIDE, source="seed 001 STEP 9"),
    "has_visa_sticker": _yes_no("入境前是否已申請簽證", _("Did you apply for a visa before travelling? (bot check)"),
                                source="https://goldcard.nat.gov.tw/en/apply/step-2/new-applicant/",
                                on_platform=False),
    "non_convertible_visa": _yes_no("是否持有不得轉換之簽證", _("Do you hold a visa that cannot be converted? (bot "
                                                         "check)"),
                                    source="https://goldcard.nat.gov.tw/en/apply/step-2/new-applicant/",
                                    on_platform=False),
    "roc_nationality": _yes_no("您是否具中華民國國籍", _("Do you hold ROC (Taiwan) nationality?")),
    "roc_household_registration": _yes_no(
        "是否在臺設有戶籍", _("Do you have household registration in Taiwan? (bot check)"),
        source="https://staging.taiwangoldcard.tw/en/faq/what-identities-are-not-eligible-to-apply-for-the-employment-gold-card/",
        on_platform=False),
    "entered_on_roc_passport": _yes_no(
        "是否持中華民國護照入境", _("Did you enter Taiwan on an ROC passport? (bot check)"),
        source="https://staging.taiwangoldcard.tw/en/faq/what-identities-are-not-eligible-to-apply-for-the-employment-gold-card/",
        on_platform=False),
    "confirmed_on": FieldSpec(
        zh="開頭答案確認", en=_("Opening answers confirmed (bot's helper)"), rule=past_date, kind=InputKind.DATE,
        required=OPTIONAL, on_platform=False,
        source="seed 001 STEP 8-9 (these answers cannot be changed later); seed 001 lines 234-252 (no refund)"),
}
