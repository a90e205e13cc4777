"""Whether the bot may write to a user: Telegram's ``my_chat_member`` says when a user blocks the bot
("kicked") or unblocks it ("member"), and a send refused with 403 "bot was blocked by the user" says the same.
While blocked, the user's reminders wait (``users.blocked_at`` set; the dispatcher skips them) instead of
being retried every run; unblocked, the due ones go out at the next run."""

from __future__ import annotations

from sqlalchemy import update

from storage.db import Database
from storage.models import User, utcnow

BLOCKED_WORDS = ("bot was blocked by the user", "user is deactivated")  # Bot API 403 descriptions


def blocked_by_user(exc: BaseException) -> bool:
    """Whether a failed send (or an error it was raised from) says the user blocked the bot."""
    seen: BaseException | None = exc
    for _depth in range(5):
        if seen is None:
            return False
        text = str(seen).lower()
        if any(words in text for words in BLOCKED_WORDS):
            return True
        seen = seen.__cause__ or seen.__context__
    return False


async def set_blocked(db: Database, user_id: int, blocked: bool) -> None:
    """Pause (``blocked``) or resume the user's reminders; a user the bot does not know yet is left alone."""
    async with db.transaction() as session:
        await session.execute(update(User).where(User.id == user_id)
                              .values(blocked_at=utcnow() if blocked else None))
