"""Stored values shown the way the platform's boxes want them, with the English beside.

A choice is shown in the platform's zh wording (what the drop-down or radio button says) with the
English option beside it; yes/no as 是 / 否 (seed 001 STEP 16); a country by its Traditional Chinese
and English names; a Taiwan address also split into the city and district the platform picks from
lists and the rest it types (:func:`bot.forms.address.split_address`); the salary helper by its parts.
Dates, numbers and text are shown as stored (the rules store them as the platform takes them).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from bot.forms.address import split_address
from bot.forms.countries import country
from bot.forms.salary import SalaryClaim
from bot.forms.spec import FieldSpec, InputKind, field_specs
from bot.i18n import Msg, _


@dataclass(frozen=True)
class SubValue:
    """A part of a value: an address's city, a salary's currency ... ``zh`` is None when the platform has
    no label of its own for it."""

    zh: str | None
    en: Msg
    text: str
    gloss: str | None = None


@dataclass(frozen=True)
class Shown:
    """A value ready to copy: ``text`` as the platform takes it, ``gloss`` its English wording (None when
    the text is already what an English reader needs), ``parts`` its pieces where the platform splits it."""

    text: str
    gloss: str | None = None
    parts: tuple[SubValue, ...] = ()


YES = ("是", "Yes")
NO = ("否", "No")


def show(spec: FieldSpec, value: Any) -> Shown:
    """The value of a field with ``spec``, as the copy sheet shows it (``value`` is not empty)."""
    kind = spec.kind
    if kind in (InputKind.YES_NO, InputKind.CHECKBOX) and isinstance(value, bool):
        zh, en = YES if value else NO
        return Shown(zh, en)
    if kind is InputKind.CHOICE and spec.options is not None:
        return _choice(spec, value)
    if kind is InputKind.COUNTRY and isinstance(value, str):
        found = country(value)
        return Shown(found.zh, found.en if found.en != found.zh else None) if found else Shown(value)
    if kind is InputKind.ADDRESS and isinstance(value, str):
        return _address(value)
    if kind is InputKind.SALARY and isinstance(value, Mapping):
        return _salary(value)
    if kind is InputKind.FILES and isinstance(value, list):
        names = [str(item.get("file_name", "")) for item in value if isinstance(item, Mapping)]
        return Shown(", ".join(name for name in names if name))
    return Shown(_plain(value))


def _plain(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list):
        return ", ".join(_plain(item) for item in value)
    return str(value)


def _choice(spec: FieldSpec, value: Any) -> Shown:
    assert spec.options is not None
    option = next((item for item in spec.options() if item.value == value), None)
    if option is None:  # an open list: the applicant typed their own wording
        return Shown(_plain(value))
    return Shown(option.zh, option.en if option.en != option.zh else None)


def _address(value: str) -> Shown:
    parts = split_address(value)
    if parts.city is None:
        return Shown(value)
    subs = [SubValue(None, _("City or county (list)"), parts.city)]
    if parts.district:
        subs.append(SubValue(None, _("District (list)"), parts.district))
    subs.append(SubValue(None, _("Rest of the address (typed)"), parts.rest))
    return Shown(value, parts=tuple(subs))


def _salary(value: Mapping[str, Any]) -> Shown:
    subs: list[SubValue] = []
    for key, spec in field_specs(SalaryClaim):
        item = value.get(key)
        if item in (None, ""):
            continue
        shown = show(spec, item)
        subs.append(SubValue(spec.zh, spec.en, shown.text, shown.gloss))
    amount = " ".join(_plain(value[key]) for key in ("amount", "currency") if value.get(key) not in (None, ""))
    return Shown(amount or "—", parts=tuple(subs))


__all__ = ["NO", "YES", "Shown", "SubValue", "show"]
