"""The documents tab prints sizes one way (``format_size``, as every other message: KB rounded up, MB when
large) and counts pages through ngettext ("1 page", "2 pages"; 頁 in Chinese)."""

from __future__ import annotations

from bot.documents.notes import format_size
from bot.engine.documents_tab import checklist_lines
from bot.i18n import render


def lines(uploads: dict[str, object], locale: str = "en") -> str:
    return "\n".join(render(line, locale) for line in checklist_lines({"_uploads": uploads}))


def test_an_uploaded_file_shows_its_size_as_format_size_does_and_its_pages_in_words() -> None:
    shown = lines({"photo": {"sha256": "a" * 64, "file_name": "me.jpg", "size": 1500, "pages": 1},
                   "passport": {"sha256": "b" * 64, "file_name": "passport.pdf", "size": 999_999, "pages": 2}})
    assert format_size(1500) == "2 KB"  # rounded up, like the platform's limit: 1,500 bytes are not "1 KB"
    assert "me.jpg: 2 KB, 1 page" in shown and "1 pages" not in shown
    assert f"passport.pdf: {format_size(999_999)}, 2 pages" in shown
    chinese = lines({"photo": {"sha256": "a" * 64, "file_name": "me.jpg", "size": 1500, "pages": 1}}, "zh_TW")
    assert "me.jpg：2 KB，1 頁" in chinese


def test_pages_received_are_counted_in_words() -> None:
    assert "1 page received, tap Done" in lines({"passport": {"pages": ["p1"]}})
    assert "3 pages received, tap Done" in lines({"passport": {"pages": ["p1", "p2", "p3"]}})
