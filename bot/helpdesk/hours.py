"""The help desk's working hours: parsed from ``STAFF_HOURS`` ("Mon-Fri 10:00-18:00; Sat 10:00-12:00") in
``STAFF_TIMEZONE``, whether staff are in now, and when they are back, in the reader's language."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

from bot.i18n import is_chinese

DAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
_SPAN = re.compile(r"^\s*(?P<days>[a-z]{3}(?:\s*-\s*[a-z]{3})?(?:\s*,\s*[a-z]{3}(?:\s*-\s*[a-z]{3})?)*)\s+"
                   r"(?P<start>\d{1,2}:\d{2})\s*-\s*(?P<end>\d{1,2}:\d{2})\s*$", re.IGNORECASE)


@dataclass(frozen=True)
class Span:
    """Hours on some weekdays (0 = Monday): from ``start`` to ``end`` (exclusive)."""

    days: frozenset[int]
    start: time
    end: time


def _clock(text: str) -> time:
    hours, minutes = (int(part) for part in text.split(":"))
    if hours == 24 and minutes == 0:
        return time.max
    return time(hours, minutes)


def _days(text: str) -> frozenset[int]:
    chosen: set[int] = set()
    for part in text.lower().split(","):
        first, _, last = (piece.strip() for piece in part.partition("-"))
        if first not in DAYS or (last and last not in DAYS):
            raise ValueError(f"unknown weekday in {part.strip()!r} (use Mon … Sun)")
        start, stop = DAYS.index(first), DAYS.index(last or first)
        day = start
        while True:
            chosen.add(day)
            if day == stop:
                break
            day = (day + 1) % 7
    return frozenset(chosen)


@dataclass(frozen=True)
class WorkingHours:
    spans: tuple[Span, ...]
    zone: ZoneInfo
    text: str

    @classmethod
    def parse(cls, text: str, timezone: str = "Asia/Taipei") -> WorkingHours:
        """``"Mon-Fri 10:00-18:00"``, several spans separated by ``;``. Raises ValueError when unreadable."""
        spans = []
        for chunk in filter(str.strip, text.split(";")):
            match = _SPAN.match(chunk)
            if match is None:
                raise ValueError(f"working hours {chunk.strip()!r}: expected e.g. 'Mon-Fri 10:00-18:00'")
            start, end = _clock(match["start"]), _clock(match["end"])
            if end <= start:
                raise ValueError(f"working hours {chunk.strip()!r}: the end is not after the start")
            spans.append(Span(_days(match["days"]), start, end))
        if not spans:
            raise ValueError("no working hours given")
        return cls(tuple(spans), ZoneInfo(timezone), text)

    def is_open(self, moment: datetime) -> bool:
        local = moment.astimezone(self.zone)
        return any(local.weekday() in span.days and span.start <= local.time() < span.end for span in self.spans)

    def next_opening(self, moment: datetime) -> datetime:
        """The next time staff are in (``moment`` itself when they are in now), in the desk's time zone."""
        local = moment.astimezone(self.zone)
        if self.is_open(local):
            return local
        for offset in range(8):
            day = (local + timedelta(days=offset)).date()
            starts = sorted(span.start for span in self.spans if day.weekday() in span.days)
            for start in starts:
                candidate = datetime.combine(day, start, tzinfo=self.zone)
                if candidate > local:
                    return candidate
        raise ValueError("working hours without any opening")  # pragma: no cover - parse() forbids it

    def describe(self, locale: str) -> str:
        """The hours in the reader's language: "Mon–Fri 10:00–18:00" / "週一–週五 10:00–18:00"."""
        from babel.dates import get_day_names  # Babel's CLDR data only when staff hours are shown

        names = get_day_names("abbreviated", locale=_babel(locale))
        parts = []
        for span in self.spans:
            days = sorted(span.days)
            runs: list[str] = []
            run = [days[0]]
            for day in days[1:]:
                if day == run[-1] + 1:
                    run.append(day)
                else:
                    runs.append(_run(run, names))
                    run = [day]
            runs.append(_run(run, names))
            end = "24:00" if span.end == time.max else span.end.strftime("%H:%M")
            parts.append(f"{', '.join(runs)} {span.start.strftime('%H:%M')}–{end}")
        return "; ".join(parts)


def _run(days: list[int], names: object) -> str:
    lookup = names  # babel's LocaleDataDict: weekday number → name
    first = lookup[days[0]]  # type: ignore[index]
    return str(first) if len(days) == 1 else f"{first}–{lookup[days[-1]]}"  # type: ignore[index]


def _babel(locale: str) -> str:
    return "zh_Hant_TW" if is_chinese(locale) else "en"


def format_moment(moment: datetime, locale: str) -> str:
    """A weekday, ISO date and time: "Monday 2026-11-23 10:00" / "星期一 2026-11-23 10:00"."""
    from babel.dates import format_datetime  # Babel's CLDR data only when a moment is shown

    return format_datetime(moment, "EEEE yyyy-MM-dd HH:mm", tzinfo=moment.tzinfo, locale=_babel(locale))
