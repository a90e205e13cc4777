"""What staff see of an applicant: never personal data, unless the applicant agreed to share their answers."""

from __future__ import annotations

import pytest

from bot.app import App
from storage.repositories import Store
from tests.helpdesk.conftest import Desk
from tests.helpdesk.test_interception import to_basic_data

SENTINELS = {
    "surname": "ZQXSURNAME",
    "given": "ZQXGIVEN",
    "passport": "ZQX987654",
    "email": "zqx@sentinel.example",
    "address": "ZQX Sentinel Street 9",
    "file": "ZQX_passport_scan.pdf",
}


async def plant(app: App, user_id: int) -> None:
    """Personal data in every corner of the applicant's draft (answers, an upload's file name, a section
    the flows do not know)."""
    async with app.db.transaction() as session:
        store = Store(session, app.engine.sealer)
        draft = (await store.drafts_of(user_id))[0]
        answers = store.answers(draft)
        answers.setdefault("basic_data", {}).update({
            "english_surname": SENTINELS["surname"], "english_given_name": SENTINELS["given"],
            "email": SENTINELS["email"], "home_country_address": SENTINELS["address"]})
        answers["passport_data"] = {"passport_number": SENTINELS["passport"]}
        answers["documents"] = {"_uploads": {"passport": {"sha256": "0" * 64, "media_type": "application/pdf",
                                                          "size": 2048, "pages": 1,
                                                          "file_name": SENTINELS["file"], "warnings": []}}}
        answers["elsewhere"] = {"secret": SENTINELS["passport"]}
        store.set_answers(draft, answers)


def leaked(texts: list[str]) -> list[str]:
    joined = "\n".join(texts)
    return [name for name, value in SENTINELS.items() if value in joined]


@pytest.mark.parametrize("staff_locale", ["en", "zh_TW"])
async def test_the_summary_holds_no_personal_data_unless_shared(desk: Desk, app: App, staff_locale: str) -> None:
    desk.configure(staff_locale=staff_locale)
    chat = await to_basic_data(desk)
    await plant(app, 7)
    await chat.send(SENTINELS["passport"])  # refused by the surname rule (digits): its key only is kept
    await chat.send("/human")
    await chat.press("🔒 No, keep them private")
    await chat.press("⬅ Back to my application")
    await desk.staff("/tickets")
    await desk.staff("/stats")
    texts = desk.note_texts(staff_locale) + desk.note_texts("en")
    assert leaked(texts) == [], texts
    summary = desk.note_texts("en")[0]
    assert "Answers refused lately: Basic data › English surname (英文姓氏)" in summary
    assert "Documents: 1 of 5 ready" in summary, "the checklist status, without the file's name"
    assert "The applicant did not share their answers." in summary


async def test_shared_answers_reach_staff_but_never_file_names(desk: Desk, app: App) -> None:
    chat = await to_basic_data(desk)
    await plant(app, 7)
    await chat.send("/human")
    await chat.press("✅ Yes, share my answers")
    summary = desk.note_texts("en")[0]
    assert "The applicant agreed to share their draft's answers:" in summary
    assert set(leaked([summary])) == {"surname", "given", "passport", "email", "address"}
    assert SENTINELS["file"] not in summary


async def test_the_topic_title_names_no_one(desk: Desk, app: App) -> None:
    chat = await to_basic_data(desk)
    await plant(app, 7)
    await chat.send("/human")
    await chat.press("✅ Yes, share my answers")
    assert desk.notes[0].open_topic_title == "#1 · English"
