"""Catalog upkeep: extract msgids from the code, update the .po files, compile, and check them.

Run ``python -m bot.i18n_catalogs update`` after adding or changing a user-facing text, translate the
new zh_TW entries, then ``python -m bot.i18n_catalogs compile`` (the bot reads the compiled .mo files, kept
beside the .po in the sources) and ``python -m bot.i18n_catalogs check``. The test suite runs the same
check, so a missing, fuzzy or Simplified-Chinese translation, or a .mo that is not its .po compiled, fails
the build.

Each domain has its own catalog, drawn from its own source folders, so separate areas of the code
can be translated without touching one shared file.
"""

from __future__ import annotations

import argparse
import gettext
import io
import re
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from babel.messages.catalog import Catalog
from babel.messages.extract import extract_from_dir, extract_from_file
from babel.messages.pofile import read_po, write_po

from bot.forms.chinese import simplified_characters
from bot.i18n import LOCALES_DIR, SUPPORTED_LOCALES, compile_po, compiled, is_chinese

ROOT = Path(__file__).resolve().parent.parent

# domain -> source folders (relative to the project root); a file belongs to the first domain that
# lists a folder containing it.
DOMAINS: dict[str, tuple[str, ...]] = {
    "forms": ("bot/forms",),
    "telegram": ("bot/telegram",),
    "documents": ("bot/documents",),
    "faq": ("bot/faq",),
    "export": ("bot/export",),
    "qualification": ("bot/dialogs/qualification.py",),
    "helpdesk": ("bot/helpdesk",),
    "flows": tuple(f"bot/dialogs/{name}.py" for name in (  # the flows before and after the application
        "after_approval", "common", "data_change", "facts", "journey", "registration", "reminding", "rules",
        "submission", "supplement", "supplement_files", "taiwan_jobs")),
    "webapp": ("bot/webapp",),
    "messages": ("bot", "storage"),
}
KEYWORDS = {"_": None, "ngettext": (1, 2)}
TRANSLATED_LOCALES = tuple(loc for loc in SUPPORTED_LOCALES if loc != "en")
PLACEHOLDER = re.compile(r"\{(\w*)[^{}]*\}")


@dataclass(frozen=True)
class Problem:
    locale: str
    domain: str
    msgid: str
    what: str

    def __str__(self) -> str:
        return f"{self.locale}/{self.domain}: {self.what}: {self.msgid!r}"


def _domain_of(path: Path) -> str:
    rel = path.resolve().relative_to(ROOT).as_posix()
    for domain, folders in DOMAINS.items():
        if any(rel == folder or rel.startswith(folder + "/") for folder in folders):
            return domain
    return "messages"


def extract(domain: str) -> Catalog:
    """All msgids that the code of ``domain`` marks with ``_()`` or ``ngettext()``."""
    catalog = Catalog(project="goldcard-guide", domain=domain)
    for folder in DOMAINS[domain]:
        base = ROOT / folder
        found: Iterator[tuple[Any, ...]] = (  # a domain may list a single file
            ((base, *entry) for entry in extract_from_file("python", str(base), keywords=KEYWORDS,
                                                           comment_tags=("TRANSLATORS:",)))
            if base.is_file() else
            ((base / filename, *entry) for filename, *entry in extract_from_dir(
                str(base), method_map=[("**.py", "python")], keywords=KEYWORDS, comment_tags=("TRANSLATORS:",))))
        for path, lineno, message, comments, context in found:
            if _domain_of(path) != domain:
                continue
            catalog.add(message, None, [(path.relative_to(ROOT).as_posix(), lineno)],
                        auto_comments=comments, context=context)
    return catalog


def po_path(locale: str, domain: str) -> Path:
    return LOCALES_DIR / locale / "LC_MESSAGES" / f"{domain}.po"


def _read(path: Path, locale: str) -> Catalog:
    with path.open("rb") as handle:
        return read_po(handle, locale=locale)


