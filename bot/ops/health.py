"""``/healthz`` (the process is up), ``/readyz`` (it can do its job) and ``/metrics`` on a small aiohttp
listener (``HEALTH_LISTEN``, e.g. ``127.0.0.1:9090``), in polling and webhook modes.

Ready means: the database answers (a ``SELECT`` within a few seconds), Telegram was heard from recently (the
last successful ``getUpdates`` in polling mode; in webhook mode the last delivery is reported but a quiet
hour is no fault), and the inbox holds fewer than ``INBOX_BOUND`` updates. Answers carry no personal data.
"""

from __future__ import annotations

import asyncio
import json
import time
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

from sqlalchemy import func, select

from bot.ops import metrics
from storage.db import Database
from storage.models import InboxUpdate, Reminder

if TYPE_CHECKING:
    from aiohttp import web

INBOX_BOUND = 1000
DATABASE_TIMEOUT = 5.0


@dataclass
class _Telegram:
    mode: str = "polling"
    last_heard: float | None = None  # time.monotonic() of the last getUpdates answer or webhook delivery


TELEGRAM = _Telegram()


def polled() -> None:
    """A ``getUpdates`` answered (called by :mod:`bot.telegram.polling`)."""
    TELEGRAM.last_heard = time.monotonic()


def delivered() -> None:
    """A webhook request arrived (called by :mod:`bot.telegram.webhook`)."""
    TELEGRAM.mode = "webhook"
    TELEGRAM.last_heard = time.monotonic()


@dataclass
class Readiness:
    db: Database
    stale_after: float = 120.0  # polling: seconds without a getUpdates answer before unready
    inbox_bound: int = INBOX_BOUND
    clock: Any = field(default=time.monotonic)

    async def check(self) -> tuple[bool, dict[str, Any]]:
        """Whether the bot is ready, and why (names and numbers only)."""
        report: dict[str, Any] = {}
        ready = True
        try:
            depth, due = await asyncio.wait_for(self._counts(), DATABASE_TIMEOUT)
            report["database"] = "ok"
            report["inbox_depth"] = depth
            metrics.INBOX_DEPTH.set(depth)
            metrics.REMINDERS_DUE.set(due)
            if depth >= self.inbox_bound:
                ready = False
                report["inbox"] = f"{depth} updates waiting (bound {self.inbox_bound})"
        except Exception as exc:  # unreachable, timed out, refused: the type says enough
            ready = False
            report["database"] = f"unreachable ({type(exc).__name__})"
        heard = TELEGRAM.last_heard
        age = None if heard is None else self.clock() - heard
        report["telegram_mode"] = TELEGRAM.mode
        report["telegram_last_heard_seconds"] = None if age is None else round(age, 1)
        if TELEGRAM.mode == "polling" and (age is None or age > self.stale_after):
            ready = False
            report["telegram"] = "no successful getUpdates lately"
        metrics.READY.set(1 if ready else 0)
        return ready, report

    async def _counts(self) -> tuple[int, int]:
        async with self.db.engine.connect() as connection:
            depth = (await connection.execute(select(func.count()).select_from(InboxUpdate))).scalar_one()
            due = (await connection.execute(select(func.count()).select_from(Reminder).where(
                Reminder.status == "pending", Reminder.due_at <= datetime.now(UTC)))).scalar_one()
        return int(depth), int(due)


def health_app(readiness: Readiness) -> web.Application:
    from aiohttp import web  # here: aiohttp's server (~2 MB, ~15 ms) loads only when HEALTH_LISTEN is set

    metrics.enable()  # /metrics can be read from now on: they count

    async def healthz(_request: web.Request) -> web.Response:
        return web.Response(text="ok\n")

    async def readyz(_request: web.Request) -> web.Response:
        ready, report = await readiness.check()
        return web.Response(status=200 if ready else 503, content_type="application/json",
                            text=json.dumps({"ready": ready, **report}))

    async def scrape(_request: web.Request) -> web.Response:
        await readiness.check()  # the database gauges, fresh
        body, content_type = metrics.exposition()
        response = web.Response(body=body)
        response.headers["Content-Type"] = content_type
        return response

    app = web.Application()
    app.router.add_get("/healthz", healthz)
    app.router.add_get("/readyz", readyz)
    app.router.add_get("/metrics", scrape)
    return app


@asynccontextmanager
async def health_listener(listen: str | None, readiness: Readiness) -> AsyncIterator[int | None]:
    """Serve the health endpoints on ``HOST:PORT`` while the block runs (nothing when ``listen`` is None);
    yields the port (useful with port 0)."""
    if not listen:
        yield None
        return
    from aiohttp import web  # here: aiohttp's server (~2 MB, ~15 ms) loads only when HEALTH_LISTEN is set

    host, _, port = listen.rpartition(":")
    runner = web.AppRunner(health_app(readiness), access_log=None)
    await runner.setup()
    site = web.TCPSite(runner, host.strip("[]") or "127.0.0.1", int(port))
    await site.start()
    try:
        yield int(runner.addresses[0][1])
    finally:
        await runner.cleanup()
