"""The planned submission date (the bot's own field after STEP 10) and the rule across tabs that counts the
passport's six months from it (seed 001 line 358), next to the field's own rule that counts from today."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

from bot.forms.crosstab import cross_findings
from bot.forms.draft import load_draft
from bot.forms.sections.declaration import Declaration, planned_date, planned_day
from bot.forms.verdict import verdict
from tests.forms.helpers import TODAY, accepted, both, ctx, rejected

COMPLETE = Path(__file__).resolve().parents[1] / "fixtures" / "draft_complete.json"


def _draft(expiry: str, planned: str | None = None) -> dict:  # type: ignore[type-arg]
    data = json.loads(COMPLETE.read_text(encoding="utf-8"))
    data["passport_data"]["passport_expiry_date"] = expiry
    if planned is not None:
        data["declaration"]["planned_submission_date"] = planned
    return data


def test_today_and_dates_within_a_year_are_accepted() -> None:
    assert accepted(planned_date("today", ctx())).value == "2026-11-21"
    assert accepted(planned_date("今天", ctx("zh_TW"))).value == "2026-11-21"
    assert accepted(planned_date("2027/1/15", ctx())).value == "2027-01-15"
    assert accepted(planned_date("2027-11-21", ctx())).value == "2027-11-21"  # exactly a year ahead


def test_a_past_date_and_one_more_than_a_year_ahead_are_refused_with_the_reason() -> None:
    english, chinese = both(rejected(planned_date("2026-11-20", ctx())).message)
    assert "2026-11-20 is in the past" in english and "已是過去的日期" in chinese
    english, chinese = both(rejected(planned_date("2027-11-22", ctx())).message)
    assert "more than a year ahead (after 2027-11-21)" in english and "已超過一年後" in chinese
    rejected(planned_date("soon", ctx()))


def test_the_day_checked_is_the_later_of_today_and_the_plan() -> None:
    assert planned_day(None, TODAY) == TODAY
    assert planned_day(Declaration(), TODAY) == TODAY
    assert planned_day(Declaration(planned_submission_date="2027-02-01"), TODAY) == date(2027, 2, 1)
    assert planned_day(Declaration(planned_submission_date="2026-10-01"), TODAY) == TODAY  # a plan now past


def test_a_passport_valid_seven_months_is_a_problem_for_a_submission_in_two_months() -> None:
    draft = load_draft(json.dumps(_draft("2027-06-21", "2027-01-21")))
    findings = [f for f in cross_findings(draft, TODAY) if f.rule == "passport_valid_at_submission"]
    assert [(f.kind, f.path) for f in findings] == [("problem", "passport_data.passport_expiry_date")]
    english, chinese = both(findings[0].message)
    assert "2027-06-21" in english and "(2027-01-21)" in english and "2027-07-21" in english
    assert "預計送件" in chinese
    judged = verdict(draft, TODAY)
    assert judged.status == "problems" and not judged.complete


def test_without_a_plan_or_with_enough_validity_the_draft_stays_complete() -> None:
    for data in (_draft("2027-06-21"), _draft("2027-06-21", "2026-11-21"), _draft("2027-07-21", "2027-01-21")):
        draft = load_draft(json.dumps(data))
        assert not [f for f in cross_findings(draft, TODAY) if f.rule == "passport_valid_at_submission"]
        assert verdict(draft, TODAY).complete


def test_under_six_months_from_today_is_the_fields_own_rule_alone() -> None:
    draft = load_draft(json.dumps(_draft("2027-04-21", "2027-01-21")))
    assert not [f for f in cross_findings(draft, TODAY) if f.rule == "passport_valid_at_submission"]
    assert [p.kind for p in draft.problems(TODAY) if p.key == "passport_expiry_date"] == ["invalid"]


def test_a_stored_plan_must_be_a_date() -> None:
    problems = load_draft(json.dumps(_draft("2033-02-14", "next spring"))).problems(TODAY)
    assert [(p.key, p.kind) for p in problems if p.section == "declaration"] == [("planned_submission_date",
                                                                                  "invalid")]
    past = load_draft(json.dumps(_draft("2033-02-14", "2026-01-01")))  # a plan now past is fine: it means today
    assert not [p for p in past.problems(TODAY) if p.section == "declaration"] and past.is_complete(TODAY)
