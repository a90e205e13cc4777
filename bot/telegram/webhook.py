"""Webhook mode: Telegram POSTs each update to this server (aiohttp), and several workers can share one
PostgreSQL database behind a load balancer.

Every request must carry the secret token header set with ``setWebhook`` (compared in constant time;
missing → 401, wrong → 403, and nothing is handled); a body that is not an update object gets 400. Each
update is stored on arrival and one user's updates are applied in ``update_id`` order across workers
(:mod:`bot.telegram.ordered`, ``storage.inbox_order``). An update is handled in full — answer committed,
replies sent — before 200 is returned: a worker that dies mid-way returns nothing, so Telegram delivers
the update again, and the engine's delivery log makes the second delivery harmless (no second effect;
the current question is shown if the replies never went out).
"""

from __future__ import annotations

import asyncio
import hmac
import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any
from urllib.parse import urlsplit

from aiohttp import web
from telegram import Update

from bot import heap
from bot.config import Settings
from bot.engine.engine import Engine
from bot.ops import health as ops_health
from bot.telegram.core import DoorCore, publish
from bot.telegram.door import ALLOWED_UPDATES
from bot.telegram.errors import describe
from bot.telegram.ordered import OrderedDelivery, update_object
from bot.telegram.ptb_door import PtbPort, build_ptb_door
from bot.telegram.serve import never
from storage.inbox_order import OrderedInbox

_log = logging.getLogger(__name__)
SECRET_HEADER = "X-Telegram-Bot-Api-Secret-Token"
MAX_BODY = 1024 * 1024


def parse_listen(listen: str) -> tuple[str, int]:
    """``HOST:PORT`` (``[::1]:8443`` for IPv6) → host, port."""
    host, _, port = listen.rpartition(":")
    if not host or not port.isdigit():
        raise ValueError("--listen takes HOST:PORT, for example 127.0.0.1:8443")
    return host.strip("[]"), int(port)


def secret_ok(given: str | None, expected: str) -> bool:
    return given is not None and hmac.compare_digest(given.encode(), expected.encode())


def webhook_app(engine: Engine, settings: Settings, path: str, core: DoorCore, bot: Any) -> web.Application:
    """The aiohttp application that takes Telegram's POSTs on ``path``."""
    secret = settings.webhook_secret.get_secret_value() if settings.webhook_secret else ""
    ordered = OrderedDelivery(OrderedInbox(engine.db, engine.sealer), core.handle)

    async def receive(request: web.Request) -> web.Response:
        given = request.headers.get(SECRET_HEADER)
        if given is None:
            return web.Response(status=401)
        if not secret_ok(given, secret):
            return web.Response(status=403)
        ops_health.delivered()
        if (request.content_length or 0) > MAX_BODY:
            return web.Response(status=413)
        body = await request.read()
        data = update_object(body)
        if data is None:
            return web.Response(status=400)
        try:
            Update.de_json(data, bot)
        except Exception:  # e.g. "message": {} (KeyError in PTB): not an update, never a 500
            return web.Response(status=400)
        await ordered.receive(data, body)  # handled and answered before Telegram hears back
        return web.Response(status=200)

    async def health(_request: web.Request) -> web.Response:
        return web.Response(text="ok")

    app = web.Application(client_max_size=MAX_BODY)
    app.router.add_post(path, receive)
    app.router.add_get("/healthz", health)
    return app


def running_webhook(url: str, listen: str):  # type: ignore[no-untyped-def]
    """A ``Running`` for :func:`bot.telegram.door.serve`: the webhook server on ``listen`` while the block
    runs; ``setWebhook`` to ``url`` with the secret token on start (the webhook is left in place on stop,
    so other workers keep receiving)."""
    host, port = parse_listen(listen)
    path = urlsplit(url).path or "/"

    @asynccontextmanager
    async def running(settings: Settings, engine: Engine) -> AsyncIterator[asyncio.Future[None]]:
        if settings.webhook_secret is None or len(settings.webhook_secret.get_secret_value()) < 16:
            raise ValueError("WEBHOOK_SECRET (16+ characters: letters, digits, _ or -) is needed for webhook mode")
        core = build_ptb_door(settings, engine)
        ptb: PtbPort = core.port  # type: ignore[assignment]
        ops_health.TELEGRAM.mode = "webhook"
        async with ptb.bot:
            await publish(ptb, settings)
            await ptb.bot.set_webhook(url, secret_token=settings.webhook_secret.get_secret_value(),
                                       allowed_updates=list(ALLOWED_UPDATES), drop_pending_updates=False)
            runner = web.AppRunner(webhook_app(engine, settings, path, core, ptb.bot), access_log=None)
            await runner.setup()
            site = web.TCPSite(runner, host, port)
            await site.start()
            _log.info("webhook listening on %s:%d%s", host, port, path)
            heap.settle()
            finished = never()
            try:
                yield finished
            finally:
                finished.cancel()
                try:
                    await runner.cleanup()
                except Exception as exc:  # pragma: no cover - shutting down anyway
                    _log.warning("webhook server stop: %s", describe(exc))

    return running
