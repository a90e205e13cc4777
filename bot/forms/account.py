"""Platform accounts: the login id rule, and password checkers that work in memory only.

Login id (登入帳號): English letters and digits only, no special symbols (seed 000 STEP 6).
Passwords are never asked for as answers, stored or logged (platform.md §1). The checkers below
exist for an optional self-check: they take a candidate, return which rules it breaks, and keep
nothing — the result holds messages only, never the candidate.
- Gold Card platform (seed 000 STEP 6): 8–12 characters, at least 1 lowercase letter and 1 digit,
  different from the account, no special symbols.
- Taiwan Jobs (seed 004 Step 5): 8–20 characters, at least 2 of 4 classes (upper, lower, digit,
  symbol such as & # *).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from bot.forms.facts import number
from bot.forms.result import Accepted, Rejected, RuleContext, RuleResult, Suggestion
from bot.forms.rules import field_rule
from bot.forms.text import prepare
from bot.i18n import Code, Msg, _, verbatim

ACCOUNT_MAX = 50
_ACCOUNT = re.compile(r"[A-Za-z0-9]+")


@field_rule(
    summary=_("English letters and digits only, no spaces or special symbols."),
    sources=("seed 000 STEP 6 (帳號僅能輸入英文和數字; 帳密請勿設特殊符號)",),
)
def login_account(raw: str, ctx: RuleContext) -> RuleResult:
    """登入帳號 on the Gold Card platform."""
    text = prepare(raw, ACCOUNT_MAX)
    if isinstance(text, Rejected):
        return text
    if _ACCOUNT.fullmatch(text):
        return Accepted(text, shown=text)
    cleaned = "".join(ch for ch in text if ch.isascii() and ch.isalnum())
    suggestions = (Suggestion(cleaned, verbatim(cleaned)),) if cleaned else ()
    return Rejected(_("The account may have English letters and digits only: no spaces, dots, @ or other "
                      "symbols. For example {example}.", example=Code(cleaned or "ethanhunt1990")),
                    suggestions=suggestions)


@dataclass(frozen=True)
class PasswordCheck:
    """Which password rules a candidate breaks. Holds messages only: never the candidate."""

    failures: tuple[Msg, ...]

    @property
    def ok(self) -> bool:
        return not self.failures


def check_platform_password(candidate: str, account: str | None = None) -> PasswordCheck:
    """The Gold Card platform's password rules (seed 000 STEP 6). In memory only."""
    shortest, longest = number("platform_password_min"), number("platform_password_max")
    failures: list[Msg] = []
    if not shortest <= len(candidate) <= longest:
        failures.append(_("Use {min} to {max} characters (this has {count}).", min=shortest, max=longest,
                          count=len(candidate)))
    if not re.search(r"[a-z]", candidate):
        failures.append(_("Include at least one lowercase English letter (a–z)."))
    if not re.search(r"[0-9]", candidate):
        failures.append(_("Include at least one digit (0–9)."))
    if not re.fullmatch(r"[A-Za-z0-9]*", candidate):
        failures.append(_("Use English letters and digits only: no spaces or special symbols."))
    if account and candidate.casefold() == account.casefold():
        failures.append(_("The password must differ from the account."))
    return PasswordCheck(tuple(failures))


def check_taiwan_jobs_password(candidate: str) -> PasswordCheck:
    """Taiwan Jobs' password rules (seed 004 Step 5). In memory only."""
    shortest, longest = number("taiwan_jobs_password_min"), number("taiwan_jobs_password_max")
    needed = number("taiwan_jobs_password_classes")
    failures: list[Msg] = []
    if not shortest <= len(candidate) <= longest:
        failures.append(_("Use {min} to {max} characters (this has {count}).", min=shortest, max=longest,
                          count=len(candidate)))
    if any(not ch.isascii() or not ch.isprintable() or ch.isspace() for ch in candidate):
        failures.append(_("Use only letters, digits and symbols of an English keyboard, without spaces."))
    classes = sum(bool(re.search(pattern, candidate))
                  for pattern in (r"[A-Z]", r"[a-z]", r"[0-9]", r"[!-/:-@\[-`{-~]"))
    if classes < needed:
        failures.append(_("Mix at least {needed} of: capital letters, small letters, digits, symbols "
                          "(such as & # *).", needed=needed))
    return PasswordCheck(tuple(failures))
