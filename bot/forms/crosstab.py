"""The rules across tabs: answers of one tab that another tab contradicts or depends on, each with its source.

A field's own rule sees one value (with the rest of the draft as context); these rules see the whole
draft and report :class:`~bot.forms.verdict_model.Finding` objects for the verdict
(:func:`bot.forms.verdict.verdict`). :data:`CROSS_RULES` lists them with their id, the tab and field they
are reported on, a one-line summary and the source (seed file and line, or a URL of research/domain.md);
docs/fields.md is generated from the same list.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import date, timedelta
from typing import TYPE_CHECKING, Any

from bot.forms.dates import add_months
from bot.forms.facts import number
from bot.forms.identity_match import identity_conflict
from bot.forms.opening import opening_facts
from bot.forms.sections import section
from bot.forms.sections.declaration import planned_day
from bot.forms.verdict_documents import document_findings
from bot.forms.verdict_model import Finding, FindingKind
from bot.i18n import Code, Msg, _, localized

if TYPE_CHECKING:
    from bot.forms.draft import ApplicationDraft

Check = Callable[["ApplicationDraft", date], Iterator[Finding]]


@dataclass(frozen=True)
class CrossRule:
    """One rule across tabs: reported on ``section.key``; ``summary`` says what it checks."""

    id: str
    section: str
    key: str
    summary: Msg
    source: str
    check: Check

    def finding(self, kind: FindingKind, message: Msg, *, key: str | None = None, zh: str | None = None,
                en: Msg | None = None) -> Finding:
        ref = section(self.section).field(self.key) if key is None else None
        return Finding(kind, self.section, key or self.key, zh or (ref.spec.zh if ref else self.key),
                       en or (ref.spec.en if ref else localized(self.key, self.key)), message, self.id, self.source)


def _day(value: Any) -> date | None:
    try:
        return date.fromisoformat(value) if isinstance(value, str) else None
    except ValueError:
        return None


# -- the rules --------------------------------------------------------------------------------------

def check_identity(draft: ApplicationDraft, today: date) -> Iterator[Finding]:
    identity = draft.opening.nationality_identity if draft.opening else None
    passport = draft.basic_data.nationality if draft.basic_data else None
    conflict = identity_conflict(identity, passport)
    if conflict is not None:
        yield RULES["identity_vs_passport"].finding(*conflict)


def check_visa_entry(draft: ApplicationDraft, today: date) -> Iterator[Finding]:
    rule = RULES["visa_vs_entry"]
    opening, visa = draft.opening, draft.visa_application
    if opening is None or visa is None or not opening.inside_taiwan or opening.entry_document is None:
        return
    option = opening_facts().entry_document(opening.entry_document)
    if option is not None and option.visa and visa.ever_issued_roc_visa is False:
        yield rule.finding("problem", _(
            "You entered Taiwan on an ROC visa ({entry}), so 「是否曾經獲發過中華民國簽證?」 must be 是 (Yes), not "
            "否. Change the answer in 簽證申請(繳驗護照).", entry=Code(option.zh)))


def check_passport_plausible(draft: ApplicationDraft, today: date) -> Iterator[Finding]:
    rule = RULES["passport_validity_plausible"]
    passport = draft.passport_data
    issued = _day(passport.passport_issue_date) if passport else None
    expiry = _day(passport.passport_expiry_date) if passport else None
    if issued is not None and expiry is not None and expiry > add_months(issued, 12 * 10) + timedelta(days=1):
        yield rule.finding("note", _(
            "The passport is valid for more than 10 years ({issued} to {expiry}). Passports are rarely issued for "
            "longer: please check both dates against the passport.", issued=issued, expiry=expiry))


def check_passport_at_submission(draft: ApplicationDraft, today: date) -> Iterator[Finding]:
    """Six months of validity counted from the planned submission date (today when none or past)."""
    rule = RULES["passport_valid_at_submission"]
    expiry = _day(draft.passport_data.passport_expiry_date) if draft.passport_data else None
    if expiry is None:
        return
    submit, months = planned_day(draft.declaration, today), number("passport_min_validity_months")
    needed = add_months(submit, months)
    if add_months(today, months) <= expiry < needed:  # earlier: the field's own rule already says it
        yield rule.finding("problem", _(
            "The passport expires on {expiry}, less than {months} months after the day you plan to submit "
            "({submit}). The platform needs it valid until at least {needed}: renew the passport first (then "
            "enter the new one), or submit earlier and change the planned date.",
            expiry=expiry, months=months, submit=submit, needed=needed))


def check_residence_address(draft: ApplicationDraft, today: date) -> Iterator[Finding]:
    rule = RULES["residence_address_later"]
    if draft.residence is None or draft.residence.residence_address:
        return
    yield rule.finding("note", _(
        "No residence address in Taiwan yet: that is fine from abroad. Once you move into a long-term home in "
        "Taiwan, update the address on the platform within 30 days."))


def check_opening_confirmed(draft: ApplicationDraft, today: date) -> Iterator[Finding]:
    rule = RULES["opening_confirmed"]
    opening = draft.opening
    if opening is None or opening.confirmed_on or opening.nationality_identity is None:
        return
    yield rule.finding("missing", _(
        "The opening answers (identity, where you apply) are not confirmed since they last changed. They cannot "
        "be changed on the platform later, and the fee is never refunded: check the summary and confirm it."))


def check_route_field(draft: ApplicationDraft, today: date) -> Iterator[Finding]:
    rule = RULES["route_vs_field"]
    expertise = draft.field_of_expertise
    route = expertise.qualification_route if expertise else None
    if expertise is None or not route or not expertise.professional_field:
        return
    if route.split(".", 1)[0] != expertise.professional_field:
        yield rule.finding("problem", _(
            "The qualification check proposed a route of another field ({route}) than the one chosen in 領域專長. "
            "Only one field and one regulation can be filed: choose the field of the route, or check again.",
            route=Code(route)))


def check_documents(draft: ApplicationDraft, today: date) -> Iterator[Finding]:
    """Every document the route needs: uploaded (missing otherwise), and each file's kept warnings as notes."""
    rule = RULES["documents_required"]
    for kind, key, zh, en, message in document_findings(draft):
        yield rule.finding(kind, message, key=key, zh=zh, en=en)


