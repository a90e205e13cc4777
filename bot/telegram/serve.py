"""Running a Telegram door until SIGINT/SIGTERM: migrate, start the door (polling or webhook), the health
listener, the help desk's web listener, the reminder dispatcher and the housekeeping, then shut down cleanly
(in-flight updates finish, the database closes) and return the process's exit code."""

from __future__ import annotations

import asyncio
import logging
import os
import signal
import socket
from collections.abc import Callable
from contextlib import AbstractAsyncContextManager, suppress
from typing import Any

from bot.app import build_app
from bot.config import Settings
from bot.engine.engine import Engine
from bot.engine.maintenance import Maintenance
from bot.ops.health import Readiness, health_listener
from bot.ops.startup import EXIT_CONFIG, StartupFailure
from bot.reminders.dispatcher import ReminderDispatcher
from bot.telegram.errors import describe
from bot.webapp.server import desk_listener

_log = logging.getLogger(__name__)


Running = Callable[[Settings, Engine], AbstractAsyncContextManager["asyncio.Future[None]"]]


async def serve(settings: Settings, running: Running) -> int:
    """Migrate, run the door (``running`` yields a future that completes if the door stops on its
    own) until SIGINT or SIGTERM, then shut down cleanly: in-flight updates finish, the database
    closes. Returns the process exit code."""
    app = build_app(settings)
    await app.start()
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    handled: list[signal.Signals] = []
    for sig in (signal.SIGINT, signal.SIGTERM):
        with suppress(NotImplementedError, RuntimeError):  # not on Windows: KeyboardInterrupt then
            loop.add_signal_handler(sig, stop.set)
            handled.append(sig)
    readiness = Readiness(app.db, stale_after=max(3.0 * settings.poll_timeout, 90.0))
    try:
        async with health_listener(settings.health_listen, readiness), running(settings, app.engine) as finished, \
                desk_listener(settings, app.engine):
            _log.info("bot is running; stop with Ctrl+C or SIGTERM")
            worker = f"{socket.gethostname()}:{os.getpid()}"
            dispatcher = ReminderDispatcher(app.db, app.engine.sealer, app.engine.services.notifier, worker)
            reminders = asyncio.create_task(dispatcher.run(settings.reminder_interval))
            housekeeping = asyncio.create_task(Maintenance(
                app.db, app.engine.sealer, app.engine.services.files, app.engine.services.notifier,
                settings.retention_days).run(settings.maintenance_interval))
            stopping: asyncio.Future[Any] = asyncio.ensure_future(stop.wait())
            waiting: list[asyncio.Future[Any]] = [stopping, finished]
            try:
                await asyncio.wait(waiting, return_when=asyncio.FIRST_COMPLETED)
            finally:
                stopping.cancel()
                reminders.cancel()
                housekeeping.cancel()
                # let them unwind (transaction rolled back, connection returned) before the door and the database
                # close: a task cancelled in mid-statement and left behind can keep asyncio.run from ever ending
                await asyncio.gather(reminders, housekeeping, return_exceptions=True)
            if finished.done() and not finished.cancelled() and (exc := finished.exception()) is not None:
                raise exc
    except StartupFailure as failure:  # 401 or 409 while running: advice, and no restart (exit 2)
        _log.error("%s", failure)
        return EXIT_CONFIG
    except Exception as exc:  # library errors may quote the token (PTB's InvalidToken does): no message
        _log.error("the Telegram door stopped: %s", describe(exc))
        return 1
    finally:
        for sig in handled:
            loop.remove_signal_handler(sig)
        await app.close()
    _log.info("bot stopped")
    return 0


def never() -> asyncio.Future[None]:
    """A future that completes only when cancelled: for a door that cannot stop on its own."""
    return asyncio.get_running_loop().create_future()
