"""The application draft: missing answers tab by tab, problems with labels and fix-it messages."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from bot.forms.draft import ApplicationDraft, DraftShapeError, load_draft
from bot.i18n import render
from tests.forms.helpers import TODAY, both

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"


def complete_data() -> dict[str, Any]:
    data: dict[str, Any] = json.loads((FIXTURES / "draft_complete.json").read_text(encoding="utf-8"))
    return data


def test_complete_fixture_has_no_blocking_problem() -> None:
    draft = load_draft((FIXTURES / "draft_complete.json").read_text(encoding="utf-8"))
    assert draft.missing() == {}
    assert [p.path for p in draft.problems(TODAY) if p.blocking] == []
    assert draft.is_complete(TODAY)
    # the note: the salary arithmetic
    assert {p.path for p in draft.problems(TODAY)} == {"field_of_expertise.salary"}


def test_problems_fixture_names_the_three_fields() -> None:
    draft = load_draft((FIXTURES / "draft_problems.json").read_text(encoding="utf-8"))
    blocking = [p for p in draft.problems(TODAY) if p.blocking]
    assert [p.path for p in blocking] == [
        "passport_data.passport_expiry_date", "residence.residence_address", "residence.ui_number"]
    assert [p.zh for p in blocking] == ["護照效期(西元)", "居留地址", "統一證號"]
    for problem in blocking:
        assert problem.kind == "invalid"
        both(problem.message)
        both(problem.en)


def test_empty_draft_is_missing_every_required_tab() -> None:
    missing = ApplicationDraft().missing()
    assert list(missing) == ["opening", "declaration", "basic_data", "passport_data", "visa_application",
                             "residence", "field_of_expertise"]
    assert "entry_document" not in [ref.key for ref in missing["opening"]]  # only when inside Taiwan
    problem = ApplicationDraft().problems(TODAY)[0]
    assert problem.kind == "missing"
    english, chinese = both(problem.message)
    assert english == "Not answered yet. Required: always."
    assert chinese == "尚未填寫。必填條件：一律必填。"


def test_requirements_follow_the_opening_answers() -> None:
    data = complete_data()
    data["opening"].update(inside_taiwan=True, entry_document="residence_permit")
    data["residence"].update(residence_address=None, ui_number=None)
    missing = load_draft(json.dumps(data)).missing()
    assert [ref.key for ref in missing["residence"]] == ["residence_address", "ui_number"]
    data["opening"]["nationality_identity"] = "hong_kong"
    data["visa_application"]["application_location"] = None
    assert "visa_application" not in load_draft(json.dumps(data)).missing()


def test_one_of_surname_or_given_name() -> None:
    data = complete_data()
    data["basic_data"]["english_surname"] = None
    assert "basic_data" not in load_draft(json.dumps(data)).missing()
    data["basic_data"]["english_given_name"] = None
    keys = [ref.key for ref in load_draft(json.dumps(data)).missing()["basic_data"]]
    assert keys == ["english_surname", "english_given_name"]


def test_values_not_in_stored_form_are_reported() -> None:
    data = complete_data()
    data["basic_data"]["nationality"] = "Germany"
    data["basic_data"]["date_of_birth"] = "3 May 1990"
    problems = {p.path: p for p in load_draft(json.dumps(data)).problems(TODAY) if p.blocking}
    assert set(problems) == {"basic_data.nationality", "basic_data.date_of_birth"}
    english, _zh = both(problems["basic_data.nationality"].message)
    assert "DE" in english


def test_cross_field_checks_use_other_tabs() -> None:
    data = complete_data()
    data["passport_data"]["passport_issue_date"] = "1989-01-01"  # before the birth date on basic data
    paths = [p.path for p in load_draft(json.dumps(data)).problems(TODAY) if p.blocking]
    assert paths == ["passport_data.passport_issue_date"]


def test_optional_flows_are_checked_once_started() -> None:
    data = complete_data()
    data["data_change"] = {"ui_number": "A800000014", "date_of_birth": "1990-05-03"}
    problems = [p for p in load_draft(json.dumps(data)).problems(TODAY) if p.blocking]
    assert [p.path for p in problems] == ["data_change.passport_data_change"]
    english, chinese = both(problems[0].message)
    assert "Nothing is being changed" in english and "沒有任何異動" in chinese
    data["data_change"].update(email_or_mobile_only=True)
    assert [p.path for p in load_draft(json.dumps(data)).problems(TODAY) if p.blocking] == [
        "data_change.email", "data_change.mobile_phone"]
    data["data_change"].update(mobile_phone="0912345678")
    assert load_draft(json.dumps(data)).is_complete(TODAY)


def test_supplement_file_limits() -> None:
    data = complete_data()
    data["supplement"] = {"application_number": "113551045830", "files": [
        {"file_name": f"{i}.pdf", "size_bytes": 1000} for i in range(6)]}
    problems = [p for p in load_draft(json.dumps(data)).problems(TODAY) if p.blocking]
    assert [p.path for p in problems] == ["supplement.files"]
    english, _zh = both(problems[0].message)
    assert "6 files" in english


def test_taiwan_jobs_needs_one_phone() -> None:
    data = complete_data()
    data["taiwan_jobs"] = {"phone_1": None, "mobile_phone": None}
    keys = [ref.key for ref in load_draft(json.dumps(data)).missing()["taiwan_jobs"]]
    assert "phone_1" in keys and "mobile_phone" in keys
    data["taiwan_jobs"]["mobile_phone"] = "0912345678"
    keys = [ref.key for ref in load_draft(json.dumps(data)).missing()["taiwan_jobs"]]
    assert "phone_1" not in keys and "mobile_phone" not in keys


def test_with_answer_validates_and_copies() -> None:
    draft = ApplicationDraft()
    updated = draft.with_answer("basic_data", "english_surname", "HUNT")
    assert draft.basic_data is None and updated.basic_data is not None
    assert updated.basic_data.english_surname == "HUNT"
    with pytest.raises(ValueError):
        updated.with_answer("basic_data", "no_such_field", "x")


def test_answers_merge_the_application_tabs() -> None:
    draft = load_draft(json.dumps(complete_data()))
    answers = draft.answers("passport_data")
    assert answers["passport_number"] == "C01X00T47" and answers["date_of_birth"] == "1990-05-03"
    assert answers["inside_taiwan"] is False
    assert draft.answers("taiwan_jobs") == {}


@pytest.mark.parametrize(("text", "reason"), [
    ("not json", "not JSON"), ("[1, 2]", "not a JSON object"), ('{"basic_data": {"surname": "X"}}', "not a draft"),
    ('{"basic_data": {"english_surname": 3}}', "not a draft"), ('{"schema_version": 2}', "not a draft"),
    (b"\xff\xfe", "not JSON"),
])
def test_not_a_draft(text: str | bytes, reason: str) -> None:
    with pytest.raises(DraftShapeError) as caught:
        load_draft(text)
    assert caught.value.reason == reason


def test_shape_errors_never_echo_values() -> None:
    with pytest.raises(DraftShapeError) as caught:
        load_draft('{"basic_data": {"english_surname": 12345678, "secret_key": "A123456789"}}')
    text = " ".join(caught.value.details)
    assert "basic_data.english_surname" in text and "12345678" not in text and "A123456789" not in text


def test_problem_labels_render() -> None:
    draft = load_draft((FIXTURES / "draft_problems.json").read_text(encoding="utf-8"))
    problem = next(p for p in draft.problems(TODAY) if p.key == "ui_number")
    assert render(problem.en, "en") == "UI number (resident certificate number)"
    assert problem.zh == "統一證號"


def test_check_answer_sees_the_other_tabs() -> None:
    draft = load_draft(json.dumps(complete_data()))
    result = draft.check_answer("passport_data", "passport_issue_date", "1989-01-01", TODAY, "zh_TW")
    english, chinese = both(result.message)  # type: ignore[union-attr]
    assert "1990-05-03" in english and "出生日期" in chinese
    accepted = draft.check_answer("basic_data", "home_country_phone", "030 123456", TODAY)
    assert accepted.value == "+4930123456"  # type: ignore[union-attr]  # local number: nationality DE


def test_mission_not_needed_for_a_conversion_inside_taiwan() -> None:
    data = complete_data()
    data["visa_application"]["application_location"] = None
    assert [ref.key for ref in load_draft(json.dumps(data)).missing()["visa_application"]] == ["application_location"]
    data["visa_application"]["application_place"] = None  # 申請地點 and 館處: two choices (seed 001 line 391)
    assert [ref.key for ref in load_draft(json.dumps(data)).missing()["visa_application"]] == [
        "application_place", "application_location"]
    data["opening"].update(inside_taiwan=True, entry_document="residence_permit")
    data["residence"]["ui_number"] = "A800000014"
    assert "visa_application" not in load_draft(json.dumps(data)).missing()
    data["opening"]["entry_document"] = "visa_exempt"  # not convertible: inspection by BOCA / a mission
    assert "visa_application" in load_draft(json.dumps(data)).missing()
