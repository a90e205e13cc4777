"""STEP 10, 系統使用聲明事項(就業金卡部分): the system-use declaration, between the opening questions and
基本資料 (seed 001 lines 232-252), as data.

The declaration's first paragraph (no refund once the fee is paid, approved or not) is shown verbatim
with its meaning in the applicant's language; ticking 「同意上述條款，請打勾。」 is stored in the draft as
``declaration.no_refund_acknowledged`` (bot/forms/sections/declaration.py). Right after it the bot asks
its own question, when the applicant plans to submit (``planned_submission_date``, not a platform field):
the passport's six months are counted from that day.
"""

from __future__ import annotations

from bot.engine.flow import Choice, Flow, InputKind, Question
from bot.forms.sections import section
from bot.forms.sections.declaration import (
    DECLARATION_TITLE_ZH,
    NO_REFUND_ZH,
    TICK_LABEL_ZH,
    TODAY,
    declaration_ticked,
    planned_date,
)
from bot.i18n import Bold, _, verbatim

NAME = "declaration"

NO_REFUND_MEANING = _(
    "In English: “Welcome to the National Immigration Agency's Foreign Professionals Online Application "
    "Platform. To tell you online about the review of your application, the platform notifies you by "
    "electronic documents (email), and once the fee of this application is paid it is not refunded, "
    "whether the card is approved or not.”")

ACKNOWLEDGE = Question(
    key="no_refund_acknowledged", kind=InputKind.AGREE, label_zh=TICK_LABEL_ZH,
    label_en=_("I agree to the terms above (tick)"),
    prompt=_("Before the first tab the platform shows its system-use declaration, {title}. Its first "
             "paragraph reads:\n{declaration}\n{meaning}\nRead the whole declaration on the platform, then tick "
             "{tick} and press 確定.",
             title=Bold(DECLARATION_TITLE_ZH), declaration=Bold(NO_REFUND_ZH), meaning=NO_REFUND_MEANING,
             tick=verbatim(TICK_LABEL_ZH)),
    hint=_("The bot cannot get your fee back either: check every answer before you pay."),
    rule=declaration_ticked,
    choices=(Choice(True, _("☑ I have read it and agree"), platform_label="同意"),),
)

PLANNED = Question(
    key="planned_submission_date", kind=InputKind.DATE, open_list=True,
    title=_("Planned submission date"),
    prompt=_("When do you plan to submit on the platform? Press Today, or type a date (YYYY-MM-DD) within the "
             "next year. The passport must still be valid 6 months after that day, so the bot checks it "
             "against this date."),
    hint=_("The bot's own question: the platform does not ask it."),
    rule=planned_date,
    choices=(Choice(TODAY, _("Today")),),
)

DECLARATION = Flow(
    name=NAME,
    title=section(NAME).en,
    label_zh=DECLARATION_TITLE_ZH,
    part_of="application",
    questions=(ACKNOWLEDGE, PLANNED),
)
