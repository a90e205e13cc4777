"""Contact details: email addresses and phone numbers.

Email: syntax checked by email-validator (no DNS lookups); a note when the provider is in mainland
China or an encrypted mail service, whose mail from the agency may not arrive (seed 000 STEP 6,
seed 001 STEP 14; research/domain.md §6.1; providers in ``bot/data/email_providers.json``).
Phones: any international number via phonenumbers, stored E.164 (``+886223456789``, an extension
as ``;ext=123``); where the platform wants a Taiwan mobile (資料異動 手機號碼, research/domain.md
§5.7; Taiwan Jobs 行動電話, seed 004 Step 2) it is 09 + 8 half-width digits, stored as typed on
the platform (``0912345678``).
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from bot.forms.countries import country_name
from bot.forms.email_typos import corrected_address
from bot.forms.facts import email_provider_groups
from bot.forms.result import Accepted, Rejected, RuleContext, RuleResult, Suggestion
from bot.forms.rules import field_rule
from bot.forms.text import prepare, snippet
from bot.i18n import Code, Msg, _, verbatim

if TYPE_CHECKING:
    from phonenumbers import PhoneNumber

EMAIL_EXAMPLE = Code("name@example.com")
TAIWAN_MOBILE = re.compile(r"09\d{8}")
MOBILE_EXAMPLE = Code("0912345678")


def _email_problem(text: str) -> Msg:
    """A fix-it message for an address email-validator refused (its own texts are English only)."""
    if "@" not in text:
        return _("An email address needs an @, like {example}.", example=EMAIL_EXAMPLE)
    local, _sep, domain = text.rpartition("@")
    if "@" in local:
        return _("An email address has only one @. Please type it again, like {example}.",
                 example=EMAIL_EXAMPLE)
    if " " in text:
        return _("An email address has no spaces. Please type it again, like {example}.", example=EMAIL_EXAMPLE)
    if not local:
        return _("Something is missing before the @, like {example}.", example=EMAIL_EXAMPLE)
    if "." not in domain:
        return _("After the @ comes a domain with a dot, such as gmail.com: {example}.", example=EMAIL_EXAMPLE)
    if any(ord(ch) > 127 for ch in local):
        return _("Use only English letters, digits and . _ - before the @.")
    return _("{text} is not a valid email address. Please check it for typos, like {example}.",
             text=snippet(text), example=EMAIL_EXAMPLE)


@field_rule(
    summary=_("A valid email address (syntax only, no DNS); a warning for mainland-China and encrypted "
              "mail providers."),
    sources=("seed 000 STEP 6", "seed 001 STEP 14", "https://goldcard.nat.gov.tw/en/apply/step-2/registration/",
             "bot/data/email_providers.json"),
)
def email(raw: str, ctx: RuleContext) -> RuleResult:
    """An email address the agency's mail can reach."""
    text = prepare(raw, 254)
    if isinstance(text, Rejected):
        return text
    text = text.removeprefix("mailto:")
    from email_validator import EmailNotValidError, validate_email  # here: ~15 ms at start-up (its regexes)

    try:
        result = validate_email(text, check_deliverability=False, allow_smtputf8=False)
    except EmailNotValidError:
        return Rejected(_email_problem(text))
    except Exception:  # email-validator / idna may raise other errors on exotic input
        return Rejected(_email_problem(text))
    if (fixed := corrected_address(result.normalized)) is not None:  # gmial.com → gmail.com, one tap
        return Rejected(_("{domain} looks like a typo. Did you mean {suggestion}?",
                          domain=Code(result.domain), suggestion=Code(fixed)),
                        suggestions=(Suggestion(fixed, verbatim(fixed)),))
    notes: list[Msg] = []
    for group in email_provider_groups():
        if group.matches(result.ascii_domain):
            if group.key == "mainland_china":
                notes.append(_("Mail from the National Immigration Agency may not reach {domain} (a mainland-"
                               "China provider). The platform asks for another address, such as Gmail or "
                               "Outlook.", domain=Code(result.domain)))
            else:
                notes.append(_("Mail from the National Immigration Agency may not reach {domain} (an encrypted "
                               "mail service). Consider another address, such as Gmail or Outlook.",
                               domain=Code(result.domain)))
    return Accepted(result.normalized, shown=result.normalized, notes=tuple(notes))


def _parse(text: str, region: str | None) -> PhoneNumber | Msg:
    import phonenumbers  # here: phonenumbers and its metadata (~1 MB, ~15 ms) load with the first phone number
    from phonenumbers import NumberParseException

    text = re.sub(r"^00", "+", text.strip())
    text = re.sub(r"\s*(?:分機|轉)\s*", " ext ", text)
    try:
        return phonenumbers.parse(text, region)
    except NumberParseException as exc:
        if exc.error_type == NumberParseException.INVALID_COUNTRY_CODE:
            if region is None and not text.startswith("+"):
                return _("Please start with + and the country code, for example {example}.",
                         example=Code("+1 415 555 0100"))
            return _("The country code after + is not valid. Check it, for example {example} for Taiwan.",
                     example=Code("+886"))
        if exc.error_type == NumberParseException.TOO_SHORT_NSN:
            return _("That number is too short. Please type the whole number with its country code.")
        if exc.error_type == NumberParseException.TOO_LONG:
            return _("That number is too long. Please check it.")
        return _("That is not a phone number. Please type digits, for example {example}.",
                 example=Code("+1 415 555 0100"))


def _stored(number: PhoneNumber) -> str:
    import phonenumbers  # here: phonenumbers and its metadata (~1 MB, ~15 ms) load with the first phone number

    value = phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)
    return f"{value};ext={number.extension}" if number.extension else value


