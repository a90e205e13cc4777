"""The PDF prints every character an applicant types: Traditional and Simplified Han, Latin with
diacritics, Japanese kana and Hangul (Noto Sans TC, then SC, KR and Noto Sans as fallbacks)."""

from __future__ import annotations

import json
from typing import Any

from bot.export.bundle import build_export
from bot.export.font import covered, printable
from bot.forms.draft import ApplicationDraft
from tests.conftest import TODAY
from tests.export.conftest import DRAFTS, pdfium_text, squeezed

TYPED = {
    "chinese_name": "陈大卫",  # Simplified
    "english_given_name": "José Łukasz Ærø Şahin Nguyễn",  # Latin with diacritics
    "occupation": "山田はなこ カタカナ 김민준 韓以森",  # kana, Hangul, Traditional
}


def test_every_typed_character_is_covered() -> None:
    for text in TYPED.values():
        assert printable(text) == text
    assert ord("😀") not in covered() and printable("A😀") == "A?"  # what no font has still becomes ?


def test_the_pdf_text_has_every_typed_character() -> None:
    data = json.loads(DRAFTS["complete"].read_text(encoding="utf-8"))
    data["basic_data"].update(TYPED)
    bundle = build_export(ApplicationDraft.model_validate(data), locale="en", today=TODAY)
    text = squeezed("".join(pdfium_text(bundle.pdf)))
    for typed in TYPED.values():
        assert squeezed(typed) in text, typed
    assert "?大?" not in text


def test_fonts_are_parsed_once_and_each_document_subsets_its_own_copy() -> None:
    from bot.export.font import _parsed
    from bot.export.pdf_worker import _render

    data = json.loads(DRAFTS["complete"].read_text(encoding="utf-8"))
    data["basic_data"].update(TYPED)
    draft = ApplicationDraft.model_validate(data)
    typed = json.dumps(data, ensure_ascii=False).encode()  # the draft.json: which fallbacks are needed
    first = _render(draft, TODAY, (), None, TODAY, "en", typed)  # in this process, as the worker's child does
    parsed = _parsed.cache_info()
    second = _render(draft, TODAY, (), None, TODAY, "en", typed)
    assert _parsed.cache_info().currsize == parsed.currsize >= 2  # the second render parsed no font again
    assert _parsed.cache_info().hits > parsed.hits
    assert pdfium_text(second) == pdfium_text(first)  # the shared tables were not spoiled by the first
    for typed in TYPED.values():
        assert squeezed(typed) in squeezed("".join(pdfium_text(second)))


def test_the_export_renders_its_pdf_in_the_worker_so_this_process_parses_no_font() -> None:
    import subprocess
    import sys

    code = ("import json, datetime; from bot.export.bundle import build_export; from bot.export import font;"
            "from bot.forms.draft import load_draft; import pathlib;"
            "d = load_draft(pathlib.Path('tests/fixtures/draft_complete.json').read_bytes());"
            "b = build_export(d, locale='zh_TW', today=datetime.date(2026, 11, 21));"
            "print(b.pdf[:5].decode(), font._parsed.cache_info().currsize)")
    root = DRAFTS["complete"].resolve().parents[2]
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=root)
    assert out.stdout.split() == ["%PDF-", "0"]


def test_skipping_the_cff_closure_keeps_the_same_glyphs_for_the_cid_fonts() -> None:
    """The subsetter's CFF closure adds nothing for a CID-keyed font (it has no seac glyphs), so skipping it
    (bot.export.font._skip_cid_cff_closure) subsets exactly the glyphs fontTools itself would."""
    from fontTools import ttLib
    from fontTools.ttLib import TTFont

    from bot.export.font import _skip_cid_cff_closure, chain

    _skip_cid_cff_closure()
    original = ttLib.getTableClass("CFF ").closure_glyphs.original  # type: ignore[attr-defined]
    text = "就業金卡 Gold Card 陈大卫 José Łukasz Ærø Şahin Nguyễn 山田はなこ 김민준 ①½™"
    checked = 0
    for _family, path in chain():
        with TTFont(path, lazy=True) as font:
            if "CFF " not in font or getattr(font["CFF "].cff.topDictIndex[0], "ROS", None) is None:
                continue
            cmap = font.getBestCmap()

            class Glyphs:
                glyphs = {cmap[ord(ch)] for ch in text if ord(ch) in cmap} | {".notdef"}

            before = set(Glyphs.glyphs)
            original(font["CFF "], Glyphs)
            assert Glyphs.glyphs == before, path.name
            checked += 1
    assert checked >= 2  # Noto Sans TC and SC at least are CID-keyed CFF fonts


def test_an_export_child_renders_with_the_forkservers_loaded_font_the_same_pdf() -> None:
    """The forkserver decompiles the main font's tables once (bot.export.font.load_for_children); the child
    that takes them renders byte for byte the PDF a process opening the font itself renders (but for the
    creation date and the document ID), also with the fallbacks and a second render in the same process."""
    import re

    from bot.documents.worker import run_measured
    from bot.export.pdf_worker import _render

    data = json.loads(DRAFTS["complete"].read_text(encoding="utf-8"))
    data["basic_data"].update(TYPED)
    draft = ApplicationDraft.model_validate(data)
    typed = json.dumps(data, ensure_ascii=False).encode()

    def undated(pdf: bytes) -> bytes:
        return re.sub(rb"/CreationDate \(D:\d+Z\)|/ID \[<[0-9A-F]+><[0-9A-F]+>\]", b"", pdf)

    for locale in ("zh_TW", "en"):
        child = run_measured(_render, draft, TODAY, (), "Ethan", TODAY, locale, typed)
        assert isinstance(child.value, bytes), child.value
        here = _render(draft, TODAY, (), "Ethan", TODAY, locale, typed)
        assert undated(child.value) == undated(here)
        assert len(undated(here)) < len(here)  # the date and ID were there to strip


def test_rendering_logs_no_character_of_the_applicants_text(caplog: Any) -> None:
    """fpdf2 names the characters its main font lacks in a warning: none of the applicant's text in logs."""
    import logging

    from bot.export.pdf_worker import _render

    data = json.loads(DRAFTS["complete"].read_text(encoding="utf-8"))
    data["basic_data"].update(TYPED)
    caplog.set_level(logging.DEBUG)
    _render(ApplicationDraft.model_validate(data), TODAY, (), "Łukasz", TODAY, "en", json.dumps(data).encode())
    logged = " ".join(record.getMessage() for record in caplog.records)
    assert not any(ch in logged for ch in "ŁłŞşễ김민준陈"), logged


def test_a_failed_warm_up_does_not_stop_the_worker(monkeypatch: Any, caplog: Any) -> None:
    """The forkserver imports bot.export.pdf_preload: a warm-up that fails must not take the document jobs
    down with it (logged, the type only)."""
    import runpy

    import bot.export.pdf_worker as pdf_worker

    def broken() -> None:
        raise RuntimeError("no font ZQX")

    monkeypatch.setattr(pdf_worker, "warm_up", broken)
    runpy.run_module("bot.export.pdf_preload")
    assert "could not be warmed up (RuntimeError)" in caplog.text and "ZQX" not in caplog.text