def _write(path: Path, catalog: Catalog) -> None:
    """Entries sorted by msgid, locations without line numbers: edits in separate areas merge cleanly."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("wb") as handle:
        write_po(handle, catalog, width=0, sort_output=True, include_lineno=False, include_previous=False)


def update(domains: list[str] | None = None) -> None:
    """Write the .pot templates and merge them into every locale's .po file (of ``domains``, or all)."""
    for domain in domains or list(DOMAINS):
        template = extract(domain)
        _write(LOCALES_DIR / f"{domain}.pot", template)
        for locale in TRANSLATED_LOCALES:
            path = po_path(locale, domain)
            catalog = _read(path, locale) if path.exists() else Catalog(locale=locale, domain=domain)
            catalog.update(template, update_header_comment=False, no_fuzzy_matching=True)
            catalog.obsolete.clear()
            catalog.fuzzy = False  # the header: every entry is checked on its own
            _write(path, catalog)
            compile_po(path, path.with_suffix(".mo"))


def compile_all() -> None:
    for locale in TRANSLATED_LOCALES:
        for domain in DOMAINS:
            path = po_path(locale, domain)
            if path.exists():
                compile_po(path, path.with_suffix(".mo"))


def _messages(mo: bytes) -> dict[Any, str]:
    """What a compiled catalog says (msgid → msgstr, its header included), however the compiler laid it out."""
    return dict(gettext.GNUTranslations(io.BytesIO(mo))._catalog)  # type: ignore[attr-defined]


def _placeholders(text: str) -> set[str]:
    return {match.group(1) for match in PLACEHOLDER.finditer(text)}


def check() -> list[Problem]:
    """Every msgid translated, nothing fuzzy, placeholders kept, no Simplified characters, one msgid
    translated the same way in every domain (the catalogs are merged at run time: one would win), and each
    .mo the bot reads is its .po compiled."""
    problems: list[Problem] = []
    for locale in TRANSLATED_LOCALES:
        seen: dict[Any, tuple[str, Any]] = {}
        for domain in DOMAINS:
            wanted: set[Any] = {message.id for message in extract(domain) if message.id}
            path = po_path(locale, domain)
            mo = path.with_suffix(".mo")
            if path.exists() and (not mo.exists() or _messages(mo.read_bytes()) != _messages(compiled(path))):
                problems.append(Problem(locale, domain, mo.name, "not the .po compiled (run compile)"))
            catalog = _read(path, locale) if path.exists() else Catalog(locale=locale)
            problems.extend(_check_catalog(catalog, wanted, locale, domain))
            for message in catalog:
                if not message.id or not message.string:
                    continue
                first = seen.setdefault(message.id, (domain, message.string))
                if first[1] != message.string:
                    key = message.id if isinstance(message.id, str) else message.id[0]
                    problems.append(Problem(locale, domain, key, f"translated differently in {first[0]}"))
    return problems


def _check_catalog(catalog: Catalog, wanted: set[Any], locale: str, domain: str) -> Iterator[Problem]:
    present = {message.id: message for message in catalog if message.id}
    for msgid in sorted(wanted - present.keys(), key=str):
        yield Problem(locale, domain, str(msgid), "missing (run update)")
    for msgid, message in present.items():
        key = msgid if isinstance(msgid, str) else msgid[0]
        if message.fuzzy:
            yield Problem(locale, domain, key, "fuzzy")
        strings = tuple(message.string) if isinstance(message.string, (tuple, list)) else (message.string or "",)
        if not all(strings):
            yield Problem(locale, domain, key, "untranslated")
            continue
        sources = msgid if isinstance(msgid, tuple) else (msgid,)
        expected = set().union(*(_placeholders(s) for s in sources)) - {"count"}
        for translated in strings:
            if not expected <= _placeholders(translated):
                yield Problem(locale, domain, key, f"placeholders differ from {sorted(expected)}")
            if is_chinese(locale) and (bad := simplified_characters(translated)):
                yield Problem(locale, domain, key, f"Simplified characters {''.join(bad)}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bot.i18n_catalogs", description=__doc__)
    parser.add_argument("action", choices=["update", "compile", "check"])
    parser.add_argument("--domain", action="append", choices=list(DOMAINS),
                        help="update only this domain (repeatable); default: all")
    args = parser.parse_args(argv)
    if args.action == "update":
        update(args.domain)
    elif args.action == "compile":
        compile_all()
    problems = check()
    for problem in problems:
        print(problem, file=sys.stderr)
    print(f"{len(problems)} catalog problem(s)")
    return 1 if problems and args.action == "check" else 0


if __name__ == "__main__":
    sys.exit(main())
