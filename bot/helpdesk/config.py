"""The help desk's configuration as the hooks see it: the staff group, the staff ids, working hours, the
staff group's language.

The help desk's feature (:class:`DeskFeature`, registered on the engine's ``Services``) holds it; the
Telegram doors ``attach`` it from Settings when they are built. Without one (the console), there is no
staff: questions are still answered, a person is not offered through the bot.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import TYPE_CHECKING

from bot.engine.core import Feature, Services, TurnCore
from bot.helpdesk.hours import WorkingHours

if TYPE_CHECKING:
    from bot.config import Settings


def default_hours() -> WorkingHours:
    return WorkingHours.parse("Mon-Fri 10:00-18:00", "Asia/Taipei")


def utc_now() -> datetime:
    return datetime.now(UTC)


@dataclass(frozen=True)
class DeskConfig:
    staff_chat_id: int | None = None
    staff_ids: frozenset[int] = frozenset()
    hours: WorkingHours = field(default_factory=default_hours)
    staff_locale: str = "zh_TW"
    clock: Callable[[], datetime] = utc_now  # replaceable in tests

    @classmethod
    def from_settings(cls, settings: Settings) -> DeskConfig:
        return cls(staff_chat_id=settings.staff_chat_id, staff_ids=frozenset(settings.staff_ids),
                   hours=WorkingHours.parse(settings.staff_hours, settings.staff_timezone),
                   staff_locale=settings.staff_locale)

    @property
    def reachable(self) -> bool:
        """A person can be asked through the bot: there is a staff group."""
        return self.staff_chat_id is not None

    def is_staff(self, user_id: int) -> bool:
        return user_id in self.staff_ids

    def now(self) -> datetime:
        return self.clock()


class DeskFeature(Feature):
    """The help desk as registered on the engine's services: it holds the desk's configuration (its hooks
    are :class:`bot.helpdesk.plugin.HelpDesk`'s)."""

    def __init__(self, config: DeskConfig | None = None) -> None:
        self.config = config or DeskConfig()


def attach(services: Services, config: DeskConfig) -> None:
    """Give the registered help desk its configuration (the doors call this); no help desk, nothing to do."""
    desk = services.feature(DeskFeature)
    if desk is not None:
        desk.config = config


def desk_of(turn: TurnCore) -> DeskConfig:
    desk = turn.services.feature(DeskFeature)
    return desk.config if desk is not None else DeskConfig()
