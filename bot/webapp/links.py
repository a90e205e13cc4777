"""One-time links into the Mini App for a desktop browser: sent by the bot, used once, within 10 minutes,
by the user they were sent to. Only the SHA-256 of the token is stored (table ``webapp_links``); the token
travels in the link's fragment (``#login=…``), which browsers never send to a server or write to its logs.
"""

from __future__ import annotations

import hashlib
import secrets
from datetime import datetime, timedelta

from sqlalchemy import delete, update
from sqlalchemy.ext.asyncio import AsyncSession

from storage.models import WebappLink, utcnow

LINK_LIFETIME = timedelta(minutes=10)


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


async def issue_link(session: AsyncSession, user_id: int, *, now: datetime | None = None) -> str:
    """A new token for ``user_id`` (stored hashed, in the caller's transaction); expired ones are purged."""
    moment = now or utcnow()
    await session.execute(delete(WebappLink).where(WebappLink.expires_at < moment - LINK_LIFETIME))
    token = secrets.token_urlsafe(32)
    session.add(WebappLink(token_hash=token_hash(token), user_id=user_id, expires_at=moment + LINK_LIFETIME))
    await session.flush()
    return token


async def redeem_link(session: AsyncSession, token: str, *, now: datetime | None = None) -> int | None:
    """The user a token was issued to, marking it used; None when unknown, used or expired. One conditional
    UPDATE decides, so two browsers racing with the same link cannot both get in."""
    if not token or len(token) > 100:
        return None
    moment = now or utcnow()
    claimed = await session.execute(
        update(WebappLink)
        .where(WebappLink.token_hash == token_hash(token), WebappLink.used_at.is_(None),
               WebappLink.expires_at > moment)
        .values(used_at=moment)
        .returning(WebappLink.user_id))
    return claimed.scalar_one_or_none()


def login_url(base_url: str, token: str) -> str:
    """The link the bot sends: the Mini App's page with the token in the fragment."""
    return f"{base_url.rstrip('/')}/#login={token}"
