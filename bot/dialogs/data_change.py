"""Change of card data 就業金卡資料異動 (seed 002; platform.md §3), as a guided flow.

What is changing (one tap for the usual single change, or several) → what the platform's start page asks
(統一證號 + 出生日期(西元)) and which boxes to tick → the new values, with the shared rules → the documents
(``bot/data/data_change_items.json``) → the fee or exemption (:func:`bot.forms.fees.data_change_fee`) → the
copy sheet. An address change records the moving date, warns about the 30-day deadline and schedules the
ADDRESS_UPDATE reminder; a new passport schedules the passport-validity reminder.

The flow's name is the draft section ``data_change``, whose fields are asked under their own keys; the
bot's helper answers (what changes, the moving date, Hong Kong or Macau) stay in the conversation only:
the fee and the "nothing is being changed" check count every field of the section as a change.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from datetime import timedelta

from bot.dialogs.common import bullets, field_question, given, section_lines, value_line
from bot.dialogs.facts import ChangeItem, change_items
from bot.dialogs.platform_advice import BROWSER_ADVICE
from bot.dialogs.reminding import passport_validity, remind
from bot.dialogs.rules import moving_date
from bot.engine.flow import YES_NO_CHOICES, AnswerContext, Answers, Choice, Flow, InputKind, Question
from bot.forms.dates import iso_answer
from bot.forms.fees import FeeQuote, data_change_fee
from bot.forms.sections import DataChange
from bot.forms.ui_number import NEW_FORMAT
from bot.i18n import Msg, _, joined, localized
from bot.reminders.kinds import ReminderKind

SECTION = "data_change"
ITEMS = change_items().items
ITEM_KEYS = tuple(item.key for item in ITEMS)
TAB_ORDER = ("基本資料", "護照資料", "居留申請", "領域專長", "文件上傳", "")
"""The platform's tabs in its order (seed 002 lines 245-247); an item with no tab ("", the UI number: the
start page is enough) comes last. The conversation and the copy sheet follow it."""
IN_TAB_ORDER = tuple(sorted(ITEMS, key=lambda item: TAB_ORDER.index(item.tab)))
ADDRESS_DAYS = 30  # update within 30 days of moving: research/domain.md §5.7 (OFFICIAL mirror)
HK_MACAU = ("hong_kong", "macau")


def changes(answers: Answers) -> list[str]:
    """The items changing: the one chosen, or those answered Yes after "several"."""
    kind = answers.get("change_kind")
    if kind == "several":
        return [key for key in ITEM_KEYS if answers.get(f"change_{key}") is True]
    return [kind] if kind in ITEM_KEYS else []


def _changing(*keys: str) -> Callable[[Answers], bool]:
    return lambda answers: any(key in changes(answers) for key in keys)


def _only_contact(answers: Answers) -> bool:
    return changes(answers) == ["contact"]


def _old_ui_number(answers: Answers) -> bool:
    value = answers.get("ui_number")
    return isinstance(value, str) and not NEW_FORMAT.fullmatch(value)


def _nothing_picked(answers: Answers) -> Msg | None:
    if answers.get("change_kind") == "several" and all(f"change_{key}" in answers for key in ITEM_KEYS) \
            and not changes(answers):
        return _("Nothing is changing, so there is nothing to request. Tap Change this answer and pick at least one.")
    return None


def _item_label(item: ChangeItem) -> Msg:
    return localized(item.en, item.zh)


def _tick(key: str, prompt: Msg, show_if: Callable[[Answers], bool]) -> Question:
    """A box of the start page the applicant must tick: a single button that records it."""
    spec_question = field_question(SECTION, key)
    return Question(key=key, kind=InputKind.AGREE, prompt=prompt, label_zh=spec_question.label_zh,
                    label_en=spec_question.label_en, show_if=show_if,
                    choices=(Choice(True, _("☑ I will tick it"), platform_label=spec_question.label_zh),))


def _questions() -> tuple[Question, ...]:
    several = tuple(
        Question(key=f"change_{item.key}", kind=InputKind.YES_NO, title=_("Changing: {item}", item=_item_label(item)),
                 prompt=_("Is this changing: {item}?", item=_item_label(item)),
                 show_if=lambda answers: answers.get("change_kind") == "several",
                 blocks_if=_nothing_picked if item is IN_TAB_ORDER[-1] else None)
        for item in IN_TAB_ORDER)
    skip_unchanged = _("Skip what does not change.")
    return (
        Question(
            key="change_kind", kind=InputKind.CHOICE, title=_("What is changing"),
            prompt=_("What is changing on your card?"),
            hint=_("The change is requested online (就業金卡資料異動): no visit to an office. Each login lasts 30 "
                   "minutes and this process has no save button, so we prepare everything here first."),
            choices=(*(Choice(item.key, _item_label(item)) for item in ITEMS),
                     Choice("several", _("Several of these"))),
        ),
        *several,
        field_question(SECTION, "ui_number", prompt=_(
            "The platform's start page (就業金卡資料異動申請 - 新增) asks for your UI number and your date of birth. "
            "Your UI number (統一證號) is on your Gold Card.")),
        field_question(SECTION, "date_of_birth"),
        _tick("passport_data_change", _("On the start page, tick 護照資料異動 (passport data change)."),
              _changing("passport")),
        _as_yes_no(field_question(SECTION, "new_format_ui_number_only", show_if=lambda a: (
            "ui_number" in changes(a) and _old_ui_number(a)), prompt=_(
            "Are you only switching to the new-format UI number (a letter, then 8 or 9, then 8 digits)? Old-format "
            "numbers stay valid until 2031-01-01."))),
        _tick("ui_number_change_personal_reasons", _(
            "On the start page, tick 個人因素申請變更統一證號(如語言不雅): a new UI number for personal reasons, for "
            "example a number with an unfortunate meaning."),
              lambda a: "ui_number" in changes(a) and a.get("new_format_ui_number_only") is not True),
        _tick("email_or_mobile_only", _("On the start page, tick 僅電子信箱或手機號碼異動 (only the email or the "
                                        "mobile number changes)."), _only_contact),
        # the values in the platform's tab order: 基本資料 → 護照資料 → 居留申請 (seed 002 lines 245-247)
        *(field_question(SECTION, key, show_if=_changing("name_gender"), hint=skip_unchanged)
          for key in ("english_surname", "english_given_name", "chinese_name", "gender")),
        # one of the two is needed: the email may be skipped, the mobile number is then required
        field_question(SECTION, "email", show_if=_changing("contact"), optional=True,
                       hint=_("Skip it if only the mobile number changes.")),
        field_question(SECTION, "mobile_phone", show_if=_changing("contact"),
                       hint=_("A Taiwan mobile number: 09 and 8 more digits.")),
        *(field_question(SECTION, key, show_if=_changing("passport"))
          for key in ("passport_number", "passport_issue_date", "passport_expiry_date")),
        field_question(SECTION, "pickup_location", show_if=_changing("pickup"), optional=False),
        field_question(SECTION, "residence_address", show_if=_changing("address"), optional=False),
        Question(key="moving_date", kind=InputKind.DATE, title=_("Moving date"),
                 prompt=_("When did you move (or when will you move) into the new address? The update is due "
                          "within 30 days of moving."),
                 rule=moving_date, show_if=_changing("address")),
        Question(key="hong_kong_macau", kind=InputKind.YES_NO, title=_("Hong Kong or Macau resident"),
                 prompt=_("Are you a Hong Kong or Macau resident? The reissue fee is different."),
                 show_if=lambda a: "nationality_identity" not in a and bool(changes(a))
                 and data_change_fee(as_model(a), False).amount > 0),
    )


def _as_yes_no(question: Question) -> Question:
    """A checkbox asked as Yes / No, required (the platform's box wording beside Yes)."""
    return dataclasses.replace(question, kind=InputKind.YES_NO, optional=False, choices=(
        Choice(True, YES_NO_CHOICES[0].label, platform_label=question.label_zh), YES_NO_CHOICES[1]))


def as_model(answers: Answers) -> DataChange:
    """The section's own fields of ``answers`` as the shared model (helper answers left out)."""
    return DataChange.model_validate({key: answers[key] for key in DataChange.model_fields if key in answers})


def hong_kong_macau(answers: Answers) -> bool:
    if "nationality_identity" in answers:
        return answers.get("nationality_identity") in HK_MACAU
    return answers.get("hong_kong_macau") is True


def fee(answers: Answers) -> FeeQuote:
    return data_change_fee(as_model(answers), hong_kong_macau(answers))


async def on_answer(ctx: AnswerContext) -> tuple[Msg, ...]:
    if ctx.key == "passport_expiry_date":
        return await passport_validity(ctx)
    if ctx.key != "moving_date":
        return ()
    moved = iso_answer(ctx.answers, "moving_date")
    if moved is None:
        return ()
    deadline = moved + timedelta(days=ADDRESS_DAYS)
    if deadline < ctx.today:
        warning = _("⚠️ The 30 days ended on {deadline}. Request the change now: late changes are fined "
                    "NT$2,000 to NT$10,000.", deadline=deadline)
    else:
        warning = _("Request the change by {deadline} (30 days after moving); the change itself is free, a late one "
                    "is fined NT$2,000 to NT$10,000.", deadline=deadline)
    return (warning, *await remind(ctx, ReminderKind.ADDRESS_UPDATE, deadline))


# -- copy sheet -------------------------------------------------------------------------------------

CONFIDENCE_MARK = {"OFFICIAL": "", "SECONDARY": " (secondary source)",
                   "UNCONFIRMED": " (not confirmed: the platform lists what it needs)"}
CONFIDENCE_MARK_ZH = {"OFFICIAL": "", "SECONDARY": "（次要來源）", "UNCONFIRMED": "（未經證實：以平臺列出的為準）"}


def _documents(items: list[ChangeItem]) -> list[Msg]:
    seen: set[str] = set()
    lines: list[Msg] = []
    for item in items:
        for document in item.documents:
            if document.zh in seen:
                continue
            seen.add(document.zh)
            lines.append(localized(f"{document.zh} · {document.en}{CONFIDENCE_MARK[document.confidence]}",
                                   f"{document.zh}{CONFIDENCE_MARK_ZH[document.confidence]}"))
    return lines


def copy_sheet(answers: Answers) -> tuple[Msg, ...]:
    items = [item for item in IN_TAB_ORDER if item.key in changes(answers)]
    boxes = [box for item in items for box in item.boxes if _box_ticked(answers, box)]
    lines: list[Msg] = [_("📋 Copy sheet: 就業金卡資料異動申請 (change of card data)")]
    start = list(section_lines(SECTION, answers, ["ui_number", "date_of_birth"]))
    start.append(_("Tick: {boxes}", boxes="、".join(f"☑ {box}" for box in boxes)) if boxes else
                 _("Tick no box (leave them all empty)."))
    start.append(_("Then press 查詢."))
    lines.append(_("1. Start page (就業金卡資料異動申請 - 新增):\n{lines}", lines=bullets(start)))
    tabs: dict[str, list[Msg]] = {}
    for item in items:
        keys = _value_keys(item.key)
        values = list(section_lines(SECTION, answers, keys))
        if item.key == "address" and given(answers, "moving_date"):
            values.append(value_line("搬遷日期", "Moving date (bot's helper)", str(answers["moving_date"])))
        if values and item.tab:
            tabs.setdefault(item.tab, []).extend(values)
    if tabs:
        per_tab = [_("{tab}:\n{values}", tab=tab, values=_joined_indented(tabs[tab]))
                   for tab in sorted(tabs, key=TAB_ORDER.index)]
        lines.append(_("2. Change these on the tabs (the others stay as they are):\n{lines}", lines=bullets(per_tab)))
    documents = _documents(items)
    lines.append(_("3. 文件上傳 (documents):\n{lines}", lines=bullets(documents)) if documents else
                 _("3. 文件上傳 (documents): none needed for this change, unless the platform lists one."))
    quote = fee(answers)
    fee_line = _("4. Fee: {explanation}", explanation=quote.explanation) if quote.amount == 0 else \
        _("4. Fee: {explanation} Pay it online (線上繳費).", explanation=quote.explanation)
    if quote.confidence != "OFFICIAL":
        fee_line = _("{line} (Not confirmed: the platform shows the fee.)", line=fee_line)
    lines.append(fee_line)
    moved = iso_answer(answers, "moving_date")
    if moved is not None:
        lines.append(_("⏰ Moving date {moved}: request the change by {deadline}.", moved=moved,
                       deadline=moved + timedelta(days=ADDRESS_DAYS)))
    lines.append(BROWSER_ADVICE)
    lines.append(_("On the platform: log in → 線上申辦 → 就業金卡資料異動 → tick 同意上述條款 and press 確定 → the "
                   "start page above → change the tabs → 文件上傳 → 送出. Note the case number (申請案號) the "
                   "platform shows."))
    lines.append(_("⚠️ Each login lasts 30 minutes and this process has no save button: have these values and the "
                   "files ready before you log in."))
    return tuple(lines)


def _box_ticked(answers: Answers, box: str) -> bool:
    keys = {"護照資料異動": "passport_data_change", "僅更換新式統一證號": "new_format_ui_number_only",
            "個人因素申請變更統一證號(如語言不雅)": "ui_number_change_personal_reasons",
            "僅電子信箱或手機號碼異動": "email_or_mobile_only"}
    return answers.get(keys.get(box, "")) is True


def _value_keys(item: str) -> list[str]:
    return {
        "address": ["residence_address"],
        "passport": ["passport_number", "passport_issue_date", "passport_expiry_date"],
        "contact": ["email", "mobile_phone"],
        "name_gender": ["english_surname", "english_given_name", "chinese_name", "gender"],
        "pickup": ["pickup_location"],
    }.get(item, [])


def _joined_indented(values: list[Msg]) -> Msg:
    return joined([Msg("   {value}", {"value": value}) for value in values])


DATA_CHANGE = Flow(
    name=SECTION,
    title=_("Change of card data"),
    label_zh="就業金卡資料異動",
    questions=_questions(),
    summary=copy_sheet,
    on_answer=on_answer,
    personal=True,
)
