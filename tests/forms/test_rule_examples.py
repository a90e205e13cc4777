"""One valid and one invalid example for every rule the sections use, checked in both languages.

The coverage test fails when a rule is added to a section without examples here.
"""

from __future__ import annotations

from typing import Any

import pytest

from bot.forms.rules import FieldRule
from bot.forms.salary import SalaryClaim
from bot.forms.sections import SECTIONS
from bot.forms.spec import field_specs
from tests.forms.helpers import accepted, both, ctx, rejected


def rules_by_name() -> dict[str, FieldRule]:
    specs = [ref.spec for item in SECTIONS for ref in item.fields()] + [s for _k, s in field_specs(SalaryClaim)]
    return {spec.rule.name: spec.rule for spec in specs if spec.rule is not None}


RULES = rules_by_name()
Example = tuple[FieldRule, str, dict[str, Any]]


def _ex(name: str, valid: str, invalid: str, **answers: Any) -> tuple[str, tuple[Example, Example]]:
    rule = RULES[name]
    return name, ((rule, valid, answers), (rule, invalid, answers))


EXAMPLES: dict[str, tuple[Example, Example]] = dict([
    _ex("application_number", "113551045830", "11355104583"),
    _ex("application_place", "Germany", "Atlantis"),
    _ex("choice:taiwan_jobs_newsletter", "我要訂閱", "maybe"),
    _ex("declaration_ticked", "yes", "no"),
    _ex("education_other_description", "Apprenticeship in mechatronics", "x" * 65),
    _ex("email_or_none", "無", "john.example.de"),
    _ex("mailing_address", "Unter den Linden 77, 10117 Berlin", "!!!"),
    _ex("mission", "Berlin", "!!!"),
    _ex("other_contact", "LinkedIn: linkedin.com/in/john", "???"),
    _ex("roc_visa_details", "Visa 12345678, 2019-04-01", "---"),
    _ex("birth_country", "Japan", "Atlantis"),
    _ex("birth_date", "1990-05-03", "1990-02-30"),
    _ex("birth_date_roc", "民國79年5月3日", "民國79年13月3日"),
    _ex("chinese_name", "王小明", "Wang"),
    _ex("choice:applicant_role", "外國人自行申請", "my cat"),
    _ex("choice:gender", "female", "unknown"),
    _ex("choice:highest_education", "博士", "???"),
    _ex("choice:marital_status", "married", "!!!"),
    _ex("choice:military_service", "役畢", "maybe"),
    _ex("choice:occupation", "公教職員", "---"),
    _ex("choice:passport_type", "普通", "…"),
    _ex("choice:pickup_location", "臺北市服務站", "##"),
    _ex("choice:pickup_method", "自取(在臺灣領證)", "%%"),
    _ex("choice:salary_period", "monthly", "weekly"),
    _ex("choice:taiwan_jobs_education", "碩士", "@@"),
    _ex("choice:taiwan_jobs_marital_status", "未婚", "complicated"),
    _ex("choice:validity_years", "3 years", "5 years"),
    _ex("currency", "EUR", "doubloons"),
    _ex("earned_in", "2025-06", "2025-13", period="month"),
    _ex("email", "ethan@example.com", "ethan.example.com"),
    _ex("english_name", "HUNT", "HUNT2"),
    _ex("entry_document", "visa_exempt", "by boat"),
    _ex("qualification_route", "digital.2", "digital.99"),
    _ex("exchange_rate", "31.5", "-2", currency="USD"),
    _ex("graduation_year_month", "2015-06", "2015-13"),
    _ex("home_country_address", "Unter den Linden 77, Berlin", "!!!"),
    _ex("international_phone", "+49 30 123456", "+49 1"),
    _ex("login_account", "ethanhunt1990", "ethan.hunt"),
    _ex("national_id_or_ui_number", "A123456789", "A123456788"),
    _ex("nationality", "Germany", "Atlantis"),
    _ex("passport_nationality", "Germany", "Atlantis"),
    _ex("nationality_identity", "foreign_non_us", "martian"),
    _ex("notice_date", "2026-11-01", "2026-12-01"),
    _ex("other_nationality", "France", "Germany", nationality="DE"),
    _ex("passport_expiry_date", "2031-01-01", "2027-04-21"),
    _ex("passport_issue_date", "2023-02-15", "2027-01-01"),
    _ex("passport_number", "C01X00T47", "C01/X00"),
    _ex("past_date", "2026-11-20", "2026-11-22"),
    _ex("planned_date", "2027-01-15", "2026-11-20"),
    _ex("person_name", "王小明", "R2D2"),
    _ex("phone_extension", "123", "12a"),
    _ex("previous_passport_number", "X9876543", "C01X00T47", passport_number="C01X00T47"),
    _ex("professional_field", "digital", "astrology"),
    _ex("reply_to_reviewer", "已補上在職證明。", "   "),
    _ex("reviewer_comment", "請補件", "***"),
    _ex("salary_amount", "160,000", "lots"),
    _ex("short_text", "Hamburg", "..."),
    _ex("taiwan_address", "台北市中正區寶慶路3號2樓", "台北市中正區寶慶路No. 3, 2F"),
    _ex("taiwan_mobile", "0912345678", "02-2345-6789"),
    _ex("taiwan_phone", "02-2345-6789", "+1 415 555 0100"),
    _ex("ui_number", "A800000014", "A800000015"),
    _ex("yes_no", "yes", "perhaps"),
])


def test_every_rule_has_examples() -> None:
    assert set(EXAMPLES) == set(RULES)


@pytest.mark.parametrize("name", sorted(EXAMPLES))
@pytest.mark.parametrize("locale", ["en", "zh_TW"])
def test_valid_example(name: str, locale: str) -> None:
    rule, raw, answers = EXAMPLES[name][0]
    result = accepted(rule.fn(raw, ctx(locale, **answers)))
    for note in result.notes:
        both(note)


@pytest.mark.parametrize("name", sorted(EXAMPLES))
@pytest.mark.parametrize("locale", ["en", "zh_TW"])
def test_invalid_example(name: str, locale: str) -> None:
    rule, raw, answers = EXAMPLES[name][1]
    result = rejected(rule.fn(raw, ctx(locale, **answers)))
    both(result.message)
    for suggestion in result.suggestions:
        assert suggestion.value