CROSS_RULES: tuple[CrossRule, ...] = (
    CrossRule("opening_confirmed", "opening", "confirmed_on",
              _("Opening answers confirmed again after any change (summary and second confirmation)."),
              "seed 001 STEP 8-9 (cannot be changed later); seed 001 lines 234-252 (no refund)",
              check_opening_confirmed),
    CrossRule("identity_vs_passport", "opening", "nationality_identity",
              _("您的國籍或身分 matches the passport's nationality (US ↔ 美籍人士, HK ↔ 香港居民, Macau ↔ 澳門居民, "
                "China: no foreigner identity); HK/Macau residents with another passport get a note."),
              "seed 001 STEP 8 and lines 304-310; research/domain.md §1.6, §2 "
              "(https://goldcard.nat.gov.tw/en/apply/step-3/passport-verification)", check_identity),
    CrossRule("visa_vs_entry", "visa_application", "ever_issued_roc_visa",
              _("Entered on an ROC visa (opening STEP 9) → 是否曾經獲發過中華民國簽證 is 是."),
              "seed 001 lines 224-228 and 393", check_visa_entry),
    CrossRule("passport_validity_plausible", "passport_data", "passport_expiry_date",
              _("A passport valid for more than 10 years is noted as a likely typo."),
              "seed 001 line 358; research/domain.md §1.3", check_passport_plausible),
    CrossRule("passport_valid_at_submission", "passport_data", "passport_expiry_date",
              _("The passport is valid at least 6 more months on the planned submission date (today when none)."),
              "seed 001 line 358 (passport valid at least 6 more months)", check_passport_at_submission),
    CrossRule("residence_address_later", "residence", "residence_address",
              _("No residence address yet → note: update it within 30 days of moving in."),
              "seed 001 line 408", check_residence_address),
    CrossRule("route_vs_field", "field_of_expertise", "qualification_route",
              _("The qualification route belongs to the field chosen in 領域專長."),
              "seed 001 STEP 18; research/domain.md §8", check_route_field),
    CrossRule("documents_required", "documents", "files",
              _("Every document of the checklist (identity, nationality, birth place, route) is uploaded; each "
                "file's warnings stay open as notes."),
              "seed 001 STEP 19-20; bot/data/documents.json", check_documents),
)
RULES: dict[str, CrossRule] = {rule.id: rule for rule in CROSS_RULES}


def cross_findings(draft: ApplicationDraft, today: date) -> tuple[Finding, ...]:
    """Every finding of every cross-tab rule on ``draft``."""
    return tuple(finding for rule in CROSS_RULES for finding in rule.check(draft, today))


__all__ = ["CROSS_RULES", "RULES", "CrossRule", "cross_findings"]
