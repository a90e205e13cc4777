"""The composition root: ``build_app(settings)`` wires database, keys, flows and engine once."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

from bot.config import Settings
from bot.dialogs import FLOWS
from bot.dialogs.draft_io import review_findings
from bot.documents.file_stores import open_file_store
from bot.engine.engine import Engine, taipei_today
from bot.engine.intake import Services
from bot.engine.turn import EngineOptions
from storage.crypto import Sealer
from storage.db import Database


@dataclass
class App:
    settings: Settings
    db: Database
    engine: Engine

    async def start(self) -> None:
        await self.db.migrate()
        from bot.faq.search import warm_up

        warm_up()  # the FAQ index is built in the background: the first question waits for nothing

    async def close(self) -> None:
        if self.engine.services.files is not None:
            await asyncio.to_thread(self.engine.services.files.close)
        await self.db.dispose()


def build_app(settings: Settings, *, today: Callable[[], date] = taipei_today) -> App:
    """Wire the application once; ``today`` is replaceable so tests run on a fixed date."""
    db = Database(settings.effective_database_url)
    options = EngineOptions(default_locale=settings.default_locale, retention_days=settings.retention_days,
                            operator=settings.operator_name, checker=review_findings,
                            webapp_url=settings.webapp_url)
    sealer = Sealer(settings.key_ring())
    services = Services(files=open_file_store(settings, sealer))
    engine = Engine(db, sealer, FLOWS, today=today, options=options, services=services)
    return App(settings=settings, db=db, engine=engine)


def configure_logging(level: str, log_format: str = "text") -> None:
    logging.basicConfig(level=level.upper(), format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    if log_format == "json":
        from bot.ops.logs import use_json

        use_json()
    # Libraries log request URLs, which carry the bot token; keep them quiet.
    for noisy in ("httpx", "httpcore", "aiogram.event", "telegram.ext.Updater"):
        logging.getLogger(noisy).setLevel(logging.WARNING)
