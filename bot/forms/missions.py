"""館處: the ROC mission abroad where the passport is shown, the second of the two choices 申請地點 / 館處
(seed 001 lines 379, 391), from ``bot/data/missions.json``.

The platform's own list was not seen: the known missions are UNCONFIRMED names with their source, offered
for the chosen 申請地點 (a country); any other mission is typed and kept with a note to pick the same one
in the platform's list (some listed missions have closed: the Ministry of Foreign Affairs' list wins).
"""

from __future__ import annotations

import json
import unicodedata
from collections.abc import Sequence
from datetime import date
from functools import cache
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from bot.forms.facts import DATA_DIR, Option
from bot.forms.result import Accepted, Rejected, RuleContext, RuleResult
from bot.forms.rules import field_rule
from bot.forms.text import has_letter_or_digit, prepare
from bot.i18n import _


class Mission(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    country: str = Field(min_length=2, max_length=2)
    zh: str
    en: str
    aliases: tuple[str, ...] = ()
    confidence: Literal["OFFICIAL", "SECONDARY", "UNCONFIRMED"]
    source: str = Field(min_length=3)


class Missions(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    about: str
    complete: bool
    verified: str
    list_url: str
    missions: tuple[Mission, ...]

    def of_country(self, code: object) -> tuple[Mission, ...]:
        return tuple(item for item in self.missions if item.country == code)


@cache
def missions() -> Missions:
    return Missions.model_validate(json.loads((DATA_DIR / "missions.json").read_text(encoding="utf-8")))


def _key(text: str) -> str:
    return " ".join(unicodedata.normalize("NFKC", text).casefold().split())


def find_mission(text: str) -> Mission | None:
    key = _key(text)
    for item in missions().missions:
        if key in {_key(item.zh), _key(item.en), *(_key(alias) for alias in item.aliases)}:
            return item
    return None


@field_rule(
    summary=_("A mission abroad: a known one (bot/data/missions.json, names UNCONFIRMED) is stored by its Chinese "
              "name; any other is kept as typed, with a note to pick the same one in the platform's list."),
    sources=("seed 001 STEP 16 (lines 379, 391)", "https://www.boca.gov.tw/sp-foof-countrylp-02-1.html"),
    name="mission",
)
def mission(raw: str, ctx: RuleContext) -> RuleResult:
    """館處: the mission where the passport is shown."""
    text = prepare(raw, 100)
    if isinstance(text, Rejected):
        return text
    if not has_letter_or_digit(text):
        return Rejected(_("Please type the mission's name, for example {example}.", example="駐德國台北代表處"))
    known = find_mission(text)
    if known is not None:
        return Accepted(known.zh, shown=known.zh)
    return Accepted(text, shown=text, notes=(_(
        "I do not know this mission: pick the same one in the platform's list of 館處 (some missions have "
        "closed; the Ministry of Foreign Affairs' list wins): {url}", url=missions().list_url),))


def mission_options() -> Sequence[Option]:
    """The known missions as the 館處 drop-down's options (names UNCONFIRMED: typed answers are kept too)."""
    verified = date.fromisoformat(missions().verified)
    return tuple(Option(value=item.zh, zh=item.zh, en=item.en, aliases=item.aliases, confidence=item.confidence,
                        verified=verified, source=item.source) for item in missions().missions)
