"""The opening questions of a new application (seed 001 STEP 8-9; platform.md §2.1), as data.

Platform order and wording: 同意, 是否現在或曾經持有就業金卡, 您的國籍或身分, 您現在是否在中華民國境內申請,
您入境中華民國或目前所持證件 (only inside Taiwan), 您是否具中華民國國籍. The bot adds its own safety
checks right after the answer they protect (a visitor visa that is really visa-exempt entry, visas that
cannot be converted, ROC household registration), and explains excluded identities
(research/domain.md §1-2). The summary shows the derived identity and asks for a second confirmation,
because the platform will not let these answers change later.
"""

from __future__ import annotations

from bot.dialogs.platform_advice import BROWSER_ADVICE
from bot.engine.flow import Answers, Choice, Flow, InputKind, Question
from bot.forms.countries import hk_macau_other_passport_note
from bot.forms.opening import EntryDocument, OpeningAnswers, derive_identity, opening_facts
from bot.forms.result import Rejected
from bot.i18n import Msg, _, localized, verbatim

FACTS = opening_facts()
VISA_DOCUMENTS = {option.value for option in FACTS.entry_documents if option.visa}
CONVERTIBLE_DOCUMENTS = {option.value for option in FACTS.entry_documents if option.convertible}


def _inside(answers: Answers) -> bool:
    return answers.get("inside_taiwan") is True


ENTRY_NOTES: dict[EntryDocument, Msg] = {
    EntryDocument.RESIDENCE_PERMIT: _(
        "Your residence permit is converted into the Gold Card in Taiwan; no passport inspection abroad "
        "is needed."),
    EntryDocument.VISA_EXEMPT: _(
        "Mind your permitted stay and leave Taiwan before it ends (請留意在臺停留期限，如將屆期請依限出境). "
        "A visa-exempt stay cannot be converted: after approval you enter Taiwan again with the approval "
        "letter to collect the card."),
    EntryDocument.VISITOR_VISA_60_UNRESTRICTED: _(
        "A visitor visa of 60 days or more without a restriction annotation can be converted to residence "
        "in Taiwan (Immigration Act art. 23)."),
    EntryDocument.VISITOR_VISA_60_RESTRICTED: _(
        "A visa with a restriction annotation (such as 不得延期) cannot be converted in Taiwan: leave "
        "before your permitted stay ends, and after approval enter again with the approval letter."),
    EntryDocument.VISITOR_VISA_UNDER_60: _(
        "A visitor visa of less than 60 days cannot be converted in Taiwan: leave before your permitted "
        "stay ends, and after approval enter again with the approval letter."),
}

NOT_A_VISA = Rejected(
    _("Then you entered visa-exempt. Please choose 以免簽證方式入國 (visa-exempt entry): picking a visa "
      "you do not hold is the most common reason for 「申請人以免籤證入境，申請時身份類別選擇錯誤，不予許可」 "
      "(rejected, no refund)."),
    reset=("entry_document",),
)


def _hk_macau_dual(answers: Answers) -> Msg | None:
    if answers.get("roc_nationality") is True and answers.get("nationality_identity") in ("hong_kong", "macau"):
        return _("People who hold both Hong Kong or Macau residence and ROC (Taiwan) nationality cannot "
                 "apply for the Employment Gold Card (不受理申請之身分).")
    return None


def _visa_list() -> Msg:
    items = FACTS.non_convertible_visas.items
    return localized("\n".join(f"• {item.code}: {item.en}" for item in items),
                     "\n".join(f"• {item.code}：{item.zh}" for item in items))


