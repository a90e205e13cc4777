"""CLI commands of the export area: ``goldcard-bot export`` and ``goldcard-bot import``.

- ``export (--user ID | --draft FILE) --out DIR [--lang zh_TW|en] [--today YYYY-MM-DD]`` writes
  ``draft.json``, ``copy-sheet.pdf`` and ``goldcard-export-<date>.zip`` into DIR. With ``--user`` the
  user's current draft comes from the database (the environment: DATA_DIR, DATABASE_URL, ENCRYPTION_KEYS),
  with their finished documents from the sealed file store, and ``--lang`` defaults to the user's
  language; with ``--draft`` the draft (an export, or a bare draft as ``check-draft`` takes) comes from a
  file. An incomplete draft is exported too, marked INCOMPLETE.
- ``import FILE --user ID [--label NAME] [--today YYYY-MM-DD]`` stores the draft of an export as a NEW
  draft of that user and makes it their current one; the shared rules then report what is missing or
  refused (counts only).

Exit codes: 0 done; 1 the export or import failed (cannot write, database error); 2 the input is not a
draft (unreadable, not JSON, wrong shape, unknown user or no draft). Messages name files, counts and
places, never the draft's values.

``bot.cli`` calls :func:`add_commands` with its argparse subparsers; heavy imports stay in the handlers.
"""

from __future__ import annotations

import argparse
import asyncio
import stat
import sys
from datetime import date, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any
from zoneinfo import ZoneInfo

from bot.i18n import SUPPORTED_LOCALES, _, render

if TYPE_CHECKING:
    from bot.config import Settings
    from bot.export.documents import ExportDocument
    from bot.forms.draft import ApplicationDraft

EXIT_OK, EXIT_FAILED, EXIT_NOT_A_DRAFT = 0, 1, 2
TAIPEI = ZoneInfo("Asia/Taipei")


def add_commands(subparsers: Any) -> None:
    """Register ``export`` and ``import`` on the main CLI's subparsers."""
    export = subparsers.add_parser(
        "export", help="export a draft: JSON, PDF copy sheet and ZIP with the documents",
        description="Write draft.json, copy-sheet.pdf and a ZIP (with the documents) into --out. "
                    "Exit 0: written (an incomplete draft is marked INCOMPLETE); 1: failed; 2: not a draft.")
    source = export.add_mutually_exclusive_group(required=True)
    source.add_argument("--user", type=int, help="the user whose current draft to export (from the database)")
    source.add_argument("--draft", type=Path, metavar="FILE", help="a draft export or a bare draft (JSON)")
    export.add_argument("--out", type=Path, required=True, metavar="DIR", help="folder to write the files into")
    export.add_argument("--lang", choices=SUPPORTED_LOCALES, default=None,
                        help="language of the copy sheet's text (default: the user's, else en)")
    export.add_argument("--today", type=_iso_date, default=None,
                        help="the date to check the rules against and to print (YYYY-MM-DD; default: today "
                             "in Taipei)")
    export.set_defaults(handler=run_export)

    load = subparsers.add_parser(
        "import", help="load a JSON draft export into a new draft of a user",
        description="Store the draft of FILE as a new draft of --user and make it current. "
                    "Exit 0: imported; 1: failed; 2: not a draft.")
    load.add_argument("file", type=Path, metavar="FILE", help="draft.json of an export (or a bare draft)")
    load.add_argument("--user", type=int, required=True, help="the user who gets the new draft")
    load.add_argument("--label", default=None, help="name of the new draft (default: the export's)")
    load.add_argument("--today", type=_iso_date, default=None,
                      help="the date to check the rules against (YYYY-MM-DD; default: today in Taipei)")
    load.set_defaults(handler=run_import)


