"""What a case costs, from ``bot/data/fees.json`` (each figure with its source and confidence).

Application fees by identity case (A–H, as :func:`bot.forms.opening.derive_identity` reports) and
validity; extension and reissue fees; the change-of-data fee (seed 001 STEP 10, the system-use
declaration: reissue after damage, loss or a change of data NT$500 per card, NT$2,600 for Hong Kong
or Macau residents; a change of residence address or of passport number is free).
"""

from __future__ import annotations

from dataclasses import dataclass

from bot.forms.facts import Confidence, FeeByYears, fees
from bot.forms.sections.data_change import DataChange
from bot.i18n import Msg, _, ngettext


@dataclass(frozen=True)
class FeeQuote:
    """An amount in NT$ with where it comes from and how sure it is."""

    amount: int
    explanation: Msg
    confidence: Confidence
    source: str
    plus_special_handling_fee: bool = False


def _by_years(entry: FeeByYears, years: int) -> FeeQuote | None:
    amount = entry.by_years.get(str(years))
    if amount is None:
        return None
    if entry.plus_special_handling_fee:
        explanation = ngettext(
            "NT${amount} for {years} year, plus the special handling fee charged to some nationalities (its amount "
            "could not be confirmed).",
            "NT${amount} for {years} years, plus the special handling fee charged to some nationalities (its amount "
            "could not be confirmed).", years, amount=f"{amount:,}", years=years)
    else:
        explanation = ngettext("NT${amount} for {years} year.", "NT${amount} for {years} years.", years,
                               amount=f"{amount:,}", years=years)
    return FeeQuote(amount, explanation, entry.confidence, entry.source, entry.plus_special_handling_fee)


def application_fee(case: str, years: int) -> FeeQuote | None:
    """The fee of a new application for identity ``case`` (A–H) and ``years`` of validity (1–3)."""
    entry = next((item for item in fees().application if item.case == case), None)
    return _by_years(entry, years) if entry else None


def extension_fee(hong_kong_macau: bool, years: int) -> FeeQuote | None:
    case = "hong_kong_macau" if hong_kong_macau else "foreign"
    entry = next((item for item in fees().extension if item.case == case), None)
    return _by_years(entry, years) if entry else None


def reissue_fee(hong_kong_macau: bool) -> FeeQuote:
    case = "hong_kong_macau" if hong_kong_macau else "foreign"
    entry = next(item for item in fees().reissue if item.case == case)
    return FeeQuote(entry.amount, _("NT${amount} per card.", amount=f"{entry.amount:,}"), entry.confidence,
                    entry.source)


_PASSPORT_KEYS = frozenset({"passport_data_change", "passport_number", "passport_issue_date", "passport_expiry_date"})


def data_change_fee(change: DataChange, hong_kong_macau: bool) -> FeeQuote:
    """The fee of a change-of-data request: free when only the address or passport data change,
    otherwise the reissue fee (whether a given change reissues the card is shown by the platform)."""
    exempt = fees().fee_exempt_changes
    changed = {key for key, value in change.model_dump(exclude={"ui_number", "date_of_birth"}).items()
               if value not in (None, False)}
    free = {"residence_address", *_PASSPORT_KEYS} if "passport_number" in exempt.items else {"residence_address"}
    if changed <= free:
        return FeeQuote(0, _("Free: a change of residence address or passport number costs nothing."),
                        exempt.confidence, exempt.source)
    reissue = reissue_fee(hong_kong_macau)
    return FeeQuote(reissue.amount, _("NT${amount} if the card is reissued with the new data; the platform shows "
                                      "the fee after you submit.", amount=f"{reissue.amount:,}"),
                    "UNCONFIRMED", reissue.source)