QUESTIONS = (
    Question(
        key="agree", kind=InputKind.AGREE, label_zh="同意", label_en="Agree to the application rules",
        prompt=_("The platform first asks you to agree to its application rules. Your answers to these "
                 "questions decide which data and documents the application needs. If a reviewer finds "
                 "that an answer does not match your real situation (nationality, applying inside or "
                 "outside Taiwan, the document you entered with), the application is not accepted and the "
                 "fee is not refunded."),
        choices=(Choice(True, _("I agree"), platform_label="同意"),),
    ),
    Question(
        key="held_gold_card", kind=InputKind.YES_NO, label_zh="是否現在或曾經持有就業金卡",
        label_en="Do you hold, or have you held, a Gold Card?",
        prompt=_("Do you hold an Employment Gold Card now, or have you ever held one?"),
        choices=(
            Choice(True, _("Yes"), platform_label="是", note=_(
                "If your card is still valid, use the extension (就業金卡延期申請) in the 4 months before it "
                "expires instead of a new application. An expired card is renewed with a new application.")),
            Choice(False, _("No"), platform_label="否"),
        ),
    ),
    Question(
        key="nationality_identity", kind=InputKind.CHOICE, label_zh="您的國籍或身分",
        label_en="Your nationality or identity",
        prompt=_("Which nationality or identity do you apply with?"),
        hint=_("US nationals have their own option because of a different visa fee. Only 非美籍外籍人士 "
               "(non-US foreign national) is the platform's confirmed wording; the other options here are the "
               "bot's own descriptions: on the platform, pick the option with the same meaning."),
        choices=tuple(
            # only wording seen on the platform is shown as the platform's (seed 001 STEP 21): the rest is ours
            Choice(option.value, localized(option.en, option.zh),
                   platform_label=option.zh if option.platform_wording else None,
                   blocks=_("Citizens of mainland China cannot apply for the Employment Gold Card "
                            "(不受理申請之身分).") if option.excluded else None)
            for option in FACTS.nationality_identities
        ),
    ),
    Question(
        key="inside_taiwan", kind=InputKind.YES_NO, label_zh="您現在是否在中華民國境內申請",
        label_en="Are you applying from inside the ROC (Taiwan) now?",
        prompt=_("Are you in Taiwan now and applying from inside Taiwan?"),
        choices=(
            Choice(True, _("Yes, I am in Taiwan"), platform_label="是", note=_(
                "Choose Yes only if you are already in Taiwan, and stay in Taiwan for at least 7 days after "
                "you submit the application. If the answer does not match reality, the fee is not refunded.")),
            Choice(False, _("No, I apply from abroad"), platform_label="否", note=_(
                "You apply from abroad. After the qualification review you show your passport at an ROC "
                "mission abroad (Hong Kong and Macau residents are exempt).")),
        ),
    ),
    Question(
        key="entry_document", kind=InputKind.CHOICE, label_zh="您入境中華民國或目前所持證件",
        label_en="Document you entered with, or hold now",
        prompt=_("How did you enter Taiwan, or which document do you hold now?"),
        hint=_("Visa-exempt entry shows only an entry stamp (often 90 days): that is not a visa."),
        show_if=_inside,
        choices=tuple(Choice(option.value, verbatim(option.en), platform_label=option.zh,
                             note=ENTRY_NOTES[option.value]) for option in FACTS.entry_documents),
    ),
    Question(
        key="has_visa_sticker", kind=InputKind.YES_NO, title=_("Visa applied for before travelling"),
        prompt=_("Check: did you apply for this visa before you travelled (a visa sticker in your passport "
                 "or an eVisa)?"),
        hint=_("An entry stamp without a visa you applied for means visa-exempt entry."),
        show_if=lambda a: _inside(a) and a.get("entry_document") in VISA_DOCUMENTS,
        choices=(
            Choice(True, _("Yes, I have a visa"), platform_label="是"),
            Choice(False, _("No, only an entry stamp"), platform_label="否", rejects=NOT_A_VISA),
        ),
    ),
    Question(
        key="non_convertible_visa", kind=InputKind.YES_NO, title=_("Visa that cannot be converted"),
        prompt=_("Check: is your current visa or residence permit one of these?"),
        hint=_visa_list(),
        show_if=lambda a: _inside(a) and a.get("entry_document") in CONVERTIBLE_DOCUMENTS,
        choices=(
            Choice(True, _("Yes"), platform_label="是", blocks=_(
                "These visas cannot be converted to a Gold Card inside Taiwan, so the application would be "
                "rejected. Leave Taiwan and apply from abroad, or come back on another status. British "
                "Youth Mobility (YM) holders are the exception: answer No.")),
            Choice(False, _("No"), platform_label="否"),
        ),
    ),
    Question(
        key="roc_nationality", kind=InputKind.YES_NO, label_zh="您是否具中華民國國籍",
        label_en="Do you hold ROC (Taiwan) nationality?",
        prompt=_("Do you also hold ROC (Taiwan) nationality?"),
        blocks_if=_hk_macau_dual,
    ),
    Question(
        key="roc_household_registration", kind=InputKind.YES_NO, title=_("Household registration in Taiwan"),
        prompt=_("Do you have household registration (戶籍) in Taiwan?"),
        show_if=lambda a: a.get("roc_nationality") is True,
        choices=(
            Choice(True, _("Yes"), platform_label="是", blocks=_(
                "ROC nationals with household registration in Taiwan cannot apply. If you entered on a "
                "foreign passport, first de-register (戶籍遷出登記) at the household registration office, "
                "then apply. Men of military-service age who have not served may also be excluded.")),
            Choice(False, _("No"), platform_label="否"),
        ),
    ),
    Question(
        key="entered_on_roc_passport", kind=InputKind.YES_NO, title=_("Entered on an ROC passport"),
        prompt=_("Did you enter Taiwan this time on an ROC (Taiwan) passport?"),
        show_if=lambda a: a.get("roc_nationality") is True and _inside(a),
        choices=(
            Choice(True, _("Yes"), platform_label="是", blocks=_(
                "Anyone who entered Taiwan on an ROC passport cannot apply from inside Taiwan. Apply from "
                "abroad instead.")),
            Choice(False, _("No"), platform_label="否"),
        ),
    ),
)


