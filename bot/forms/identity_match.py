"""The identity chosen in the opening questions against the passport's nationality (basic_data.nationality).

One function, :func:`identity_conflict`, used twice: by the rule across tabs on a stored draft
(:mod:`bot.forms.crosstab`, rule ``identity_vs_passport``) and by the nationality question of 基本資料, which
stops a US passport holder who picked 非美籍外籍人士 (and the other mismatches) before going on.
Sources: seed 001 STEP 8 (您的國籍或身分) and lines 304-310; research/domain.md §1.6 and §2.
"""

from __future__ import annotations

from typing import Literal

from bot.forms.opening import opening_facts
from bot.forms.result import Accepted, Rejected, RuleContext, RuleResult
from bot.forms.rules import FieldRule, field_rule
from bot.i18n import Code, Msg, _

US, HONG_KONG, MACAU, MAINLAND = "US", "HK", "MO", "CN"
IDENTITY_OF_PASSPORT = {US: "foreign_us", HONG_KONG: "hong_kong", MACAU: "macau"}
HK_FAQ = ("https://goldcard.nat.gov.tw/zh/faq/if-hong-kong-residents-hold-other-foreign-passport-s-what-should-"
          "they-pay-attention-to-when-applying-for-a-gold-card/")


def identity_label(value: str) -> str:
    option = opening_facts().nationality(value)
    return option.zh if option else value


def identity_conflict(identity: str | None, passport: str | None
                      ) -> tuple[Literal["problem", "note"], Msg] | None:
    """A problem (the platform's reviewers would refuse) or a note, or None when the two agree."""
    if not identity or not passport:
        return None
    expected = IDENTITY_OF_PASSPORT.get(passport)
    if passport == MAINLAND and identity in ("foreign_us", "foreign_non_us"):
        return "problem", _(
            "The passport's nationality is China ({code}), but the identity chosen is {identity}. Mainland "
            "residents cannot apply as foreigners; Hong Kong and Macau residents choose their own identity.",
            code=Code(passport), identity=Code(identity_label(identity)))
    if expected is not None and identity != expected:
        return "problem", _(
            "The passport's nationality ({code}) calls for the identity {expected}, but {identity} was chosen. The "
            "identity cannot be changed on the platform later: change the opening answer before you apply.",
            code=Code(passport), expected=Code(identity_label(expected)), identity=Code(identity_label(identity)))
    if identity == "foreign_us" and passport != US:
        return "problem", _(
            "{identity} is for US passport holders, but the passport's nationality is {code}. Choose {other}.",
            identity=Code(identity_label(identity)), code=Code(passport),
            other=Code(identity_label("foreign_non_us")))
    if identity in ("hong_kong", "macau") and passport not in (HONG_KONG, MACAU, MAINLAND):
        return "note", _(
            "You chose {identity} with a passport of {code}. Hong Kong and Macau residents holding another passport "
            "must read the Gold Card Office's answer first (seed 001 line 304): {url}",
            identity=Code(identity_label(identity)), code=Code(passport), url=HK_FAQ)
    return None


def passport_nationality_rule(country: FieldRule) -> FieldRule:
    """``country`` (the nationality rule), then the opening identity checked against it: a mismatch stops."""

    @field_rule(summary=_("A country, and the one the identity chosen in the opening questions calls for."),
                sources=(*country.sources, "seed 001 STEP 8", "research/domain.md §2"), name="passport_nationality")
    def passport_nationality(raw: str, ctx: RuleContext) -> RuleResult:
        result = country(raw, ctx)
        if not isinstance(result, Accepted):
            return result
        conflict = identity_conflict(ctx.answers.get("nationality_identity"), str(result.value))
        if conflict is not None and conflict[0] == "problem":
            return Rejected(_("{problem}\nChange 您的國籍或身分 in the opening questions (menu → Opening questions), "
                              "then come back here.", problem=conflict[1]))
        return result

    return passport_nationality


__all__ = ["identity_conflict", "identity_label", "passport_nationality_rule"]
