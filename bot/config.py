"""Settings from the environment and ``.env`` (pydantic-settings); see ``.env.example``."""

from __future__ import annotations

from pathlib import Path
from typing import Literal

from pydantic import Field, SecretStr
from pydantic_settings import BaseSettings, SettingsConfigDict

from storage.crypto import decode_key, load_or_create_key_file


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_file=".env", env_file_encoding="utf-8", extra="ignore")

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
    retention_days: int = Field(90, ge=7, description="Drafts untouched this long are deleted (warned a week before)")
    operator_name: str = Field("Gold Card Guide", description="Who runs the bot, as the privacy notice names it")
    poll_timeout: int = Field(30, description="Long-polling timeout in seconds")
    webhook_secret: SecretStr | None = Field(
        None, description="Secret token Telegram sends with each webhook request (setWebhook secret_token)")
    reminder_interval: float = Field(30.0, gt=0, description="Seconds between runs that send due reminders")

    @property
    def effective_database_url(self) -> str:
        return self.database_url or f"sqlite+aiosqlite:///{self.data_dir / 'goldcard.db'}"

    def key_ring(self) -> list[bytes]:
        if self.encryption_keys is not None and self.encryption_keys.get_secret_value().strip():
            return [decode_key(part) for part in self.encryption_keys.get_secret_value().split(",")
                    if part.strip()]
        return [decode_key(load_or_create_key_file(self.data_dir / "secret.key"))]
