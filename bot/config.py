"""Settings from the environment and a ``.env`` file, checked by pydantic; see ``.env.example``.

``Settings.from_environment()`` reads them as the bot runs: a variable of the environment wins over the same
line of ``.env`` (read with python-dotenv), names are case-insensitive, and an empty value (``STAFF_CHAT_ID=``
as ``.env.example`` has it) means the default. ``Settings(...)`` takes its arguments only, nothing from the
environment (tests).
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, SecretStr, field_validator

from bot.helpdesk.hours import WorkingHours  # STAFF_HOURS is checked at start-up, not at the first ticket
from storage.crypto import KeyProblem, decode_key, load_or_create_key_file

ENV_FILE = Path(".env")


class Settings(BaseModel):
    model_config = ConfigDict(extra="ignore", validate_default=True)

    telegram_bot_token: SecretStr | None = Field(None, description="Bot token from @BotFather")
    telegram_api_url: str = Field("https://api.telegram.org",
                                  description="Bot API server base URL (a local Bot API server, or tests)")
    transport: Literal["ptb", "aiogram"] = Field("ptb", description="Telegram library used by `run`")
    data_dir: Path = Field(Path("data"), description="Embedded database, keys and stored files")
    database_url: str | None = Field(None, description="SQLAlchemy URL; default SQLite in DATA_DIR")
    encryption_keys: SecretStr | None = Field(
        None, description="Comma-separated base64 keys, newest first; default: generated into DATA_DIR")
    default_locale: Literal["en", "zh_TW"] = "en"
    log_level: str = "INFO"
    log_format: Literal["text", "json"] = Field("text", description="Log lines as text, or one JSON object each")
    health_listen: str | None = Field(None, description="HOST:PORT of /healthz, /readyz and /metrics; none: off")
    retention_days: int = Field(90, ge=7, description="Drafts untouched this long are deleted (warned a week before)")
    operator_name: str = Field("Gold Card Guide", description="Who runs the bot, as the privacy notice names it")
    poll_timeout: int = Field(30, description="Long-polling timeout in seconds")
    webhook_secret: SecretStr | None = Field(
        None, description="Secret token Telegram sends with each webhook request (setWebhook secret_token)")
    webapp_url: str | None = Field(None, description="Public HTTPS URL of the copy desk (the Mini App), served by "
                                   "a reverse proxy from WEBAPP_LISTEN")
    webapp_listen: str | None = Field(None, description="HOST:PORT the copy desk listens on, e.g. 127.0.0.1:8081")
    send_rate: float = Field(30.0, gt=0, description="Outgoing messages a second, overall (Telegram: about 30)")
    chat_send_rate: float = Field(1.0, gt=0, description="Outgoing messages a second in one chat (Telegram: about 1)")
    chat_send_burst: int = Field(8, ge=1, description="Messages one chat may get back to back before chat_send_rate")
    maintenance_interval: float = Field(3600.0, gt=0, description="Seconds between runs of the retention purge")
    reminder_interval: float = Field(30.0, gt=0, description="Seconds between runs that send due reminders")
    # the help desk (bot/helpdesk): a staff group, its members' ids, and when they answer
    staff_chat_id: int | None = Field(None, description="Chat id of the help-desk staff group (a supergroup; with "
                                      "topics enabled each applicant gets a topic)")
    staff_ids: tuple[int, ...] = Field(
        (), description="Numeric Telegram user ids of help-desk staff, comma-separated")
    staff_hours: str = Field("Mon-Fri 10:00-18:00", description="When staff answer, e.g. 'Mon-Fri 10:00-18:00; "
                             "Sat 10:00-12:00'")
    staff_timezone: str = Field("Asia/Taipei", description="Time zone of STAFF_HOURS (IANA name)")
    staff_locale: Literal["en", "zh_TW"] = Field("zh_TW", description="Language of the notes in the staff group")

    @classmethod
    def from_environment(cls, env_file: Path | None = ENV_FILE, environ: Mapping[str, str] | None = None,
                         **values: Any) -> Settings:
        """The settings of ``environ`` (default: the process's environment) over those of ``env_file`` (when
        it exists), then ``values``. Raises pydantic's ``ValidationError`` naming each wrong setting."""
        names = {name.upper(): name for name in cls.model_fields}
        sources: list[Mapping[str, str | None]] = []
        if env_file is not None and env_file.is_file():
            from dotenv import dotenv_values  # only when there is a .env file

            sources.append(dotenv_values(env_file, encoding="utf-8"))
        sources.append(os.environ if environ is None else environ)
        found: dict[str, Any] = {}
        for source in sources:
            for key, value in source.items():
                name = names.get(key.upper())
                if name is not None and value:  # empty: the default
                    found[name] = value
        return cls(**{**found, **values})

    @field_validator("staff_ids", mode="before")
    @classmethod
    def _comma_separated_ids(cls, value: Any) -> Any:
        if isinstance(value, str):
            return tuple(int(part) for part in value.replace(";", ",").split(",") if part.strip())
        if isinstance(value, int):
            return (value,)
        return value

    @field_validator("staff_hours")
    @classmethod
    def _valid_hours(cls, value: str) -> str:
        WorkingHours.parse(value, "UTC")
        return value

    @field_validator("staff_timezone")
    @classmethod
    def _valid_timezone(cls, value: str) -> str:
        from zoneinfo import ZoneInfo

        try:
            ZoneInfo(value)
        except (KeyError, ValueError) as error:
            raise ValueError(f"unknown time zone {value!r}") from error
        return value

    @property
    def effective_database_url(self) -> str:
        return self.database_url or f"sqlite+aiosqlite:///{self.data_dir / 'goldcard.db'}"

    @property
    def key_file(self) -> Path | None:
        """The embedded default's key file (None when ENCRYPTION_KEYS is set)."""
        if self.encryption_keys is not None and self.encryption_keys.get_secret_value().strip():
            return None
        return self.data_dir / "secret.key"

    def key_ring(self) -> list[bytes]:
        if self.key_file is None:
            assert self.encryption_keys is not None
            parts = [part for part in self.encryption_keys.get_secret_value().split(",") if part.strip()]
            try:
                return [decode_key(part) for part in parts]
            except ValueError as exc:
                raise KeyProblem("ENCRYPTION_KEYS holds a value that is not a key (32 bytes, base64 encoded, "
                                 "comma-separated): fix it or create one with `goldcard-bot keygen`") from exc
        return [decode_key(load_or_create_key_file(self.key_file))]
