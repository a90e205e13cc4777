"""The Qualification Check data and its matcher: every field covered with sourced statements in both
languages (Traditional Chinese only), documents from the shared vocabulary, honest UNCONFIRMED entries,
and proposals ranked from the answers."""

from __future__ import annotations

import json
from datetime import date
from typing import Any

import pytest
from pydantic import ValidationError

from bot.forms.facts import professional_fields
from bot.forms.qualification import (
    DATA_FILE,
    DOCUMENT_KEYS,
    QualificationFacts,
    chosen,
    chosen_regulation,
    documents_for,
    propose,
    qualification_documents,
    qualification_facts,
    requirements_met,
    salary_met,
    statement_shown,
)
from bot.i18n import render
from bot.i18n_catalogs import simplified_characters

TODAY = date(2026, 11, 21)
FACTS = qualification_facts()
FIELD_VALUES = [field.value for field in professional_fields()]


def texts(node: Any, path: str = "") -> list[tuple[str, str]]:
    """Every string of the data file with its path."""
    if isinstance(node, dict):
        return [item for key, value in node.items() for item in texts(value, f"{path}.{key}")]
    if isinstance(node, list):
        return [item for index, value in enumerate(node) for item in texts(value, f"{path}[{index}]")]
    return [(path, node)] if isinstance(node, str) else []


# -- the data -----------------------------------------------------------------------------------------


def test_every_professional_field_has_statements_and_a_guide() -> None:
    for value in FIELD_VALUES:
        assert FACTS.routes_of(value), value
        assert FACTS.guide(value).link.startswith("http")
    assert {s.field for s in FACTS.statements} == set(FIELD_VALUES)


def test_fields_whose_criteria_were_not_retrieved_have_an_honest_unconfirmed_entry() -> None:
    for field in professional_fields():
        routes = FACTS.routes_of(field.value)
        if field.value in ("education", "architecture", "national_defense", "environment", "biotechnology"):
            assert len(routes) == 1 and routes[0].unconfirmed, field.value
            assert routes[0].link == FACTS.official_check.url
            assert routes[0].notes is not None or FACTS.guide(field.value).notes is not None
        if not field.criteria_confirmed:
            assert any(route.unconfirmed for route in routes), field.value


def test_the_salary_route_is_the_common_first_statement_of_the_fields_that_have_it() -> None:
    assert {"cv", "employment_certificate"} <= set(FACTS.salary.documents)
    assert "tax_statement" in FACTS.salary.one_of
    with_salary = {s.field for s in FACTS.statements if s.salary}
    assert with_salary == {"science_technology", "economics", "finance", "law", "digital"}
    for value in with_salary:
        assert FACTS.routes_of(value)[0].salary, f"{value}: the salary route comes first"
    for field in professional_fields():
        if field.salary_route and field.criteria_confirmed:
            assert field.value in with_salary
        if field.salary_route is False:
            assert field.value not in with_salary


def test_regulation_numbers_follow_the_official_lists() -> None:
    assert [s.regulation for s in FACTS.routes_of("digital")] == ["2", "1", "3", "4"]
    assert [s.regulation for s in FACTS.routes_of("science_technology")] == [
        "1", "2–3", "4", "5", "6", "7", "8", "9", "10–11"]
    assert [s.regulation for s in FACTS.routes_of("economics")] == ["1", "2", "3", "4", "5", "6", "7"]
    assert [s.regulation for s in FACTS.routes_of("sport")] == ["1", "2", "3", "4"]
    assert [s.regulation for s in FACTS.routes_of("law")] == ["1", "2", "3", "4"]
    assert all(route.requires == ("law.licence",) for route in FACTS.routes_of("law"))
    assert FACTS.guide("architecture").cumulative and not any(g.cumulative for g in FACTS.fields
                                                             if g.field != "architecture")


def test_each_statement_is_sourced_dated_and_documented_from_the_vocabulary() -> None:
    for statement in (FACTS.salary, *FACTS.statements):
        assert statement.link.startswith("http"), statement.id
        assert "http" in statement.source or statement.source.startswith("seed"), statement.id
        assert statement.verified <= date.today()
        assert statement.confidence in ("OFFICIAL", "SECONDARY", "UNCONFIRMED")
        assert statement.documents and set(statement.documents) | set(statement.one_of) <= DOCUMENT_KEYS
    for guide in FACTS.fields:
        assert guide.link.startswith("http") and guide.source and guide.verified <= date.today()
    assert FACTS.official_check.url == "https://goldcard.nat.gov.tw/en/apply/step-1/"
    assert FACTS.help_desk.url.startswith("https://goldcard.nat.gov.tw/")


def test_both_languages_everywhere_and_no_simplified_characters() -> None:
    raw = json.loads(DATA_FILE.read_text(encoding="utf-8"))
    problems = [(path, text) for path, text in texts(raw) if simplified_characters(text)]
    assert problems == []
    for statement in (FACTS.salary, *FACTS.statements):
        assert statement.statement_en and statement.statement_zh and statement.short_en and statement.short_zh
        assert any("\u4e00" <= ch <= "\u9fff" for ch in statement.statement_zh), statement.id
        assert (statement.notes_en is None) == (statement.notes_zh is None)


def test_walks_stay_short() -> None:
    assert max(len(FACTS.statements_of(value)) for value in FIELD_VALUES) <= 9


