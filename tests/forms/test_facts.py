"""The data files: every entry sourced, dated and tagged; loaders validate them."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pycountry
import pytest

from bot.forms import facts
from bot.forms.countries import countries

DATA = facts.DATA_DIR
MINE = ["choices.json", "countries.json", "email_providers.json", "fees.json", "nationality_lists.json",
        "platform_rules.json", "professional_fields.json", "taiwan_cities.json"]


def _entries(node: object) -> list[dict[str, object]]:
    """Every JSON object that carries a confidence tag."""
    found: list[dict[str, object]] = []
    if isinstance(node, dict):
        if "confidence" in node:
            found.append(node)
        for value in node.values():
            found += _entries(value)
    elif isinstance(node, list):
        for value in node:
            found += _entries(value)
    return found


@pytest.mark.parametrize("name", MINE)
def test_every_entry_has_source_verified_and_confidence(name: str) -> None:
    entries = _entries(json.loads((DATA / name).read_text(encoding="utf-8")))
    assert entries
    for entry in entries:
        assert entry["confidence"] in ("OFFICIAL", "SECONDARY", "UNCONFIRMED")
        assert isinstance(entry["source"], str) and len(entry["source"]) > 3
        assert date.fromisoformat(str(entry["verified"])) <= date.today()


def test_loaders_validate() -> None:
    assert len(facts.professional_fields()) == 12
    assert facts.number("upload_max_kb") == 1024
    assert facts.number("salary_monthly_twd") * 12 == facts.number("salary_annual_twd")
    assert len(facts.taiwan_cities().cities) == 22
    assert facts.choice_list("gender").complete


def test_new_fields_are_marked_unconfirmed() -> None:
    by_value = {item.value: item for item in facts.professional_fields()}
    for value in ("environment", "biotechnology"):
        assert by_value[value].confidence == "UNCONFIRMED" and not by_value[value].criteria_confirmed


def test_country_codes_in_data_exist() -> None:
    known = set(countries())
    data = facts.country_facts()
    codes = {e.code for e in data.display} | {e.code for e in data.aliases} | {
        c for group in data.ambiguous for c in group.codes}
    codes |= {code for group in facts.nationality_lists() for code in group.codes}
    assert codes <= known


def test_choice_values_are_unique_and_labels_present() -> None:
    for item in facts.choice_lists().values():
        values = [option.value for option in item.options]
        assert len(values) == len(set(values)), item.key
        assert all(option.zh and option.en for option in item.options)


def test_required_mainland_providers_are_listed() -> None:
    group = next(g for g in facts.email_provider_groups() if g.key == "mainland_china")
    for domain in ("qq.com", "163.com", "126.com", "sina.com", "sohu.com", "aliyun.com", "139.com", "yeah.net",
                   "foxmail.com"):
        assert group.matches(domain) and group.matches(f"vip.{domain}")
    assert not group.matches("gmail.com") and not group.matches("notqq.com")


def test_invalid_data_is_refused() -> None:
    with pytest.raises(ValueError):
        facts.NationalityList.model_validate({"key": "authentication", "en": "x", "zh": "x", "codes": ["deu"],
                                              "confidence": "OFFICIAL", "verified": "2026-01-01", "source": "x y"})
    with pytest.raises(ValueError):
        facts.Option.model_validate({"value": "x", "zh": "x", "en": "x", "confidence": "MAYBE",
                                     "verified": "2026-01-01", "source": "seed"})


def test_pycountry_is_the_main_source() -> None:
    assert {c.alpha_2 for c in pycountry.countries} <= set(countries())


def test_data_dir_is_the_package_data_dir() -> None:
    assert Path(__file__).resolve().parents[2] / "bot" / "data" == DATA
