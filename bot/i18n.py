"""Translations: Babel/gettext catalogs for zh_TW and en, lazy messages, and locale resolution.

Every user-facing text is written in English as a msgid and wrapped in ``_()`` (or ``ngettext()``),
which returns a lazy :class:`Msg`. A Msg is translated only when it is rendered for a locale, so
messages defined at import time (flows are declared as data) follow the user's language choice.

Catalogs live in ``bot/locales/<locale>/LC_MESSAGES/<domain>.po``, each with its compiled ``<domain>.mo``
beside it in the sources and the package; every domain is loaded and merged, so separate areas of the code
can keep separate catalogs. The bot reads the .mo files with the standard library's gettext on first use: no
Babel in the running bot (Babel's parser and its CLDR data cost about 4 MiB), and nothing is ever written
beside them, so an installed package may be read-only (installed by root, run by a service user). A .po
without its .mo (a checkout where someone forgot to compile) is compiled in memory instead.
``python -m bot.i18n_catalogs update`` extracts, updates and compiles them; its ``check`` (run by the test
suite) fails on a .mo that is not the compiled .po.
"""

from __future__ import annotations

import gettext
import html
import io
import string
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from functools import cache, lru_cache
from pathlib import Path
from typing import Any, Protocol

LOCALES_DIR = Path(__file__).parent / "locales"
SUPPORTED_LOCALES: tuple[str, ...] = ("en", "zh_TW")
DEFAULT_LOCALE = "en"
LANGUAGE_NAMES = {"en": "English", "zh_TW": "繁體中文"}


def is_chinese(locale: str | None) -> bool:
    """Whether ``locale`` is the bot's Traditional Chinese: the one place that tells the languages apart."""
    return locale == "zh_TW"


def normalize_locale(code: str | None) -> str | None:
    """Map a Telegram ``language_code`` or a user's choice to a supported locale.

    Every Chinese variant (zh, zh-hant, zh-TW, zh-HK, even zh-CN and zh-hans) maps to zh_TW: the bot
    speaks Traditional Chinese only, which simplified-Chinese readers also understand. English
    variants map to en. Anything else gives None, so the caller can fall back to a default.
    """
    if not code:
        return None
    lowered = code.strip().replace("-", "_").lower()
    if lowered.startswith("zh"):
        return "zh_TW"
    if lowered.startswith("en"):
        return "en"
    return None


@dataclass(frozen=True)
class Code:
    """A value shown in monospace (tap-to-copy in Telegram)."""

    value: str


@dataclass(frozen=True)
class Bold:
    """A value shown in bold."""

    value: str


@dataclass(frozen=True)
class Localized:
    """Text that comes from data in both languages side by side (FAQ answers, fact tables)."""

    en: str
    zh_TW: str

    def for_locale(self, locale: str) -> str:
        return self.zh_TW if is_chinese(locale) else self.en


class Markup(Protocol):
    """How a door shows plain text, monospace and bold (HTML for Telegram, plain for a console)."""

    def text(self, value: str) -> str: ...

    def code(self, value: str) -> str: ...

    def bold(self, value: str) -> str: ...

    def __hash__(self) -> int: ...  # one instance per kind: rendered templates are cached per markup


class PlainMarkup:
    """Plain text: for the console and for logs of message keys."""

    def text(self, value: str) -> str:
        return value

    def code(self, value: str) -> str:
        return value

    def bold(self, value: str) -> str:
        return value


class HtmlMarkup:
    """Telegram's HTML parse mode: everything escaped, values in <code> and <b>."""

    def text(self, value: str) -> str:
        return html.escape(value, quote=False)

    def code(self, value: str) -> str:
        return f"<code>{html.escape(value, quote=False)}</code>"

    def bold(self, value: str) -> str:
        return f"<b>{html.escape(value, quote=False)}</b>"


PLAIN = PlainMarkup()
HTML = HtmlMarkup()


@dataclass(frozen=True)
class Msg:
    """A translatable message: an English msgid (optionally plural) with named parameters.

    Parameters may be plain values, other Msgs (translated in the same locale), :class:`Code` or
    :class:`Bold` wrappers, or dates (shown as ISO dates, the form every field of the platform uses).
    """

    msgid: str
    params: Mapping[str, Any] = field(default_factory=dict)
    plural: str | None = None
    count: int | None = None

    def render(self, locale: str, markup: Markup = PLAIN) -> str:
        return render(self, locale, markup)

    def __str__(self) -> str:  # pragma: no cover - debugging aid only
        return self.render(DEFAULT_LOCALE)


def _(msgid: str, /, **params: Any) -> Msg:
    """Mark ``msgid`` for translation; returns a lazy :class:`Msg`."""
    return Msg(msgid, params)


def ngettext(singular: str, plural: str, count: int, /, **params: Any) -> Msg:
    """Mark a plural message; ``count`` is also available to the template as ``{count}``."""
    return Msg(singular, {"count": count, **params}, plural=plural, count=count)


