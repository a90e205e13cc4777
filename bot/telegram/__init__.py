"""The Telegram doors: thin python-telegram-bot and aiogram adapters around the engine."""
