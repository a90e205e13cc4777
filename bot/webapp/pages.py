"""Server-rendered pages (Jinja2, autoescaped): the shell the Mini App opens (no data: Telegram's init data
only reaches the page's script) and the desk itself, rendered for an authenticated request."""

from __future__ import annotations

import hashlib
from functools import cache
from pathlib import Path
from typing import Any

from jinja2 import Environment, FileSystemLoader, select_autoescape

from bot.webapp.desk import MODES
from bot.webapp.texts import words

HERE = Path(__file__).parent
STATIC_DIR = HERE / "static"
STATIC_FILES = {"desk.js": "text/javascript", "desk.css": "text/css"}


@cache
def _environment() -> Environment:
    return Environment(loader=FileSystemLoader(HERE / "templates"), autoescape=select_autoescape(default=True),
                       trim_blocks=True, lstrip_blocks=True)


@cache
def static_version() -> str:
    """A short digest of the static files: their URLs change when they do, so browsers may cache them."""
    digest = hashlib.sha256()
    for name in sorted(STATIC_FILES):
        digest.update((STATIC_DIR / name).read_bytes())
    return digest.hexdigest()[:12]


def warm() -> None:
    """Compile the templates and read the static files once, before the first request."""
    for name in ("shell.html", "desk.html"):
        _environment().get_template(name)
    static_version()


def html_lang(locale: str) -> str:
    return "zh-TW" if locale == "zh_TW" else "en"


def shell_page(locale: str) -> str:
    return _environment().get_template("shell.html").render(
        w=words(locale), lang=html_lang(locale), modes=MODES, version=static_version())


def desk_fragment(view: dict[str, Any]) -> str:
    locale = view["locale"]
    return _environment().get_template("desk.html").render(w=words(locale), lang=html_lang(locale), view=view)
