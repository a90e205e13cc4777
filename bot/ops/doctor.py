"""``goldcard-bot doctor``: checks a deployment as Telegram and the server see it, and says what to fix.

Each check gives one :class:`Finding` (ok, or what is wrong and how to fix it): the settings, the token
(``getMe``), the webhook (``getWebhookInfo``), the database (reachable, schema current), the key file's
permissions, the zh_TW catalogs, and the staff group (reachable, a forum, the bot an admin that may manage
topics). Nothing personal is read.
"""

from __future__ import annotations

import stat
from dataclasses import dataclass
from typing import Any

from bot.config import Settings
from bot.ops.startup import TOKEN_REFUSED, BotApiError, bot_api, settings_problems


@dataclass(frozen=True)
class Finding:
    ok: bool
    topic: str
    text: str

    def __str__(self) -> str:
        return f"{'ok ' if self.ok else 'FIX'} {self.topic}: {self.text}"


async def run_doctor(settings: Settings, *, delete_webhook: bool = False) -> list[Finding]:
    findings = [Finding(False, "settings", problem) for problem in settings_problems(settings)]
    if not findings:
        findings.append(Finding(True, "settings", "every setting is valid"))
    findings.append(check_key_file(settings))
    findings.append(check_catalogs())
    findings.append(await check_database(settings))
    findings.extend(await check_telegram(settings, delete_webhook=delete_webhook))
    return findings


def check_key_file(settings: Settings) -> Finding:
    if settings.encryption_keys is not None and settings.encryption_keys.get_secret_value().strip():
        return Finding(True, "key", "ENCRYPTION_KEYS is set (keep a copy apart from the backups)")
    path = settings.data_dir / "secret.key"
    if not path.exists():
        return Finding(False, "key", f"no ENCRYPTION_KEYS and no {path}: the first start generates one; "
                       "better: `goldcard-bot keygen` into ENCRYPTION_KEYS (systemd: LoadCredential or an "
                       "EnvironmentFile readable by the service only)")
    mode = stat.S_IMODE(path.stat().st_mode)
    if mode & 0o077:
        return Finding(False, "key", f"{path} is readable by others (mode {mode:o}): `chmod 600 {path}`")
    return Finding(True, "key", f"{path} is private (mode {mode:o}); keep a copy apart from the backups")


def check_catalogs() -> Finding:
    from bot.i18n import Msg, render

    try:
        text = render(Msg("Main menu"), "zh_TW")  # a msgid every catalog set translates
    except Exception as exc:
        return Finding(False, "catalogs", f"the zh_TW catalogs cannot be read ({type(exc).__name__}): reinstall")
    if text == "Main menu":
        return Finding(False, "catalogs", "zh_TW replies would be in English: the .po files are missing; reinstall")
    return Finding(True, "catalogs", "zh_TW catalogs load")


async def check_database(settings: Settings) -> Finding:
    from storage.db import Database, script_heads

    db = Database(settings.effective_database_url)
    try:
        revisions = await db.revisions()
        heads = script_heads()
        from sqlalchemy import text

        async with db.engine.connect() as connection:
            await connection.execute(text("SELECT 1"))
    except Exception as exc:
        return Finding(False, "database", f"unreachable ({type(exc).__name__}): check DATABASE_URL, the server, "
                       "and the password")
    finally:
        await db.dispose()
    if revisions is None:
        return Finding(False, "database", "reachable but empty: run `goldcard-bot migrate` (or start the bot)")
    if heads is not None and revisions != heads:
        return Finding(False, "database", "schema older than this version: run `goldcard-bot migrate`")
    return Finding(True, "database", "reachable, schema current")


async def check_telegram(settings: Settings, *, delete_webhook: bool) -> list[Finding]:
    if settings.telegram_bot_token is None:
        return [Finding(False, "token", "TELEGRAM_BOT_TOKEN is not set: create the bot with @BotFather (DEPLOY.md)")]
    try:
        me: dict[str, Any] = await bot_api(settings, "getMe")
    except BotApiError as error:
        if error.code in (401, 404):
            return [Finding(False, "token", TOKEN_REFUSED)]
        return [Finding(False, "token", f"Telegram answered {error.code}; try again later")]
    except Exception as exc:
        return [Finding(False, "token", f"Telegram unreachable ({type(exc).__name__}): check the network, "
                        "a proxy, or TELEGRAM_API_URL")]
    findings = [Finding(True, "token", f"valid: @{me.get('username')}")]
    if not me.get("supports_inline_queries"):
        findings.append(Finding(False, "inline mode", "off: @BotFather → /setinline (answers with @botname QUESTION)"))
    findings.append(await _webhook(settings, delete_webhook))
    if settings.staff_chat_id is not None:
        findings.extend(await _staff_group(settings, int(me["id"])))
    return findings


async def _webhook(settings: Settings, delete_webhook: bool) -> Finding:
    if delete_webhook:
        await bot_api(settings, "deleteWebhook", {"drop_pending_updates": False})
    info: dict[str, Any] = await bot_api(settings, "getWebhookInfo")
    url = str(info.get("url") or "")
    if not url:
        return Finding(True, "webhook", "none set: `goldcard-bot run` polls")
    host = url.split("/")[2] if url.count("/") >= 2 else "?"
    if info.get("last_error_message"):
        return Finding(False, "webhook", f"set to {host}, and Telegram reports delivery errors "
                       f"({info['last_error_message']}): check the proxy, TLS and `run --webhook --listen`")
    return Finding(False, "webhook", f"set to {host}: a polling `goldcard-bot run` will refuse to start; run every "
                   "worker with `--webhook URL`, or remove it with `goldcard-bot doctor --delete-webhook`")


async def _staff_group(settings: Settings, bot_id: int) -> list[Finding]:
    chat_id = settings.staff_chat_id
    try:
        chat: dict[str, Any] = await bot_api(settings, "getChat", {"chat_id": chat_id})
        member: dict[str, Any] = await bot_api(settings, "getChatMember", {"chat_id": chat_id, "user_id": bot_id})
    except BotApiError as error:
        return [Finding(False, "staff group", f"STAFF_CHAT_ID {chat_id} unreachable ({error.description}): add the "
                        "bot to the group, then send /whoami there to see the id")]
    findings = [Finding(True, "staff group", f"reachable ({chat.get('type')})")]
    if not chat.get("is_forum"):
        findings.append(Finding(False, "staff group", "topics are off: group settings → Topics on (one topic per "
                                "applicant)"))
    if member.get("status") not in ("administrator", "creator"):
        findings.append(Finding(False, "staff group", "the bot is not an admin: make it an admin that may manage "
                                "topics"))
    elif chat.get("is_forum") and not member.get("can_manage_topics"):
        findings.append(Finding(False, "staff group", "the bot may not manage topics: give it that right"))
    return findings
