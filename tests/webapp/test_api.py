"""The desk's JSON API: the draft tab by tab, edits checked by the shared rules and seen by the chat, and no
data without valid init data or a session."""

from __future__ import annotations

from typing import Any

import aiohttp

from bot.app import App
from bot.forms.result import Rejected, RuleContext
from bot.forms.sections import section
from bot.i18n import render
from tests.conftest import TODAY
from tests.harness import Chat
from tests.webapp.conftest import tma


async def get_json(url: str, headers: dict[str, str] | None = None) -> tuple[int, Any]:
    async with aiohttp.ClientSession() as client, client.get(url, headers=headers or {}) as response:
        return response.status, await response.json()


async def post_answer(url: str, body: dict[str, Any], headers: dict[str, str]) -> tuple[int, Any]:
    async with aiohttp.ClientSession() as client, client.post(url + "/api/answer", json=body,
                                                               headers=headers) as response:
        return response.status, await response.json()


def tab(view: dict[str, Any], name: str) -> dict[str, Any]:
    return next(item for item in view["tabs"] if item["name"] == name)


def field(view: dict[str, Any], flow: str, key: str) -> dict[str, Any]:
    return next(item for item in tab(view, flow)["fields"] if item["key"] == key)


async def test_the_draft_tab_by_tab_in_the_platforms_order_with_its_labels(desk_url: str) -> None:
    status, view = await get_json(desk_url + "/api/draft", tma())
    assert status == 200
    assert [item["name"] for item in view["tabs"]] == ["opening", "declaration", "basic_data", "passport_data",
                                                       "visa_application", "residence", "field_of_expertise",
                                                       "documents"]
    assert [item["zh"] for item in view["tabs"]][1:] == [
        "系統使用聲明事項(就業金卡部分)", "基本資料", "護照資料", "簽證申請(繳驗護照)", "居留申請", "領域專長",
        "文件上傳"]
    surname = field(view, "basic_data", "english_surname")
    assert (surname["zh"], surname["en"], surname["text"]) == ("英文姓氏", "English surname", "HUNT")
    assert [f["key"] for f in tab(view, "basic_data")["fields"]][:3] == [
        ref.key for ref in section("basic_data").fields()][:3]
    assert field(view, "basic_data", "gender")["text"] == "男"  # a choice in the platform's words
    assert tab(view, "opening")["locked"] is True
    # the verdict: every answer given, the checklist's documents still missing (in checklist order)
    assert view["verdict"]["state"] == "incomplete"
    assert [f["key"] for f in view["verdict"]["missing"]][:2] == ["photo", "passport"]
    assert tab(view, "basic_data")["verdict"]["state"] == "complete"
    assert [d["status"] for d in view["documents"]] == ["missing"] * len(view["documents"])


async def test_the_same_view_in_chinese_for_a_chinese_speaker(desk_url: str, applicant: App) -> None:
    status, view = await get_json(desk_url + "/api/draft", tma(language="zh-hant"))
    assert status == 200 and view["locale"] == "zh_TW"
    assert tab(view, "basic_data")["en"] == "Basic data"  # the English stays beside the platform's label


async def test_a_bad_value_is_refused_with_the_rules_message(desk_url: str) -> None:
    status, body = await post_answer(desk_url, {"flow": "basic_data", "key": "email", "value": "ethan.example.com"},
                                     tma())
    spec = section("basic_data").field("email").spec
    expected = spec.check("ethan.example.com", RuleContext(today=TODAY))
    assert isinstance(expected, Rejected)
    assert status == 422 and body["ok"] is False
    assert body["message"] == render(expected.message, "en")
    _, view = await get_json(desk_url + "/api/draft", tma())
    assert field(view, "basic_data", "email")["text"] == "ethan.hunt@example.com"  # nothing stored


async def test_a_refusal_carries_the_rules_suggestions(desk_url: str) -> None:
    status, body = await post_answer(desk_url, {"flow": "basic_data", "key": "date_of_birth",
                                                "value": "03/05/1990"}, tma())
    assert status == 422
    assert [s["value"] for s in body["suggestions"]] == ["1990-05-03", "1990-03-05"]


async def test_a_good_value_is_saved_and_the_chat_sees_it(desk_url: str, applicant: App) -> None:
    status, body = await post_answer(desk_url, {"flow": "basic_data", "key": "email",
                                                "value": " ethan.h@example.org "}, tma())
    assert (status, body["ok"], body["shown"]) == (200, True, "ethan.h@example.org")
    chat = Chat(applicant.engine)
    await chat.send("/menu")
    review = await chat.press("Review")
    assert "ethan.h@example.org" in review and "ethan.hunt@example.com" not in review


async def test_a_choice_is_picked_by_its_index(desk_url: str) -> None:
    gender = section("basic_data").field("gender")
    _, view = await get_json(desk_url + "/api/draft", tma())
    female = next(c for c in field(view, "basic_data", "gender")["choices"] if not c["selected"])
    status, body = await post_answer(desk_url, {"flow": "basic_data", "key": gender.key, "value": str(female["index"]),
                                                "choice": True}, tma())
    assert status == 200 and body["shown"] != "男"


async def test_irreversible_answers_are_changed_in_the_chat_only(desk_url: str) -> None:
    status, _ = await post_answer(desk_url, {"flow": "opening", "key": "held_gold_card", "value": "1",
                                             "choice": True}, tma())
    assert status == 409


async def test_no_data_without_valid_init_data(desk_url: str) -> None:
    for headers in ({}, tma(token="999:forged-token"), tma(age=3 * 24 * 3600), {"Authorization": "tma garbage"}):
        status, body = await get_json(desk_url + "/api/draft", headers)
        assert status == 401 and set(body) == {"ok", "message"}, headers
        status, _ = await post_answer(desk_url, {"flow": "basic_data", "key": "email", "value": "a@b.co"}, headers)
        assert status == 401


async def test_an_unknown_user_gets_nothing(desk_url: str) -> None:
    status, _ = await get_json(desk_url + "/api/draft", tma(user_id=4242))
    assert status == 404


async def test_every_response_is_uncached_under_a_strict_policy(desk_url: str) -> None:
    async with aiohttp.ClientSession() as client:
        for path, headers in (("/", {}), ("/api/draft", tma()), ("/desk", tma()), ("/api/draft", {})):
            async with client.get(desk_url + path, headers=headers) as response:
                assert response.headers["Cache-Control"] == "no-store", path
                policy = response.headers["Content-Security-Policy"]
                assert "default-src 'none'" in policy and "script-src 'sha256-" in policy
                assert "unsafe-inline" not in policy


async def test_change_of_data_and_supplement_are_one_sequence_without_save(desk_url: str) -> None:
    for mode, zh in (("data_change", "就業金卡資料異動"), ("supplement", "補正(件)")):
        status, view = await get_json(desk_url + f"/api/draft?mode={mode}", tma())
        assert status == 200 and view["no_save"] is True
        assert [(item["name"], item["zh"]) for item in view["tabs"]] == [(mode, zh)]
        assert view["tabs"][0]["fields"], mode