def _default_region(ctx: RuleContext) -> str | None:
    for key in ("home_country", "nationality"):
        value = ctx.answers.get(key)
        if isinstance(value, str) and len(value) == 2 and value.isalpha():
            return value.upper()
    return None


@field_rule(
    summary=_("Any valid phone number, international (with + and country code, or local to the applicant's "
              "country); stored as E.164."),
    sources=("seed 000 STEP 6 (聯絡電話)", "seed 001 STEP 14 (申請人母國電話號碼)"),
)
def international_phone(raw: str, ctx: RuleContext) -> RuleResult:
    """A phone number anywhere in the world."""
    text = prepare(raw, 40)
    if isinstance(text, Rejected):
        return text
    region = None if text.startswith(("+", "00")) else _default_region(ctx)
    if region is None and not text.startswith(("+", "00")) and TAIWAN_MOBILE.fullmatch(re.sub(r"[\s-]", "", text)):
        region = "TW"
    number = _parse(text, region)
    if isinstance(number, Msg):
        return Rejected(number)
    import phonenumbers  # here: phonenumbers and its metadata (~1 MB, ~15 ms) load with the first phone number

    if not phonenumbers.is_valid_number(number):
        where = phonenumbers.region_code_for_number(number)
        return Rejected(_("{number} is not a valid phone number in {country}. Please check the digits and the "
                          "country code.", number=snippet(text),
                          country=country_name(where, ctx.locale) if where else "?"))
    shown = phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.INTERNATIONAL)
    notes: tuple[Msg, ...] = ()
    if region is not None:
        notes = (_("Understood with the country code of {country}: {number}.",
                   country=country_name(region, ctx.locale), number=Code(shown)),)
    return Accepted(_stored(number), shown=shown, notes=notes)


@field_rule(
    summary=_("A Taiwan mobile number: 09 and 8 more digits (also accepted as +886 9…); stored as 10 "
              "half-width digits."),
    sources=("seed 004 Step 2 (行動電話長度限制為10碼, 請用半形, EX.0912345678)",
             "https://staging.taiwangoldcard.tw/en/faq/how-do-i-change-my-address (Taiwan mobile starting with 09)"),
)
def taiwan_mobile(raw: str, ctx: RuleContext) -> RuleResult:
    """A Taiwan mobile number, as the platform wants it."""
    text = prepare(raw, 40)
    if isinstance(text, Rejected):
        return text
    digits = re.sub(r"[\s\-().]", "", text)
    digits = re.sub(r"^(?:\+|00)?886", "0", digits)
    if digits.startswith("9") and len(digits) == 9:
        digits = "0" + digits
    if TAIWAN_MOBILE.fullmatch(digits):
        shown = f"{digits[:4]}-{digits[4:7]}-{digits[7:]}"
        return Accepted(digits, shown=shown)
    if digits.isdigit() and digits.startswith("0"):
        parsed = _parse(digits, "TW")
        import phonenumbers  # here: phonenumbers and its metadata (~1 MB, ~15 ms) load with the first phone number

        if isinstance(parsed, phonenumbers.PhoneNumber) and phonenumbers.is_valid_number(parsed) and \
                phonenumbers.number_type(parsed) != phonenumbers.PhoneNumberType.MOBILE:
            return Rejected(_("That is a landline. The platform needs a Taiwan mobile number: 09 and 8 more "
                              "digits, for example {example}.", example=MOBILE_EXAMPLE))
    if text.startswith(("+", "00")) and not re.match(r"^(?:\+|00)886", re.sub(r"\s", "", text)):
        return Rejected(_("This box takes a Taiwan mobile number only (09 and 8 more digits, for example "
                          "{example}).", example=MOBILE_EXAMPLE))
    return Rejected(_("A Taiwan mobile number is 09 and 8 more digits, 10 in all, for example {example}.",
                      example=MOBILE_EXAMPLE))


@field_rule(
    summary=_("A valid Taiwan phone number (landline with area code, or mobile), with an optional "
              "extension; stored as E.164."),
    sources=("seed 004 Step 2 (電話一/電話二/傳真: (區碼) 號碼 # 分機)",),
)
def taiwan_phone(raw: str, ctx: RuleContext) -> RuleResult:
    """A Taiwan landline or mobile (Taiwan Jobs phone and fax boxes)."""
    text = prepare(raw, 40)
    if isinstance(text, Rejected):
        return text
    number = _parse(text, "TW")
    if isinstance(number, Msg):
        return Rejected(number)
    import phonenumbers  # here: phonenumbers and its metadata (~1 MB, ~15 ms) load with the first phone number

    if number.country_code != 886 or not phonenumbers.is_valid_number(number):
        return Rejected(_("Please type a Taiwan number with its area code, for example {example}.",
                          example=Code("02-2345-6789")))
    shown = phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.NATIONAL)
    return Accepted(_stored(number), shown=shown)


@field_rule(
    summary=_("Digits only, at most 6 (optional)."),
    sources=("seed 000 STEP 6 (分機號碼)",),
)
def phone_extension(raw: str, ctx: RuleContext) -> RuleResult:
    """A phone extension."""
    text = prepare(raw, 20)
    if isinstance(text, Rejected):
        return text
    digits = re.sub(r"^(?:#|ext\.?|x|分機)\s*", "", text.lower()).strip()
    if re.fullmatch(r"\d{1,6}", digits):
        return Accepted(digits, shown=digits)
    cleaned = re.sub(r"\D", "", digits)[:6]
    suggestions = (Suggestion(cleaned, verbatim(cleaned)),) if cleaned else ()
    return Rejected(_("An extension is digits only, at most 6, for example {example}.", example=Code("123")),
                    suggestions=suggestions)