def test_the_model_refuses_unknown_documents_and_dangling_requirements() -> None:
    raw = json.loads(DATA_FILE.read_text(encoding="utf-8"))
    raw["statements"][0]["documents"] = ["selfie"]
    with pytest.raises(ValidationError, match="unknown document keys"):
        QualificationFacts.model_validate(raw)
    raw = json.loads(DATA_FILE.read_text(encoding="utf-8"))
    law_route = next(s for s in raw["statements"] if s["id"] == "law.2")
    law_route["requires"] = ["digital.1"]
    with pytest.raises(ValidationError, match="not a condition of its field"):
        QualificationFacts.model_validate(raw)


# -- the matcher --------------------------------------------------------------------------------------


def test_salary_route_proposes_the_fields_salary_regulation_with_its_documents() -> None:
    answers = {"salary_route": "yes", "professional_field": "digital", "digital.2": True}
    [proposal] = propose(answers, TODAY)
    assert proposal.regulation == "digital.2" and proposal.field_value == "digital"
    assert render(proposal.label, "en") == "Digital, regulation 2"
    assert render(proposal.label, "zh_TW") == "數位領域第2款"
    assert proposal.documents == ("cv", "employment_certificate")
    assert qualification_documents(answers) == ("cv", "employment_certificate", "tax_statement")
    assert chosen_regulation(answers, TODAY) == "digital.2"
    reasons = [render(reason, "en") for reason in proposal.reasons]
    assert reasons[0].startswith("In the 3 years before the month I apply") and "digital-economy" in reasons[1]


def test_a_salary_route_needs_the_salary_criterion() -> None:
    answers = {"salary_route": "no", "professional_field": "digital", "digital.2": True}
    assert propose(answers, TODAY) == [] and chosen(answers, TODAY) is None
    assert qualification_documents(answers) is None


@pytest.mark.parametrize(("amount", "currency", "period", "rate", "earned", "meets"), [
    ("5000", "USD", "month", "32", "2026-06", True),  # 5,000 × 32 = 160,000
    ("4000", "USD", "month", "32", "2026-06", False),
    ("1920000", "TWD", "year", None, "2025-12", True),
    ("200000", "TWD", "month", None, "2023-10", False),  # more than 3 years before 2026-11
])
def test_the_salary_check_uses_the_shared_arithmetic(amount: str, currency: str, period: str, rate: str | None,
                                                     earned: str, meets: bool) -> None:
    answers: dict[str, Any] = {"salary_route": "check", "salary_amount": amount, "salary_currency": currency,
               "salary_period": period, "salary_rate": rate, "salary_earned_in": earned}
    assert salary_met(answers, TODAY) is meets
    answers |= {"professional_field": "science_technology", "science_technology.1": True}
    proposals = propose(answers, TODAY)
    assert [p.regulation for p in proposals] == (["science_technology.1"] if meets else [])
    if meets:
        assert "≥" in render(proposals[0].reasons[0], "en")


def test_law_routes_require_the_licence() -> None:
    law = {"salary_route": "no", "professional_field": "law", "law.3": True}
    assert propose({**law, "law.licence": False}, TODAY) == []
    [proposal] = propose({**law, "law.licence": True}, TODAY)
    assert proposal.regulation == "law.3"
    assert "bar_membership_proof" in documents_for("law.4") and "professional_licence" in proposal.documents
    assert render(proposal.reasons[0], "en").startswith("I am an attorney licensed in Taiwan")


def test_the_walk_stops_at_the_first_yes_of_the_chosen_field() -> None:
    routes = {s.id: s for s in FACTS.routes_of("science_technology")}
    answers: dict[str, Any] = {"salary_route": "no", "professional_field": "science_technology"}
    assert not statement_shown(routes["science_technology.1"], answers, TODAY)  # no salary: not asked
    assert statement_shown(routes["science_technology.2-3"], answers, TODAY)
    answers["science_technology.2-3"] = False
    assert statement_shown(routes["science_technology.4"], answers, TODAY)
    answers["science_technology.4"] = True
    assert not statement_shown(routes["science_technology.5"], answers, TODAY)
    assert not statement_shown(FACTS.routes_of("digital")[1], answers, TODAY)  # another field
    licence = FACTS.statement("law.licence")
    assert licence is not None and statement_shown(licence, {"professional_field": "law"}, TODAY)
    assert not requirements_met(FACTS.routes_of("law")[1], {"law.licence": False}, TODAY)


def test_ranking_puts_confirmed_criteria_first_and_keeps_to_the_chosen_field() -> None:
    answers = {"salary_route": "no", "economics.7": True, "economics.4": True, "digital.1": True}
    assert [p.regulation for p in propose(answers, TODAY)] == ["economics.4", "digital.1", "economics.7"]
    assert [p.regulation for p in propose({**answers, "professional_field": "economics"}, TODAY)] == [
        "economics.4", "economics.7"]
    assert propose({**answers, "professional_field": "sport"}, TODAY) == []
    # a stored pick that still fits wins over the ranking
    stored = {**answers, "qualification_regulation": "digital.1"}
    assert chosen_regulation(stored, TODAY) == "digital.1"


def test_unconfirmed_proposals_say_so() -> None:
    [proposal] = propose({"professional_field": "education", "education.unconfirmed": True}, TODAY)
    assert proposal.unconfirmed and proposal.statement.link == FACTS.official_check.url
    assert "2019" in render(proposal.statement.notes or proposal.label, "en")
    assert render(proposal.label, "zh_TW") == "教育領域：條件未經確認"


def test_documents_for_unknown_or_condition_ids_is_empty() -> None:
    assert documents_for("nothing.1") == () and documents_for("law.licence") == ()
    assert documents_for("digital.4") == ("degree_diploma", "cv", "competition_result_certificate")