def _iso_date(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a date in YYYY-MM-DD form: {text!r}") from None


def _today(args: argparse.Namespace) -> date:
    given: date | None = args.today
    return given or datetime.now(TAIPEI).date()


def _say(text: str) -> None:
    sys.stdout.write(text + "\n")


def _fail(text: str, details: tuple[str, ...] = ()) -> None:
    sys.stderr.write(text + "\n")
    for detail in details[:20]:
        sys.stderr.write(f"  {detail}\n")


# -- export ---------------------------------------------------------------------------------------


def run_export(args: argparse.Namespace) -> int:
    from bot.export.json_file import ImportRefused, read_export

    today = _today(args)
    documents: tuple[ExportDocument, ...] = ()
    if args.draft is not None:
        try:
            exported = read_export(Path(args.draft).read_bytes())
        except OSError as exc:
            _fail(f"not a draft: cannot read {args.draft}: {exc.strerror or type(exc).__name__}")
            return EXIT_NOT_A_DRAFT
        except ImportRefused as exc:
            _fail(f"not a draft: {args.draft} is {exc.reason}", exc.details)
            return EXIT_NOT_A_DRAFT
        draft, label, locale = exported.draft, exported.label, args.lang or "en"
    else:
        loaded = _load_user_draft(args.user)
        if isinstance(loaded, int):
            return loaded
        draft, label, documents, user_locale = loaded
        locale = args.lang or user_locale or "en"
    return _write(draft, label, documents, locale, today, Path(args.out))


def _write(draft: ApplicationDraft, label: str | None, documents: tuple[ExportDocument, ...], locale: str,
           today: date, out: Path) -> int:
    from bot.export.bundle import build_export, write_export

    bundle = build_export(draft, locale=locale, today=today, label=label, documents=documents)
    try:
        paths = write_export(bundle, out)
    except OSError as exc:
        _fail(f"cannot write into {out}: {exc.strerror or type(exc).__name__}")
        return EXIT_FAILED
    for path in paths:
        _say(f"wrote {path} ({path.stat().st_size} bytes)")
    from bot.forms.verdict_text import verdict_lines

    _say(render(_("{count} document(s) included.", count=len(documents)), locale))
    for line in verdict_lines(bundle.verdict, locale):
        _say(render(line, locale))
    return EXIT_OK


def _settings() -> Settings:
    from bot.config import Settings

    return Settings.from_environment()


def _load_user_draft(user_id: int) -> tuple[ApplicationDraft, str, tuple[ExportDocument, ...], str | None] | int:
    from bot.app import build_app
    from bot.documents.file_stores import open_file_store
    from bot.export.documents import uploaded_documents
    from bot.export.stored import NoDraft, load_current_draft
    from storage.crypto import Sealer

    settings = _settings()

    async def load() -> Any:
        app = build_app(settings)
        await app.start()
        try:
            return await load_current_draft(app.db, Sealer(settings.key_ring()), user_id)
        finally:
            await app.close()

    from sqlalchemy.exc import SQLAlchemyError

    try:
        stored = asyncio.run(load())
    except (OSError, SQLAlchemyError) as exc:
        _fail(f"export failed: cannot read the database ({type(exc).__name__})")
        return EXIT_FAILED
    except NoDraft:
        _fail(f"not a draft: user {user_id} has no draft")
        return EXIT_NOT_A_DRAFT
    except ValueError as exc:  # stored answers that no longer fit the model
        _fail(f"not a draft: the stored draft of user {user_id} does not fit the form ({type(exc).__name__})")
        return EXIT_NOT_A_DRAFT
    files = open_file_store(settings)  # the directory, or the database with PostgreSQL
    try:
        documents = uploaded_documents(stored.sections, lambda sha256: files.get(user_id, sha256))
    finally:
        files.close()
    return stored.draft, stored.label, documents, stored.locale


# -- import ---------------------------------------------------------------------------------------


def run_import(args: argparse.Namespace) -> int:
    from bot.export.import_check import refused_labels, screen
    from bot.export.json_file import MAX_BYTES, MAX_LABEL, ImportRefused, read_export

    try:
        info = Path(args.file).stat()
        if not stat.S_ISREG(info.st_mode) or info.st_size > MAX_BYTES:  # bounded before reading
            _fail(f"not a draft: {args.file} is not a regular file of at most {MAX_BYTES} bytes")
            return EXIT_NOT_A_DRAFT
        exported = read_export(Path(args.file).read_bytes())
    except OSError as exc:
        _fail(f"not a draft: cannot read {args.file}: {exc.strerror or type(exc).__name__}")
        return EXIT_NOT_A_DRAFT
    except ImportRefused as exc:
        _fail(f"not a draft: {args.file} is {exc.reason}. {render(exc.message, 'en')}", exc.details)
        return EXIT_NOT_A_DRAFT
    today = _today(args)
    label = (args.label or "").strip()[:MAX_LABEL] or exported.label
    checked, refused = screen(exported.draft, today)
    if refused:
        _say("left out, refused by the form's rules: " + "; ".join(refused_labels(refused, "en")))
    return _store(checked, label, args.user, today)


def _store(draft: ApplicationDraft, label: str | None, user_id: int, today: date) -> int:
    from bot.app import build_app
    from bot.export.stored import import_draft, user_locale
    from storage.crypto import Sealer

    settings = _settings()

    async def store() -> tuple[str, str]:
        app = build_app(settings)
        await app.start()
        try:
            locale = await user_locale(app.db, user_id) or settings.default_locale
            name = label or render(_("Imported on {date}", date=today), locale)
            draft_id = await import_draft(app.db, Sealer(settings.key_ring()), user_id, draft, name)
            return draft_id, locale
        finally:
            await app.close()

    from sqlalchemy.exc import SQLAlchemyError

    try:
        draft_id, _locale = asyncio.run(store())
    except (OSError, SQLAlchemyError) as exc:
        _fail(f"import failed: {type(exc).__name__}")
        return EXIT_FAILED
    from bot.forms.draft_io import to_draft, to_sections
    from bot.forms.verdict import verdict
    from bot.forms.verdict_text import headline

    imported = verdict(to_draft(to_sections(draft), today), today)  # as stored: confirmed again in the chat
    _say(f"imported into a new draft {draft_id} of user {user_id}, now their current draft")
    _say(f"as of {today.isoformat()}: {render(headline(imported), 'en')}")
    return EXIT_OK
