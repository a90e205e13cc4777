"""The knowledge base data: enough entries, both languages, sources, Traditional Chinese only, honest confidence."""

from __future__ import annotations

import json
import re
from datetime import date
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from bot.faq.models import Confidence, FaqEntry, KnowledgeBase
from bot.faq.store import DATA_DIR, default_knowledge_base, load_knowledge_base
from bot.i18n_catalogs import simplified_characters
from tests.conftest import shared

ENTRIES = list(default_knowledge_base())

# Everyday Taiwan characters that OpenCC's s2t would still change: 雇 is the platform's own label
# (「雇主提出申請」, seed 000 STEP 4) and the legal term of the Employment Service Act.
TAIWAN_USAGE = frozenset("雇")

TOPICS = {"platform", "account", "eligibility", "entry", "fields", "documents", "fees", "process",
          "after_approval", "supplement", "hong_kong_macau", "taiwan_jobs", "help"}


def zh_texts(entry: FaqEntry) -> list[str]:
    return [entry.question_zh, entry.answer_zh, *entry.alternatives_zh]


def test_there_are_enough_entries_with_unique_stable_ids() -> None:
    assert len(ENTRIES) >= 60
    ids = [entry.id for entry in ENTRIES]
    assert len(ids) == len(set(ids))
    assert all(re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", entry_id) and len(entry_id) <= 40 for entry_id in ids)


def test_every_topic_of_the_issue_is_covered() -> None:
    assert {entry.topic for entry in ENTRIES} == TOPICS


@pytest.mark.parametrize("entry", ENTRIES, ids=lambda entry: entry.id)
def test_entry_has_both_languages_a_source_and_a_verified_date(entry: FaqEntry) -> None:
    assert entry.question_en.strip() and entry.question_zh.strip()
    assert entry.answer_en.strip() and entry.answer_zh.strip()
    assert entry.sources and all(source.ref.strip() for source in entry.sources)
    assert date(2026, 11, 21) <= entry.last_verified <= date(2026, 12, 31)
    assert re.search(r"[\u4e00-\u9fff]", entry.question_zh + entry.answer_zh)
    assert entry.tags and (entry.alternatives_en or entry.alternatives_zh)


@pytest.mark.parametrize("entry", ENTRIES, ids=lambda entry: entry.id)
def test_answers_fit_a_phone_screen(entry: FaqEntry) -> None:
    sentences = len(re.findall(r"[.?!](?:\s|$)", entry.answer_en))
    assert 1 <= sentences <= 6, entry.answer_en
    assert len(entry.answer_en) <= 600 and len(entry.answer_zh) <= 260


@pytest.mark.parametrize("entry", ENTRIES, ids=lambda entry: entry.id)
def test_source_urls_are_well_formed(entry: FaqEntry) -> None:
    for url in entry.urls():
        parts = urlsplit(url)
        assert parts.scheme in ("http", "https") and "." in parts.netloc and " " not in url


def test_every_url_is_cited_by_the_sources_not_invented() -> None:
    corpus = shared("research", "domain.md").read_text(encoding="utf-8") + "".join(
        path.read_text(encoding="utf-8") for path in sorted(shared("seeds").glob("*.txt")))
    invented = {url for entry in ENTRIES for url in entry.urls() if url not in corpus and url.rstrip("/") not in corpus}
    assert not invented


@pytest.mark.parametrize("entry", ENTRIES, ids=lambda entry: entry.id)
def test_chinese_text_is_traditional_only(entry: FaqEntry) -> None:
    for text in zh_texts(entry):
        simplified = [ch for ch in simplified_characters(text) if ch not in TAIWAN_USAGE]
        assert not simplified, f"{text!r} has Simplified characters {simplified}"


def test_unconfirmed_answers_say_so_and_point_to_the_office() -> None:
    unconfirmed = [entry for entry in ENTRIES if entry.confidence is Confidence.UNCONFIRMED]
    assert {"fields-environment-biotech", "fields-other-criteria", "fees-us-nationals"} <= {e.id for e in unconfirmed}
    for entry in unconfirmed:
        assert "not confirmed" in entry.answer_en.lower(), entry.id
        assert "尚未確認" in entry.answer_zh or "未能確認" in entry.answer_zh, entry.id
        assert "Gold Card Office" in entry.answer_en and "金卡辦公室" in entry.answer_zh, entry.id


def test_key_figures_match_the_sources() -> None:
    kb = default_knowledge_base()

    def both(entry_id: str) -> str:
        entry = kb.get(entry_id)
        assert entry is not None
        return entry.answer_en + entry.answer_zh

    assert "30 minutes" in both("platform-session-timeout")
    assert "5 wrong" in both("account-lockout") and "忘記密碼" in both("account-lockout")
    assert "8-12" in both("account-password-rules") and "90 days" in both("account-password-90-days")
    assert "1024 KB" in both("upload-file-rules") and "5 files" in both("upload-file-rules")
    assert "30 days" in both("supplement-deadline") and "6 months" in both("supplement-deadline")
    assert "7 days" in both("inside-or-outside-taiwan")
    assert "NT$500" in both("card-lost-reissue") and "NT$2,600" in both("card-lost-reissue")
    assert "3,700 / 4,700 / 5,700" in both("fees-application") and "3,100" in both("fees-application")
    assert "NT$160,000" in both("salary-route") and "1,920,000" in both("salary-calculation")
    assert "+886-2-7733-7660" in both("help-desk-contacts") and "help@taiwangoldcard.tw" in both("help-desk-contacts")
    assert "0800-777-888" in both("taiwan-jobs-helpline") and "24 hours" in both("taiwan-jobs-register")
    assert "8-20" in both("taiwan-jobs-password") and "3 failed" in both("taiwan-jobs-password")
    assert "within 30 days" in both("appeal") and "4 months" in both("extension")
    assert "2,000-10,000" in both("address-change-fines") and "one month" in both("platform-unpaid-draft-deleted")


def test_related_ids_exist() -> None:
    kb = default_knowledge_base()
    assert all(other in kb for entry in ENTRIES for other in entry.related)


def _write_topic(folder: Path, entries: list[dict[str, object]]) -> None:
    (folder / "one.json").write_text(json.dumps({"topic": "help", "entries": entries}), encoding="utf-8")


def _raw(entry_id: str = "sample", **changes: object) -> dict[str, object]:
    raw: dict[str, object] = {
        "id": entry_id, "tags": ["t"], "question_en": "Q?", "question_zh": "問？", "answer_en": "A.",
        "answer_zh": "答。", "sources": [{"ref": "seed 001 STEP 3", "url": "https://goldcard.nat.gov.tw/"}],
        "confidence": "OFFICIAL", "last_verified": "2026-11-21",
    }
    raw.update(changes)
    return raw


@pytest.mark.parametrize("broken", [
    {"sources": []},
    {"sources": [{"ref": "x", "url": "goldcard.nat.gov.tw/faq"}]},
    {"answer_zh": "  "},
    {"id": "Not A Slug"},
    {"confidence": "PROBABLY"},
    {"unknown_field": 1},
])
def test_broken_data_fails_on_load_naming_the_file(tmp_path: Path, broken: dict[str, object]) -> None:
    _write_topic(tmp_path, [_raw(**broken)])
    with pytest.raises(ValueError, match=r"one\.json"):
        load_knowledge_base(tmp_path)


def test_duplicate_ids_and_unknown_related_ids_are_refused(tmp_path: Path) -> None:
    _write_topic(tmp_path, [_raw(), _raw()])
    with pytest.raises(ValueError, match="duplicate"):
        load_knowledge_base(tmp_path)
    _write_topic(tmp_path, [_raw(related=["missing"])])
    with pytest.raises(ValueError, match="related id 'missing'"):
        load_knowledge_base(tmp_path)


def test_a_valid_file_loads_with_its_topic(tmp_path: Path) -> None:
    _write_topic(tmp_path, [_raw()])
    kb = load_knowledge_base(tmp_path)
    assert isinstance(kb, KnowledgeBase) and len(kb) == 1 and kb.topics() == ["help"]
    assert kb.get("sample") is not None and kb.get("nope") is None


def test_the_data_folder_is_where_the_package_ships_it() -> None:
    assert DATA_DIR.is_dir() and len(list(DATA_DIR.glob("*.json"))) == len(TOPICS)
