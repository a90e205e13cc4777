"""Server-rendered pages (Jinja2, autoescaped): the shell the Mini App opens (no data: Telegram's init data
only reaches the page's script) and the desk itself, rendered for an authenticated request."""

from __future__ import annotations

import base64
import hashlib
from functools import cache
from pathlib import Path
from typing import Any

from jinja2 import Environment, FileSystemLoader, select_autoescape

from bot.i18n import is_chinese
from bot.webapp.desk import MODES
from bot.webapp.texts import words

HERE = Path(__file__).parent
STATIC_DIR = HERE / "static"


@cache
def _environment() -> Environment:
    return Environment(loader=FileSystemLoader(HERE / "templates"), autoescape=select_autoescape(default=True),
                       trim_blocks=True, lstrip_blocks=True)


@cache
def inline(name: str) -> str:
    """A static file's text, embedded in the shell (one request less on the first load)."""
    return (STATIC_DIR / name).read_text(encoding="utf-8")


def _hash(text: str) -> str:
    return "'sha256-" + base64.b64encode(hashlib.sha256(text.encode()).digest()).decode() + "'"


@cache
def content_security_policy() -> str:
    """Strict: only the shell's own script and style (by their hashes), requests to this server only."""
    return (f"default-src 'none'; script-src {_hash(inline('desk.js'))}; style-src {_hash(inline('desk.css'))}; "
            "img-src 'self' data:; connect-src 'self'; base-uri 'none'; form-action 'none'; "
            "frame-ancestors 'self' https://web.telegram.org")


def warm() -> None:
    """Compile the templates and read the static files once, before the first request."""
    for name in ("shell.html", "desk.html"):
        _environment().get_template(name)
    content_security_policy()


def html_lang(locale: str) -> str:
    return "zh-TW" if is_chinese(locale) else "en"


def shell_page(locale: str) -> str:
    return _environment().get_template("shell.html").render(
        w=words(locale), lang=html_lang(locale), modes=MODES, script=inline("desk.js"), style=inline("desk.css"))


class _Fields(dict[str, Any]):
    """A dict whose keys read as attributes: Jinja tries ``getattr`` before ``[]``, and a failed getattr on a
    plain dict (an exception per lookup) made up most of the rendering time."""

    __slots__ = ()

    def __getattr__(self, name: str) -> Any:
        try:
            return self[name]
        except KeyError:
            raise AttributeError(name) from None


def _attributes(value: Any) -> Any:
    if isinstance(value, dict):
        return _Fields({key: _attributes(item) for key, item in value.items()})
    if isinstance(value, list):
        return [_attributes(item) for item in value]
    return value


def desk_fragment(view: dict[str, Any]) -> str:
    locale = view["locale"]
    return _environment().get_template("desk.html").render(w=_Fields(words(locale)), lang=html_lang(locale),
                                                           view=_attributes(view))
