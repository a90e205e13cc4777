"""Replies → Telegram messages (HTML chunks ≤ 4096, buttons on the last), updates → events, the
command menus: the library-free part both doors share."""

from __future__ import annotations

import html
import re

from hypothesis import given, settings
from hypothesis import strategies as st

from bot.engine.events import Button, EventKind, FileRef, Outcome, Reply
from bot.engine.state import ButtonData, card_data
from bot.i18n import HTML, Bold, Code, Msg, render, verbatim
from bot.telegram.render import (
    COMMANDS,
    MAX_MESSAGE_LENGTH,
    command_menus,
    message_length,
    render_outcome,
    render_reply,
    split_html,
)
from bot.telegram.updates import button_event, file_event, text_event, update_key
from tests.telegram.fake_bot_api import visible_text


def test_reply_becomes_one_html_message_with_keyboard() -> None:
    reply = Reply.of(Msg("Saved: {label} = {value}", {"label": verbatim("A < B & C"), "value": Code("x<y>")}),
                     verbatim(""), Msg("Pick one", {}),
                     buttons=((Button(verbatim("Yes & no"), "1|c:0"), Button(verbatim("No"), "1|c:1")),
                              (Button(verbatim("⬅ Back"), "1|back"),)))
    (message,) = render_reply(reply, "en")
    assert message.html == "Saved: A &lt; B &amp; C = <code>x&lt;y&gt;</code>\n\nPick one"
    assert message.keyboard == ((("Yes & no", "1|c:0", None, None), ("No", "1|c:1", None, None)),
                                (("⬅ Back", "1|back", None, None),))


def test_outcome_keeps_reply_order_and_locale() -> None:
    outcome = Outcome("zh_TW", (Reply.of(Msg("Language set to English.", {})), Reply.of(verbatim("二"))))
    messages = render_outcome(outcome)
    assert [m.html for m in messages] == [render(Msg("Language set to English.", {}), "zh_TW", HTML), "二"]


def test_buttons_without_text_still_get_a_message() -> None:
    (message,) = render_reply(Reply.of(verbatim(""), buttons=((Button(verbatim("OK"), "1|ok"),),)), "en")
    assert message.html == "Please choose:" and message.keyboard == ((("OK", "1|ok", None, None),),)
    assert render_reply(Reply.of(verbatim("")), "en") == []


def test_long_reply_is_split_at_paragraphs_with_buttons_on_the_last_chunk() -> None:
    paragraphs = [verbatim(f"{i:03d} " + "word " * 150) for i in range(20)]  # ~15 000 characters
    reply = Reply.of(*paragraphs, buttons=((Button(verbatim("Next"), "1|ok"),),))
    messages = render_reply(reply, "en")
    assert len(messages) == 4
    assert all(message_length(m.html) <= MAX_MESSAGE_LENGTH for m in messages)
    assert [bool(m.keyboard) for m in messages] == [False, False, False, True]
    joined = "\n\n".join(m.html for m in messages)
    assert joined == "\n\n".join(render(p, "en", HTML) for p in paragraphs), "cut only between paragraphs"


def test_a_paragraph_longer_than_a_message_is_cut_between_words_with_tags_balanced() -> None:
    value = "passport " * 700  # one <code> value of 6 300 characters
    reply = Reply.of(Msg("{v}", {"v": Code(value)}), Msg("{b}", {"b": Bold("end")}))
    messages = render_reply(reply, "en", limit=1000)
    assert len(messages) >= 7
    for message in messages:
        assert message_length(message.html) <= 1000
        visible_text(message.html, "HTML")  # parses as Telegram HTML: tags balanced, entities whole
        assert message.html.startswith("<code>") or message.html.startswith("<b>")
    shown = " ".join(visible_text(m.html, "HTML") for m in messages)
    assert shown.split() == (value + " end").split(), "cut between words, nothing lost"
    assert all(not m.html.startswith("<code> ") for m in messages), "the space at a cut is dropped"


@settings(max_examples=60, deadline=None)
@given(st.lists(st.tuples(st.sampled_from(["text", "code", "bold"]),
                          st.text(alphabet="ab <>&\n中😀", min_size=0, max_size=300)), min_size=1, max_size=12),
       st.integers(min_value=40, max_value=400))