def joined(parts: Sequence[Msg], separator: str = "\n") -> Msg:
    """Several messages shown as one, ``separator`` between them (each translated on its own)."""
    if len(parts) == 1:
        return parts[0]
    template = separator.join("{p%d}" % index for index in range(len(parts)))  # noqa: UP031 - builds a template
    return Msg(template, {f"p{index}": part for index, part in enumerate(parts)})


def verbatim(text: str) -> Msg:
    """Text that is shown as it is in every locale: platform labels, user values, proper names."""
    return Msg("{text}", {"text": text})


def localized(en: str, zh_tw: str) -> Msg:
    """A message from data that carries both languages."""
    return Msg("{text}", {"text": Localized(en, zh_tw)})


@cache
def translations(locale: str) -> gettext.NullTranslations:
    """All domains' catalogs for ``locale``, merged, read from the compiled .mo files."""
    if locale == DEFAULT_LOCALE:
        return gettext.NullTranslations()
    folder = LOCALES_DIR / locale / "LC_MESSAGES"
    merged: gettext.NullTranslations | None = None
    for po_path in sorted(folder.glob("*.po")):
        mo_path = po_path.with_suffix(".mo")
        data = mo_path.read_bytes() if mo_path.exists() else compiled(po_path)
        catalog = gettext.GNUTranslations(io.BytesIO(data))
        if merged is None:
            merged = catalog
        else:
            merged.add_fallback(catalog)
    return merged or gettext.NullTranslations()


def compiled(po_path: Path) -> bytes:
    """One .po file compiled to .mo bytes in memory (fuzzy entries are left out, as gettext does)."""
    from babel.messages.mofile import write_mo  # the catalog tools' and tests' own: the bot reads .mo files
    from babel.messages.pofile import read_po

    with po_path.open("rb") as handle:
        catalog = read_po(handle, locale=po_path.parent.parent.name)
    buffer = io.BytesIO()
    write_mo(buffer, catalog, use_fuzzy=False)
    return buffer.getvalue()


def compile_po(po_path: Path, mo_path: Path) -> None:
    """Compile one .po file to the .mo file the bot reads."""
    tmp = mo_path.with_suffix(".mo.tmp")
    tmp.write_bytes(compiled(po_path))
    tmp.replace(mo_path)


class _SafeFormatter(string.Formatter):
    """str.format that never raises on a missing or broken placeholder in a translation."""

    def get_value(self, key: int | str, args: Any, kwargs: Any) -> Any:
        if isinstance(key, str) and key in kwargs:
            return kwargs[key]
        return "{" + str(key) + "}"


_FORMATTER = _SafeFormatter()


def render(message: Msg | str, locale: str, markup: Markup = PLAIN) -> str:
    """Translate and format ``message`` for ``locale`` with the door's ``markup``."""
    if isinstance(message, str):
        return markup.text(message)
    locale = locale if locale in SUPPORTED_LOCALES else DEFAULT_LOCALE
    if not message.params:  # prompts, hints, button labels: the same text again and again
        return _rendered(locale, message.msgid, message.plural, message.count, markup)
    values = {key: _render_param(value, locale, markup) for key, value in message.params.items()}
    return _filled(_template(locale, message.msgid, message.plural, message.count, markup), values)


def _filled(pieces: tuple[tuple[str, str | None], ...] | str, values: Mapping[str, str]) -> str:
    if isinstance(pieces, str):  # placeholders the fast path does not take (a format spec, a broken brace)
        try:
            return _FORMATTER.vformat(pieces, (), values)
        except (ValueError, IndexError):  # a broken template must never break a reply
            return pieces
    return "".join(text if name is None else text + values.get(name, "{" + name + "}") for text, name in pieces)


@lru_cache(maxsize=8192)
def _rendered(locale: str, msgid: str, plural: str | None, count: int | None, markup: Markup) -> str:
    """A message without parameters, rendered once per locale and markup: the source's own text (a message with
    parameters, which may show what a user typed, is never kept)."""
    return _filled(_template(locale, msgid, plural, count, markup), {})


@lru_cache(maxsize=8192)
def _template(locale: str, msgid: str, plural: str | None, count: int | None,
              markup: Markup) -> tuple[tuple[str, str | None], ...] | str:
    """The translated template in ``markup``, split once into (text, then placeholder name or None) pieces; the escaped
    template itself when it has a placeholder the pieces cannot express (then ``str.format``'s rules apply)."""
    catalog = translations(locale)
    template = markup.text(catalog.ngettext(msgid, plural, count or 0) if plural is not None
                           else catalog.gettext(msgid))
    pieces: list[tuple[str, str | None]] = []
    try:
        for text, name, spec, conversion in _FORMATTER.parse(template):
            if name is not None and (spec or conversion or not name.isidentifier()):
                return template
            pieces.append((text, name))
    except ValueError:
        return template
    return tuple(pieces)


def _render_param(value: Any, locale: str, markup: Markup) -> str:
    if isinstance(value, Msg):
        return render(value, locale, markup)
    if isinstance(value, Code):
        return markup.code(value.value)
    if isinstance(value, Bold):
        return markup.bold(value.value)
    if isinstance(value, Localized):
        return markup.text(value.for_locale(locale))
    if isinstance(value, date):
        return markup.text(value.isoformat())
    return markup.text(str(value))