def identity_summary(answers: Answers) -> tuple[Msg, ...]:
    identity = derive_identity(OpeningAnswers.model_validate(answers))
    if identity is None:
        return ()
    parts: list[Msg] = [_("Your identity on the platform: {identity}",
                          identity=localized(f"{identity.zh} ({identity.en})", identity.zh))]
    if identity.confidence != "OFFICIAL":
        parts.append(_("The platform's exact wording of this identity is not confirmed yet: check that the "
                       "platform shows the same meaning before you go on."))
    if identity.hong_kong_macau:
        parts.append(_("Hong Kong and Macau residents do not show their passport at a mission, and sign "
                       "the 香港或澳門居民身分確認書 and 香港澳門居民申請居留定居申報書 in Chinese."))
        parts.append(hk_macau_other_passport_note())
    elif identity.passport_inspection_abroad:
        parts.append(_("After the qualification review, your passport is inspected at an ROC mission "
                       "abroad or by the Bureau of Consular Affairs."))
    else:
        parts.append(_("Your status is converted in Taiwan: no passport inspection abroad."))
    if identity.inside_taiwan:
        parts.append(_("Reminder: stay in Taiwan for at least 7 days after you submit."))
    return tuple(parts)


OPENING = Flow(
    name="opening",
    title=_("Opening questions"),
    label_zh="新增申請人",
    part_of="application",
    questions=QUESTIONS,
    summary=identity_summary,
    confirm=_("These answers cannot be changed on the platform later: a wrong identity means the "
              "application is rejected and the fee is not refunded. Please check every answer once more."),
    done=lambda answers: (
        *identity_summary(answers)[:1],
        BROWSER_ADVICE,
        _("On the platform, give exactly these answers: 線上申辦 → 就業金卡申請或重新申請 → 新增申請人."),
    ),
)
