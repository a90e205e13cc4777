"""The composition root: ``build_app(settings)`` wires database, keys, flows and engine once."""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date

from bot import log_redaction
from bot.config import Settings
from bot.dialogs import FLOWS
from bot.dialogs.draft_io import review_findings
from bot.documents.store import FileStore
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

    async def close(self) -> None:
        await self.db.dispose()


def build_app(settings: Settings, *, today: Callable[[], date] = taipei_today) -> App:
    """Wire the application once; ``today`` is replaceable so tests run on a fixed date."""
    db = Database(settings.effective_database_url)
    options = EngineOptions(default_locale=settings.default_locale, retention_days=settings.retention_days,
                            operator=settings.operator_name, checker=review_findings)
    sealer = Sealer(settings.key_ring())
    services = Services(files=FileStore(settings.data_dir / "files", sealer))
    engine = Engine(db, sealer, FLOWS, today=today, options=options, services=services)
    return App(settings=settings, db=db, engine=engine)


def configure_logging(level: str, secrets: Iterable[str] = ()) -> None:
    """Log at ``level``, every record redacted (``bot.log_redaction``: no values, no token)."""
    logging.basicConfig(level=level.upper(), format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    log_redaction.install(secrets)
    # Libraries log request URLs, which carry the bot token (redacted anyway); keep them quiet.
    for noisy in ("httpx", "httpcore", "aiogram.event", "telegram.ext.Updater"):
        logging.getLogger(noisy).setLevel(logging.WARNING)


def log_secrets(settings: Settings) -> list[str]:
    """What no log line may show: the bot token and the webhook secret."""
    return [secret.get_secret_value() for secret in (settings.telegram_bot_token, settings.webhook_secret)
            if secret is not None]
