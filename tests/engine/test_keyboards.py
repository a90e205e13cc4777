"""Compact keyboards: short labels share rows, no button twice, a main menu of at most six rows."""

from __future__ import annotations

from bot.app import App
from bot.engine.events import Button, Event
from bot.engine.keyboards import MAX_MENU_ROWS, arrange, without_repeats
from bot.i18n import render, verbatim
from tests.harness import Chat


def buttons(*labels: str) -> list[Button]:
    return [Button(verbatim(label), f"1|c:{index}") for index, label in enumerate(labels)]


def test_short_labels_share_rows_long_ones_do_not() -> None:
    assert [len(row) for row in arrange(buttons("Yes", "No"), "en")] == [2]
    assert [len(row) for row in arrange(buttons("是", "否", "不確定", "其他"), "zh_TW")] == [3, 1]
    assert [len(row) for row in arrange(buttons("Master's degree", "Bachelor's degree", "Other"), "en")] == [2, 1]
    assert [len(row) for row in arrange(buttons("Foreign national (not a US national)", "US national"), "en")] == [1, 1]


def test_no_button_is_offered_twice() -> None:
    male, female = buttons("Male", "Female")
    suggestion = Button(verbatim("Male"), "1|sg:M")
    rows = without_repeats(((suggestion,), (male, female), (Button(verbatim("✓ Female"), "1|c:1"),)), "en")
    assert [[b.label.params["text"] for b in row] for row in rows] == [["Male"], ["Female"]]


async def test_main_menu_has_at_most_six_rows_and_groups_the_other_flows(app: App) -> None:
    outcome = await app.engine.handle(Event.from_text(91, "/start lang_en", update_key="k:1"))
    menu = outcome.replies[-1]
    assert len(menu.buttons) <= MAX_MENU_ROWS
    labels = [render(button.label, "en") for button in menu.button_list()]
    assert "🗂 Before and after applying" in labels and not any("Taiwan Jobs" in label for label in labels)
    chat = Chat(app.engine, 91)
    chat.buttons = menu.button_list()
    await chat.press("🗂 Before and after applying")
    assert any("Taiwan Jobs" in label for label in chat.labels()) and "⬅ Main menu" in chat.labels()


async def test_status_counts_this_applicants_flows_and_documents_as_checklist_items(app: App) -> None:
    chat = Chat(app.engine, 92)
    await chat.send("/start lang_en")
    text = await chat.send("/status")
    assert "Opening questions: 0 of 5 answered" in text
    assert "Documents:" in text and "Documents: 0 of 0" not in text  # the checklist's items
    assert "Taiwan Jobs" not in text and "Supplement" not in text  # never started


async def test_menu_stays_within_six_rows_with_every_button_once_after_work_in_several_flows(app: App) -> None:
    from tests.dialogs.test_application import ABROAD_EN, play

    chat = Chat(app.engine, 93)
    await chat.send("/start lang_en")
    await play(chat, ABROAD_EN[:ABROAD_EN.index(("Smith", "英文名字")) + 1])  # the application under way
    await chat.send("/menu")
    await chat.press("🗂 Before and after applying")
    await chat.press("Taiwan Jobs")  # another flow started
    menu = (await app.engine.handle(Event.from_text(93, "/menu", update_key="k:menu"))).replies[-1]
    labels = [render(button.label, "en") for button in menu.button_list()]
    assert len(menu.buttons) <= MAX_MENU_ROWS, labels
    assert len(labels) == len(set(labels)), labels
    assert any(label.startswith(("▶", "Continue")) for label in labels), labels  # the application goes on