def test_any_text_splits_into_valid_chunks(pieces: list[tuple[str, str]], limit: int) -> None:
    paragraphs = []
    for kind, value in pieces:
        if kind == "code":
            paragraphs.append(f"<code>{html.escape(value, quote=False)}</code>")
        elif kind == "bold":
            paragraphs.append(f"<b>{html.escape(value, quote=False)}</b>")
        else:
            paragraphs.append(html.escape(value, quote=False))
    chunks = split_html([p for p in paragraphs if p.strip()], limit)
    for chunk in chunks:
        assert message_length(chunk) <= limit
        visible_text(chunk, "HTML")
    original = "".join(visible_text(p, "HTML") for p in paragraphs if p.strip())
    assert re.sub(r"\s", "", "".join(visible_text(c, "HTML") for c in chunks)) == re.sub(r"\s", "", original)


def test_update_helpers_build_neutral_events() -> None:
    command = text_event(7, 42, 42, "/start@goldcard_bot lang_zh", language_code="zh-hant", user_name="Ada")
    assert (command.kind, command.command, command.args, command.update_key) == (
        EventKind.COMMAND, "start", "lang_zh", "tg:7")
    assert (command.user_id, command.chat_id, command.language_code) == (42, 42, "zh-hant")
    typed = text_event(8, 42, 42, "Taipei")
    assert typed.kind is EventKind.TEXT and typed.text == "Taipei"
    pressed = button_event(9, 42, 42, "3|c:1")
    assert pressed.kind is EventKind.BUTTON and pressed.button == "3|c:1" and pressed.update_key == update_key(9)
    sent = file_event(10, 42, 42, FileRef("f1", "cv.pdf", 10, "application/pdf"), caption="my CV")
    assert sent.kind is EventKind.FILE and sent.file == FileRef("f1", "cv.pdf", 10, "application/pdf")
    assert sent.text == "my CV"


def test_command_menus_in_english_and_traditional_chinese() -> None:
    default, chinese = command_menus()
    assert default.language_code is None and chinese.language_code == "zh"
    names = ["start", "help", "language", "cancel", "status", "export", "ask", "human", "reminders", "privacy",
             "mydata", "delete"]
    assert [name for name, _ in default.commands] == [name for name, _ in chinese.commands] == names
    assert [name for name, _ in COMMANDS] == names
    for (_name, english), (_same, translated) in zip(default.commands, chinese.commands, strict=True):
        assert 3 <= len(english) <= 256 and 1 <= len(translated) <= 256
        assert re.search(r"[\u4e00-\u9fff]", translated) and english.isascii()


def test_card_mark_round_trips_and_a_split_card_loses_it() -> None:
    """A card too long for one message is never replaced whole: its buttons lose the card mark."""
    data = card_data(ButtonData("1a", "menu", "more").encode())
    parsed = ButtonData.parse(data)
    assert data == "1a~|menu:more" and parsed == ButtonData("1a", "menu", "more", card=True)
    long = Reply(tuple(verbatim("x" * 3000) for _ in range(2)), buttons=((Button(verbatim("Menu"), data),),), card=True)
    messages = render_reply(long, "en")
    assert len(messages) == 2 and messages[-1].keyboard[0][0].data == "1a|menu:more"


def test_a_reply_renders_its_parts_and_labels_in_the_locale_escaped() -> None:
    reply = Reply.of(Msg("Main menu"), verbatim("typed <by> a user"),
                     buttons=((Button(Msg("Main menu"), "1|menu"), Button(verbatim("typed by a user"), "1|x")),))
    first = render_reply(reply, "zh_TW")
    assert render_reply(reply, "zh_TW") == first
    (english,) = render_reply(reply, "en")
    assert english.html.startswith("Main menu") and not first[0].html.startswith("Main menu")
    assert english.keyboard[0][0].label == "Main menu" and first[0].keyboard[0][0].label != "Main menu"
    assert "typed &lt;by&gt; a user" in english.html


@given(st.lists(st.text(alphabet="ab \n<>&漢😀", max_size=40), max_size=6), st.integers(min_value=8, max_value=80))
@settings(max_examples=200, deadline=None)
def test_the_short_path_splits_as_the_long_one(paragraphs: list[str], limit: int) -> None:
    """``split_html``'s shortcut for a reply that fits whole gives what cutting paragraph by paragraph gives."""
    import bot.telegram.render as render_module

    assert split_html(paragraphs, limit) == render_module._cut(paragraphs, limit)
