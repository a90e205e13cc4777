"""Field metadata of every section: keys, labels (zh verbatim from the platform), rules, sources."""

from __future__ import annotations

import re
from functools import cache

import pytest

from bot.forms.opening import OpeningAnswers
from bot.forms.salary import SalaryClaim
from bot.forms.sections import SECTIONS, PlatformForm, section, sections_of
from bot.forms.spec import FieldRef, InputKind, field_specs
from tests.conftest import shared
from tests.forms.helpers import untranslated

ALL_FIELDS = [ref for item in SECTIONS for ref in item.fields()]
IDS = [ref.path for ref in ALL_FIELDS]
NO_RULE_KINDS = {InputKind.CHECKBOX, InputKind.FILES, InputKind.SALARY}


def test_every_flow_of_platform_md_has_sections_in_platform_order() -> None:
    assert [item.key for item in sections_of(PlatformForm.APPLICATION)] == [
        "opening", "declaration", "basic_data", "passport_data", "visa_application", "residence", "field_of_expertise",
        "documents", "submission"]
    assert section("declaration").zh == "系統使用聲明事項(就業金卡部分)"  # STEP 10, between 8-9 and 基本資料
    assert [item.zh for item in sections_of(PlatformForm.APPLICATION)][3:9] == [
        "護照資料", "簽證申請(繳驗護照)", "居留申請", "領域專長", "文件上傳", "完成送出"]
    for form in PlatformForm:
        assert sections_of(form), form
    assert section("basic_data").fields()[0].key == "english_surname"


@pytest.mark.parametrize("ref", ALL_FIELDS, ids=IDS)
def test_field_metadata(ref: FieldRef) -> None:
    assert re.fullmatch(r"[a-z][a-z0-9_]*", ref.key)
    assert ref.spec.zh.strip() == ref.spec.zh and ref.spec.zh
    assert ref.spec.source
    assert untranslated(ref.spec.en) == []
    assert untranslated(ref.spec.required.describe) == []
    if ref.spec.help is not None:
        assert untranslated(ref.spec.help) == []
    if ref.spec.kind in NO_RULE_KINDS:
        assert ref.spec.rule is not None or ref.spec.check_stored is not None or ref.spec.kind is InputKind.CHECKBOX
    else:
        assert ref.spec.rule is not None, "a field without a rule (a name shadowed in the class body?)"
        assert untranslated(ref.spec.rule.summary) == []
        assert ref.spec.rule.sources
    if ref.spec.kind is InputKind.CHOICE:
        assert ref.spec.options is not None and ref.spec.options()


def test_salary_claim_fields_have_rules() -> None:
    for _key, spec in field_specs(SalaryClaim):
        assert spec.rule is not None


def test_no_password_field_anywhere() -> None:
    keys = {ref.key for ref in ALL_FIELDS} | set(SalaryClaim.model_fields)
    assert not [key for key in keys if "password" in key]
    assert not [ref for ref in ALL_FIELDS if "密碼" in ref.spec.zh]


def test_opening_metadata_matches_the_opening_model() -> None:
    described = [ref.key for ref in section("opening").fields()]
    assert described == list(OpeningAnswers.model_fields)


def test_stored_values_of_the_rules_are_accepted_again() -> None:
    """A rule accepts its own stored value unchanged (drafts are checked with the same rules)."""
    from tests.forms.helpers import ctx
    from tests.forms.test_rule_examples import EXAMPLES

    for name, (valid, _invalid) in EXAMPLES.items():
        rule, raw, answers = valid
        first = rule(raw, ctx(**answers))
        assert not hasattr(first, "message"), (name, first)
        again = rule(str(first.value) if not isinstance(first.value, bool) else ("yes" if first.value else "no"),
                     ctx(**answers))
        assert getattr(again, "value", None) == first.value, name


def seeds_text() -> str:
    return "".join(path.read_text(encoding="utf-8") for path in sorted(shared("seeds").glob("*.txt")))


@cache
def platform_text() -> str:
    """platform.md and the seeds, without whitespace (read once for every field)."""
    return re.sub(r"\s+", "", shared("platform.md").read_text(encoding="utf-8") + seeds_text())


@pytest.mark.parametrize("ref", [ref for ref in ALL_FIELDS if ref.spec.on_platform], ids=lambda ref: ref.path)
def test_zh_label_is_the_platforms_verbatim(ref: FieldRef) -> None:
    text = platform_text()
    for part in ref.spec.zh.split(" "):  # a label on two lines is written with a space between
        assert part in text, part


def test_section_titles_are_the_platforms_verbatim() -> None:
    text = re.sub(r"\s+", "", seeds_text())
    for item in SECTIONS:
        assert re.sub(r"\s+", "", item.zh) in text, item.zh
