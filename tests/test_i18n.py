"""Translations: complete catalogs, Traditional Chinese only, locale mapping, safe rendering."""

from __future__ import annotations

import gettext
import shutil
from pathlib import Path

import pytest

import bot.i18n_catalogs
from bot.i18n import (
    HTML,
    LOCALES_DIR,
    PLAIN,
    Bold,
    Code,
    Msg,
    _,
    compiled,
    localized,
    ngettext,
    normalize_locale,
    render,
)
from bot.i18n_catalogs import check, simplified_characters


def test_every_message_is_translated_without_fuzzy_or_simplified_entries() -> None:
    problems = check()
    assert problems == [], "\n".join(map(str, problems))


def test_the_bot_reads_each_po_compiled_and_the_check_finds_a_stale_one(tmp_path: Path,
                                                                        monkeypatch: pytest.MonkeyPatch) -> None:
    """The bot reads the .mo files, one beside each .po (that each says what its .po says is the check's, above); one
    that is not its .po compiled (a .po edited, not compiled) or is missing fails the check."""
    folder = LOCALES_DIR / "zh_TW" / "LC_MESSAGES"
    assert {po.stem for po in folder.glob("*.po")} == {mo.stem for mo in folder.glob("*.mo")}
    for mo in folder.glob("*.mo"):
        with mo.open("rb") as handle:
            assert gettext.GNUTranslations(handle).info()["language"] == "zh_TW"
    copy = tmp_path / "zh_TW" / "LC_MESSAGES"
    shutil.copytree(folder, copy)
    stale = copy / "faq.mo"
    stale.write_bytes(compiled(copy / "telegram.po"))
    (copy / "webapp.mo").unlink()
    monkeypatch.setattr(bot.i18n_catalogs, "po_path", lambda locale, domain: copy / f"{domain}.po")
    problems = check()
    assert sorted((p.domain, p.what) for p in problems) == [("faq", "not the .po compiled (run compile)"),
                                                            ("webapp", "not the .po compiled (run compile)")]


@pytest.mark.parametrize(("code", "locale"), [
    ("zh", "zh_TW"), ("zh-hant", "zh_TW"), ("zh-TW", "zh_TW"), ("zh-hans", "zh_TW"), ("zh-CN", "zh_TW"),
    ("zh_HK", "zh_TW"), ("en", "en"), ("en-GB", "en"), ("de", None), ("", None), (None, None),
])
def test_telegram_language_codes_map_to_supported_locales(code: str | None, locale: str | None) -> None:
    assert normalize_locale(code) == locale


def test_simplified_characters_are_detected_but_taiwan_usage_is_not() -> None:
    assert simplified_characters("护照号码") == ["护", "号", "码"]
    assert simplified_characters("台北市中正區寶慶路3號2樓，護照號碼") == []


def test_rendering_translates_and_escapes_for_telegram_html() -> None:
    msg = _("Saved: {label} = {value}", label="a<b>", value=Code("X&Y"))
    assert render(msg, "en", HTML) == "Saved: a&lt;b&gt; = <code>X&amp;Y</code>"
    assert render(msg, "zh_TW", PLAIN) == "已儲存：a<b> = X&Y"
    assert render(_("{label}: {value}", label=Bold("b"), value="v"), "en", HTML) == "<b>b</b>: v"


def test_localized_data_and_unknown_locales() -> None:
    both = localized("Passport", "護照")
    assert render(both, "zh_TW") == "護照" and render(both, "en") == "Passport"
    assert render(_("Main menu"), "fr") == "Main menu"


def test_plural_messages_and_broken_placeholders_never_raise() -> None:
    assert render(ngettext("{count} file", "{count} files", 2), "en") == "2 files"
    assert render(_("Current answer: {value}"), "en") == "Current answer: {value}"


@pytest.mark.parametrize(("template", "params", "expected"), [
    ("Saved: {label} = {value}", {"label": "Surname", "value": "SMITH"}, "Saved: Surname = SMITH"),
    ("{missing} stays", {}, "{missing} stays"),  # a translation naming an unknown placeholder never raises
    ("{{literal}} and {name}", {"name": "x"}, "{literal} and x"),
    ("[{name:^3}]", {"name": "x"}, "[ x ]"),  # a format spec: the general formatter (values are text by then)
    ("broken {", {}, "broken {"),
    ("{0} positional", {}, "{0} positional"),
])
def test_rendered_templates_are_cached_without_changing_what_they_say(template: str, params: dict[str, object],
                                                                        expected: str) -> None:
    """Templates are split once per locale and markup (bot.i18n._template); the result is what str.format with
    the safe formatter gave, twice in a row (the second from the cache), in plain text and in HTML."""
    message = Msg(template, params)
    assert render(message, "en", PLAIN) == expected
    assert render(message, "en", PLAIN) == expected
    assert render(Msg(template + " <b>", params), "en", HTML) == expected.replace("<", "&lt;") + " &lt;b&gt;"


def test_texts_without_parameters_are_rendered_once_per_locale_and_markup() -> None:
    """Prompts, hints and labels are rendered once per locale and markup; a message with parameters (it may show
    what a user typed) is never kept."""
    from bot.i18n import _rendered

    _rendered.cache_clear()
    chinese = render(Msg("Main menu"), "zh_TW", HTML)
    assert render(Msg("Main menu"), "zh_TW", HTML) == chinese != "Main menu"
    assert render(Msg("Main menu"), "en", HTML) == "Main menu"
    assert render(Msg("Main menu"), "zh_TW", PLAIN) == chinese
    assert render(Msg("Saved: {label} = {value}", {"label": "Surname", "value": "SMITH"}), "en") == \
        "Saved: Surname = SMITH"
    info = _rendered.cache_info()
    assert (info.hits, info.misses, info.currsize) == (1, 3, 3)
