"""The reminders the bot sends, as data: what each says and when it is due relative to its anchor date.

Each kind names its anchor (a deadline or an event date the user gave), the days on which to remind,
and its source. Dates are local dates; the bot sends at 10:00 in the user's time zone (Asia/Taipei
unless the user set another).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta
from enum import StrEnum

from bot.i18n import Msg, _


class ReminderKind(StrEnum):
    SUPPLEMENT_DEADLINE = "supplement_deadline"
    ADDRESS_UPDATE = "address_update"
    CARD_PICKUP = "card_pickup"
    EXTENSION_WINDOW = "extension_window"
    PASSWORD_CHANGE = "password_change"
    PASSPORT_VALIDITY = "passport_validity"
    UNPAID_DRAFT = "unpaid_draft"


def add_months(day: date, months: int) -> date:
    """Calendar months later (or earlier), clamped to the month's last day."""
    month_index = day.year * 12 + day.month - 1 + months
    year, month = divmod(month_index, 12)
    month += 1
    for candidate in (31, 30, 29, 28):
        try:
            return date(year, month, min(day.day, candidate))
        except ValueError:
            continue
    raise ValueError(day)  # pragma: no cover - unreachable


@dataclass(frozen=True)
class ReminderSpec:
    kind: ReminderKind
    title: Msg
    text: Callable[[date], Msg]
    schedule: Callable[[date], tuple[tuple[str, date], ...]]  # anchor -> (tag, local date) pairs
    source: str


def _before(*days: int) -> Callable[[date], tuple[tuple[str, date], ...]]:
    return lambda anchor: tuple((f"d-{d}", anchor - timedelta(days=d)) for d in days)


SPECS: dict[ReminderKind, ReminderSpec] = {spec.kind: spec for spec in (
    ReminderSpec(
        ReminderKind.SUPPLEMENT_DEADLINE, _("Supplement deadline (補正)"),
        lambda deadline: _("Your supplement (補正) is due on {deadline}. Upload the documents and your reply to "
                           "the reviewer on the platform: 進度查詢 → 補正(件)列表 → 檢視 → 補正.", deadline=deadline),
        _before(7, 1), "seed 003 line 5 (補正(件)上傳): within 30 days of the notice, at the latest 6 months "
        "when documents come from abroad",
    ),
    ReminderSpec(
        ReminderKind.ADDRESS_UPDATE, _("Address update after moving"),
        lambda deadline: _("Update your residence address on the platform by {deadline} (within 30 days of "
                           "moving; late changes are fined NT$2,000-10,000).", deadline=deadline),
        _before(10, 2), "https://staging.taiwangoldcard.tw/en/faq/how-do-i-change-my-address",
    ),
    ReminderSpec(
        ReminderKind.CARD_PICKUP, _("Card pickup after entering Taiwan"),
        lambda deadline: _("Collect your Gold Card at the NIA service center you chose by {deadline} (within 30 "
                           "days from the day after entry). Bring the approval certificate and your passport.",
                           deadline=deadline),
        _before(10, 2), "https://goldcard.nat.gov.tw/en/apply/step-3/card-collection/",
    ),
    ReminderSpec(
        ReminderKind.EXTENSION_WINDOW, _("Extension window"),
        lambda expiry: _("Your Gold Card expires on {expiry}. You can apply for the extension (就業金卡延期申請) "
                         "now: the window is the 4 months before expiry.", expiry=expiry),
        lambda expiry: (("open", add_months(expiry, -4)), ("d-30", expiry - timedelta(days=30))),
        "https://goldcard.nat.gov.tw/en/faq/my-employment-gold-card-is-about-to-expire-how-do-i-apply-for-an-extension/",
    ),
    ReminderSpec(
        ReminderKind.PASSWORD_CHANGE, _("Platform password change"),
        lambda due: _("It is time to change your platform password (every 90 days; due {due}). The bot never "
                      "asks for it: change it on the platform under 帳號維護.", due=due),
        lambda changed: (("d+90", changed + timedelta(days=90)),),
        "seed 001 STEP 5 (請每90天更換一次密碼)",
    ),
    ReminderSpec(
        ReminderKind.PASSPORT_VALIDITY, _("Passport validity"),
        lambda expiry: _("Your passport expires on {expiry}: from {threshold} it has less than 6 months left, "
                         "which the Gold Card application does not accept. Plan a new passport.",
                         expiry=expiry, threshold=add_months(expiry, -6)),
        lambda expiry: (("m-6-d30", add_months(expiry, -6) - timedelta(days=30)), ("m-6", add_months(expiry, -6))),
        "https://goldcard.nat.gov.tw/en/apply/step-2/new-applicant/",
    ),
    ReminderSpec(
        ReminderKind.UNPAID_DRAFT, _("Unpaid application"),
        lambda deleted: _("An unsubmitted or unpaid application is deleted by the platform after one month "
                          "(around {deleted}). Submit and pay before then.", deleted=deleted),
        lambda saved: (("d+21", saved + timedelta(days=21)), ("d+28", saved + timedelta(days=28))),
        "https://goldcard.nat.gov.tw/ja/subtags/application-conditions",
    ),
)}


def message_anchor(kind: ReminderKind, anchor: date) -> date:
    """The date the reminder's text names (for most kinds the anchor itself)."""
    if kind is ReminderKind.PASSWORD_CHANGE:
        return anchor + timedelta(days=90)
    if kind is ReminderKind.UNPAID_DRAFT:
        return add_months(anchor, 1)
    return anchor
