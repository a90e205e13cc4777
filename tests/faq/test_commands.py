"""`goldcard-bot faq search|list|show`: the same search as the chat, JSON for tools."""

from __future__ import annotations

import json

import pytest

from bot.cli import main
from bot.faq.store import default_knowledge_base


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str]:
    code = main(["faq", *argv])
    return code, capsys.readouterr().out


def test_search_json_returns_ids_scores_and_sources(capsys: pytest.CaptureFixture[str]) -> None:
    code, out = run(capsys, "search", "can", "i", "apply", "on", "visa", "free", "entry", "--json")
    data = json.loads(out)
    assert code == 0 and data["locale"] == "en"
    assert data["hits"][0]["id"] == "visa-exempt-entry" and data["hits"][0]["strong"] is True
    assert all(hit["sources"] and hit["score"] >= data["min_score"] for hit in data["hits"])


def test_search_in_chinese_and_forced_language(capsys: pytest.CaptureFixture[str]) -> None:
    code, out = run(capsys, "search", "補件要多久內", "--json", "--limit", "1")
    hits = json.loads(out)["hits"]
    assert code == 0 and [hit["id"] for hit in hits] == ["supplement-deadline"]
    assert hits[0]["locale"] == "zh_TW" and "30天" in hits[0]["answer"]
    _, out = run(capsys, "search", "補件要多久內", "--json", "--lang", "en")
    assert json.loads(out)["hits"][0]["answer"].startswith("Upload the requested documents within 30 days")


def test_search_text_output_and_no_answer(capsys: pytest.CaptureFixture[str]) -> None:
    code, out = run(capsys, "search", "hk", "bno")
    assert code == 0 and "hk-bno" in out and "Last verified: 2026-11-21" in out
    code, out = run(capsys, "search", "asdfghjkl")
    assert code == 0 and out.startswith("No good answer")
    _, out = run(capsys, "search", "asdfghjkl", "--json")
    assert json.loads(out)["hits"] == []


def test_search_all_shows_near_misses(capsys: pytest.CaptureFixture[str]) -> None:
    _, out = run(capsys, "search", "who", "won", "the", "world", "cup", "--all", "--json")
    hits = json.loads(out)["hits"]
    assert hits and all(hit["score"] < json.loads(out)["min_score"] for hit in hits)


def test_list_json_has_every_entry_in_full(capsys: pytest.CaptureFixture[str]) -> None:
    code, out = run(capsys, "list", "--json")
    listed = json.loads(out)
    kb = default_knowledge_base()
    assert code == 0 and [item["id"] for item in listed] == [item.id for item in kb]
    assert {"question_en", "question_zh", "answer_en", "answer_zh", "sources", "confidence", "last_verified",
            "tags", "topic"} <= listed[0].keys()


def test_list_text_and_topic_filter(capsys: pytest.CaptureFixture[str]) -> None:
    code, out = run(capsys, "list", "--topic", "supplement")
    assert code == 0 and out.strip().endswith("4 entries") and "supplement-deadline" in out


def test_show_prints_a_card_or_fails_for_unknown_ids(capsys: pytest.CaptureFixture[str]) -> None:
    code, out = run(capsys, "show", "appeal", "--lang", "zh_TW")
    assert code == 0 and "訴願" in out and "資料來源" in out
    assert main(["faq", "show", "no-such-entry"]) == 1
