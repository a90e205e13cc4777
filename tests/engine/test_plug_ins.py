"""The house's extension points, used the way a new engineer would: a new field is a Question in a flow, a
new command is a Feature registered on the engine's Services; neither edits bot/engine."""

from __future__ import annotations

from collections.abc import Mapping

import pytest

from bot.app import App
from bot.engine.core import ActionHandler, CommandHandler, Feature, Services, TurnCore
from bot.engine.engine import Engine
from bot.engine.flow import Choice, Flow, InputKind, Question
from bot.engine.state import ButtonData
from bot.forms.result import Accepted, Rejected, RuleContext, RuleResult
from bot.i18n import _, verbatim
from storage.models import Conversation
from storage.repositories import Store
from tests.conftest import TODAY
from tests.harness import Chat

TEAS = {"oolong", "pu-erh", "jasmine"}
rule_calls: list[str] = []


def known_tea(raw: str, ctx: RuleContext) -> RuleResult:
    rule_calls.append(raw)
    return Accepted(raw.lower()) if raw.lower() in TEAS else Rejected(_("Unknown tea."))


TEA = Flow(name="tea", title=verbatim("Tea"), questions=(
    Question("favourite_tea", verbatim("Which tea do you like best?"), InputKind.TEXT, label_zh="最愛的茶",
             label_en="Favourite tea", rule=known_tea),
    Question("cups", verbatim("How many cups a day?"), InputKind.CHOICE, label_en="Cups", label_zh="杯數",
             choices=(Choice(1, verbatim("One")), Choice(3, verbatim("Three")))),
))


class TeaRoom(Feature):
    """/tea pours a cup; its button (an action of this feature only) pours another."""

    def commands(self) -> Mapping[str, CommandHandler]:
        return {"tea": pour}

    def actions(self) -> Mapping[str, ActionHandler]:
        return {"tea_more": pour_again}


async def pour(turn: TurnCore, args: str) -> None:
    turn.new_prompt()
    turn.say(verbatim(f"🍵 {args or 'Oolong'} for you."), buttons=((turn.button(verbatim("Another"), "tea_more"),),))


async def pour_again(turn: TurnCore, data: ButtonData) -> bool:
    turn.say(verbatim("Another cup."))
    return True


@pytest.fixture
def engine(app: App) -> Engine:
    features = (*app.engine.services.features, TeaRoom())
    return Engine(app.db, app.engine.sealer, {"tea": TEA}, today=lambda: TODAY,
                  services=Services(files=app.engine.services.files, features=features))


async def test_a_new_field_is_asked_checked_and_stored(engine: Engine, app: App) -> None:
    chat = Chat(engine, 31)
    await chat.send("/start lang_en")
    text = await chat.send("/start tea")
    assert "Favourite tea — on the platform: 最愛的茶" in text and "Which tea do you like best?" in text
    rule_calls.clear()
    assert "Unknown tea." in await chat.send("coffee")
    assert rule_calls == ["coffee"]  # judged by the help desk and answered by the dialog: the rule ran once
    text = await chat.send("Oolong")
    assert "Saved: Favourite tea = oolong" in text and "How many cups a day?" in text
    assert rule_calls == ["coffee", "Oolong"]
    text = await chat.press("Three")
    assert "Summary: Tea" in text
    async with app.db.transaction() as session:
        conversation = await session.get(Conversation, 31)
        assert conversation is not None and conversation.draft_id is not None
        store = Store(session, app.engine.sealer)
        draft = await store.draft(conversation.draft_id, 31)
        assert draft is not None
        assert store.answers(draft)["tea"] == {"favourite_tea": "oolong", "cups": 3}


async def test_a_new_command_and_its_button_come_from_a_registered_feature(engine: Engine) -> None:
    chat = Chat(engine, 32)
    await chat.send("/start lang_en")
    assert await chat.send("/tea Jasmine") == "🍵 Jasmine for you."
    another = chat.find("Another")
    assert await chat.press_button(another) == "Another cup."
    await chat.send("/tea")
    assert "earlier message" in await chat.press_button(another)  # an outdated press of it is refused
    assert "I do not know the command /coffee" in await chat.send("/coffee")


async def test_without_the_feature_the_command_is_unknown(app: App) -> None:
    chat = Chat(app.engine, 33)
    await chat.send("/start lang_en")
    assert "I do not know the command /tea" in await chat.send("/tea")
