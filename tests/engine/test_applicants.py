"""Several applicants per user: named drafts, switching, starting one over, strict isolation."""

from __future__ import annotations

from bot.app import App
from storage.repositories import Store
from tests.harness import Chat


async def answers_by_label(app: App, user_id: int) -> dict[str, dict]:
    async with app.db.transaction() as session:
        store = Store(session, app.engine.sealer)
        return {store.label(d): store.answers(d) for d in await store.drafts_of(user_id)}


async def test_employer_keeps_one_draft_per_applicant(app: App) -> None:
    chat = Chat(app.engine, 21)
    await chat.send("/start lang_en")
    await chat.press("Start: Opening questions")
    await chat.press("I agree")
    await chat.press("Yes")  # first applicant has held a card
    await chat.send("/menu")
    text = await chat.press("👥 Applicants")
    assert "Now working on: My application" in text
    await chat.press("➕ New applicant")
    assert "Please type a name" in await chat.send("   ")
    text = await chat.send("Ana  Pérez")
    assert "Added Ana Pérez" in text and "Applicant: Ana Pérez" in text
    text = await chat.press("Start: Opening questions")  # nothing of the first draft shows here
    assert "question 1 of" in text and "Current answer" not in text
    await chat.press("I agree")
    await chat.press("No")
    stored = await answers_by_label(app, 21)
    assert stored["My application"]["opening"] == {"agree": True, "held_gold_card": True}
    assert stored["Ana Pérez"]["opening"] == {"agree": True, "held_gold_card": False}
    await chat.send("/menu")
    await chat.press("👥 Applicants")
    assert chat.labels()[:2] == ["○ My application", "● Ana Pérez"]
    text = await chat.press("○ My application")
    assert "Now working on: My application" in text
    text = await chat.press("Continue: Opening questions (2/5)")
    assert "Which nationality or identity" in text


async def test_start_over_needs_confirmation_and_touches_one_draft(app: App) -> None:
    chat = Chat(app.engine, 22)
    await chat.send("/start lang_en")
    await chat.press("Start: Opening questions")
    await chat.press("I agree")
    await chat.send("/menu")
    await chat.press("👥 Applicants")
    await chat.press("➕ New applicant")
    await chat.send("Bob")
    await chat.press("Start: Opening questions")
    await chat.press("I agree")
    await chat.send("/menu")
    await chat.press("👥 Applicants")
    text = await chat.press("🗑 Start this applicant over")
    assert "Start Bob over?" in text
    await chat.press("Keep the answers")
    assert (await answers_by_label(app, 22))["Bob"]["opening"] == {"agree": True}
    await chat.press("🗑 Start this applicant over")
    assert "Bob starts over" in await chat.press("🗑 Yes, start over")
    stored = await answers_by_label(app, 22)
    assert stored["Bob"] == {} and stored["My application"]["opening"] == {"agree": True}


async def test_a_forged_button_cannot_open_another_users_draft(app: App) -> None:
    owner = Chat(app.engine, 23)
    await owner.send("/start lang_en")
    await owner.press("Start: Opening questions")
    await owner.press("I agree")
    async with app.db.transaction() as session:
        victim = (await Store(session, app.engine.sealer).drafts_of(23))[0].id
    thief = Chat(app.engine, 24)
    await thief.send("/start lang_en")
    await thief.press("👥 Applicants")
    token = thief.buttons[0].data.split("|")[0]
    from bot.engine.events import Button
    from bot.i18n import verbatim

    text = await thief.press_button(Button(verbatim("x"), f"{token}|app:{victim}"))
    assert "Now working on" in text and "● My application" in " ".join(thief.labels())
    assert len(await answers_by_label(app, 24)) == 1
    assert (await answers_by_label(app, 23))["My application"]["opening"] == {"agree": True}
