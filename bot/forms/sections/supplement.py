"""Supplement / correction upload 補正(件) (seed 003; platform.md §4).

After the agency's email: upload within 30 days of the notice (at the latest 6 months when documents
come from abroad); no encrypted files, each ≤ 1024 KB, at most 5 files; reply to the reviewer in
Chinese to speed up review. There is no save button and nothing can be changed after 送出.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field

from bot.forms import dates, identifiers
from bot.forms.chinese import is_han
from bot.forms.choices import yes_no
from bot.forms.facts import number
from bot.forms.result import Accepted, Rejected, RuleContext, RuleResult
from bot.forms.rules import field_rule
from bot.forms.spec import OPTIONAL, FieldSpec, InputKind
from bot.forms.text import free_text
from bot.forms.uploads import UploadedFile, check_supplement_files
from bot.i18n import Msg, _

SEED = "seed 003"


@field_rule(
    summary=_("A date not in the future; notes give the 30-day deadline and the 6-month latest date."),
    sources=("seed 003 (introduction: 三十天內 / 最晚六個月內)",),
    name="notice_date",
)
def notice_date_rule(raw: str, ctx: RuleContext) -> RuleResult:
    """The day the agency's supplement email arrived."""
    result = dates.past_date.fn(raw, ctx)
    if not isinstance(result, Accepted):
        return result
    received = date.fromisoformat(result.value)
    deadline = received + timedelta(days=number("supplement_deadline_days"))
    latest = dates.add_months(received, number("supplement_latest_months"))
    notes: list[Msg] = []
    if ctx.today <= deadline:
        notes.append(_("Upload by {deadline} (30 days after the notice). If documents from abroad take longer, "
                       "{latest} is the latest.", deadline=deadline, latest=latest))
    elif ctx.today <= latest:
        notes.append(_("The 30 days ended on {deadline}. Only documents from abroad may come later, and {latest} "
                       "is the latest: upload as soon as you can.", deadline=deadline, latest=latest))
    else:
        notes.append(_("The last day to upload was {latest}. Contact the Gold Card Office before you do "
                       "anything else.", latest=latest))
    return Accepted(result.value, shown=result.shown, notes=tuple(notes))


_reply_text = free_text("reply_text", 2000, multiline=True, summary=_("Free text."), sources=(SEED,))


@field_rule(
    summary=_("Free text up to 2000 characters; a note when it is not in Chinese (the platform asks for Chinese)."),
    sources=("seed 003 STEP 12 (為加速審核時間，請以中文輸入回覆意見)",),
    name="reply_to_reviewer",
)
def reply_rule(raw: str, ctx: RuleContext) -> RuleResult:
    """審核意見回覆."""
    result = _reply_text.fn(raw, ctx)
    if isinstance(result, Rejected) or any(is_han(ch) for ch in str(result.value)):
        return result
    return Accepted(result.value, shown=result.shown, notes=(
        _("The platform asks for the reply in Chinese to speed up review; an English reply has sometimes made "
          "submitting fail. Consider adding a Chinese version."),))


reviewer_comment_rule = free_text(
    "reviewer_comment", 4000, multiline=True, sources=("seed 003 STEP 10",),
    summary=_("The reviewer's comment as shown on the platform (any text, up to 4000 characters)."),
)


class Supplement(BaseModel):
    """A supplement upload for one case."""

    model_config = ConfigDict(extra="forbid")

    application_number: Annotated[str | None, FieldSpec(
        zh="申請案號", en=_("Application number"), rule=identifiers.application_number,
        source="seed 003 STEP 9")] = None
    notice_date: Annotated[str | None, FieldSpec(
        zh="補正通知日期", en=_("Date of the supplement notice"), rule=notice_date_rule, kind=InputKind.DATE,
        required=OPTIONAL, on_platform=False, source="seed 003 (introduction)")] = None
    documents_from_abroad: Annotated[bool | None, FieldSpec(
        zh="文件須自國外取得", en=_("Documents must come from abroad"), rule=yes_no, kind=InputKind.YES_NO,
        required=OPTIONAL, on_platform=False,
        source="seed 003 line 5 (introduction: 如所需資料在國外需要較長時間辦理，最晚也需在收到通知後的六個月內上傳)")
    ] = None
    reviewer_comment: Annotated[str | None, FieldSpec(
        zh="審核意見", en=_("Reviewer's comment"), rule=reviewer_comment_rule, required=OPTIONAL,
        source="seed 003 STEP 10")] = None
    files: Annotated[list[UploadedFile], FieldSpec(
        zh="文件上傳", en=_("Uploaded documents"), kind=InputKind.FILES, check_stored=check_supplement_files,
        required=OPTIONAL, source="seed 003 STEP 11 (請勿加密，檔案大小不超過1024KB，最多只可上傳五個檔案)")
    ] = Field(default_factory=list)
    reply_to_reviewer: Annotated[str | None, FieldSpec(
        zh="審核意見回覆", en=_("Reply to the reviewer"), rule=reply_rule, required=OPTIONAL,
        source="seed 003 STEP 12")] = None
