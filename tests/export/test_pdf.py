"""The PDF copy sheet: platform labels and values in the extracted text, the CJK font embedded as a subset
with a real glyph for every character, INCOMPLETE marked with what is missing, pages numbered."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from pathlib import Path

import pypdfium2 as pdfium
import pytest

from bot.export.documents import ExportDocument
from bot.export.font import covered, printable
from bot.export.pdf import render_pdf
from bot.export.sheet import build_sheet
from bot.forms.draft import ApplicationDraft
from bot.i18n_catalogs import simplified_characters
from tests.conftest import TODAY
from tests.export.conftest import (
    characters_without_glyph,
    draft_of,
    embedded_fonts,
    pdfium_text,
    squeezed,
)

LANGS = ("en", "zh_TW")


def pdf_of(name: str, lang: str, **extra: object) -> bytes:
    return render_pdf(build_sheet(draft_of(name), TODAY, label="Ethan", **extra), lang)  # type: ignore[arg-type]


@pytest.fixture(scope="module")
def pdfs() -> dict[tuple[str, str], bytes]:
    return {(name, lang): pdf_of(name, lang) for name in ("complete", "problems", "incomplete") for lang in LANGS}


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("name", ["complete", "problems", "incomplete"])
def test_text_has_the_platform_labels_and_the_values(pdfs: dict[tuple[str, str], bytes], name: str,
                                                     lang: str) -> None:
    pdf = pdfs[name, lang]
    text = "\n".join(pdfium_text(pdf))
    for label in ("護照號碼", "護照效期(西元)", "英文姓氏", "出生日期(西元)", "基本資料", "護照資料",
                  "簽證申請(繳驗護照)", "文件上傳", "您的國籍或身分"):
        assert label in text, label
    for english in ("Passport expiry date (Gregorian)", "English surname", "Passport data"):
        assert english in text, english
    for value in ("HUNT", "ETHAN MATTHEW", "韓以森", "1990-05-03", "ethanhunt1990", "Hamburg",
                  "非美籍外籍人士境外申請"):
        assert value in text, value
    expiry = "2027-04-21" if name == "problems" else "2033-02-14"
    assert expiry in text
    # the passport number: in the account registration, and in 護照資料 (missing in the incomplete draft)
    assert text.count("C01X00T47") == (1 if name == "incomplete" else 2)
    assert "男" in text and "Male" in text  # a choice: the platform's wording and the English
    assert "photo.jpg" in text and "176 KB" in text  # the checklist: file names and sizes


@pytest.mark.skipif(shutil.which("pdftotext") is None and not os.environ.get("CI"),
                    reason="poppler's pdftotext is not installed (CI installs it)")
def test_pdftotext_reads_the_same(pdfs: dict[tuple[str, str], bytes], tmp_path: Path) -> None:
    path = tmp_path / "sheet.pdf"
    path.write_bytes(pdfs["complete", "zh_TW"])
    text = subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True,
                          check=True).stdout
    for needle in ("護照號碼", "護照效期(西元)", "C01X00T47", "2033-02-14", "韓以森", "就業金卡填表對照表"):
        assert needle in text, needle


@pytest.mark.parametrize("lang", LANGS)
def test_surrounding_text_follows_the_language(pdfs: dict[tuple[str, str], bytes], lang: str) -> None:
    text = "\n".join(pdfium_text(pdfs["complete", lang]))
    if lang == "zh_TW":
        assert "就業金卡填表對照表" in text and "平臺將顯示的身分" in text and "第 1 頁" in text
        assert "Gold Card copy sheet" not in text
        assert not simplified_characters(text)
    else:
        assert "Gold Card copy sheet" in text and "The identity the platform will show" in text
        assert "Page 1 of" in text


def test_the_font_is_embedded_as_a_subset_with_a_glyph_for_every_character(
        pdfs: dict[tuple[str, str], bytes]) -> None:
    for (name, lang), pdf in pdfs.items():
        fonts = embedded_fonts(pdf)
        assert len(fonts) == 1, (name, lang)
        font = fonts[0]
        assert re.fullmatch(r"/[A-Z]{6}\+NotoSansTC", font.base_font), font.base_font  # a subset
        assert font.subtype == "/CIDFontType0C"
        assert 50 < len(font.cids) < 1500  # only what the sheet uses, not the font's 20,000 glyphs
        text = "".join(pdfium_text(pdf))
        assert re.search(r"[\u4e00-\u9fff]", text)
        assert characters_without_glyph(pdf, text) == set(), (name, lang)
        assert {ch for ch in text if not ch.isspace() and ord(ch) not in covered()} == set()


def test_pdf_size_stays_small(pdfs: dict[tuple[str, str], bytes]) -> None:
    assert all(len(pdf) < 250_000 for pdf in pdfs.values())


def test_characters_the_font_lacks_print_as_a_question_mark() -> None:
    assert printable("Hamburg 🏠 漢") == "Hamburg ? 漢"
    data = draft_of("complete").model_dump(mode="json")
    data["basic_data"]["birth_city_state"] = "Hamburg 🏠"
    pdf = render_pdf(build_sheet(ApplicationDraft.model_validate(data), TODAY), "en")
    text = "".join(pdfium_text(pdf))
    assert "Hamburg ?" in text and "🏠" not in text
    assert characters_without_glyph(pdf, text) == set()


@pytest.mark.parametrize("lang", LANGS)
def test_incomplete_draft_is_marked_and_lists_what_is_missing(pdfs: dict[tuple[str, str], bytes],
                                                               lang: str) -> None:
    pages = pdfium_text(pdfs["incomplete", lang])
    banner = "尚未完成：還不能送出" if lang == "zh_TW" else "INCOMPLETE: not ready to submit"
    assert banner in pages[0]
    assert all(banner in page for page in pages)  # every page's header repeats it
    first = pages[0]
    for label in ("電子郵件 (Email)", "護照號碼 (Passport number)", "就業金卡有效期間 (Card validity)",
                  "領域專長 (Field of expertise)"):
        assert label in first, label
    assert ("MISSING: required, not answered yet" if lang == "en" else "未填：必填，尚未回答") in "".join(pages)
    complete = pdfium_text(pdfs["complete", lang])
    assert not any(banner in page for page in complete)


def test_problems_are_listed_as_warnings(pdfs: dict[tuple[str, str], bytes]) -> None:
    text = "".join(pdfium_text(pdfs["problems", "en"]))
    assert "INCOMPLETE: not ready to submit" in text
    assert "Warnings still open (4)" in text  # 3 refused answers and the salary note
    assert "less than 6 months" in text  # the rule's message
    assert "3 answer(s) the platform would refuse" in text
    assert "The platform would refuse this value: see the warnings." in text


def test_pages_are_numbered(pdfs: dict[tuple[str, str], bytes]) -> None:
    pages = pdfium_text(pdfs["complete", "en"])
    assert len(pages) >= 3
    for number, page in enumerate(pages, 1):
        assert f"Page {number} of {len(pages)}" in page


def test_long_values_wrap_inside_the_page(pdfs: dict[tuple[str, str], bytes]) -> None:
    pdf = pdfs["incomplete", "en"]
    long_address = draft_of("incomplete").section_values("basic_data")["home_country_address"]
    assert len(long_address) > 150
    assert squeezed(long_address) in squeezed("".join(pdfium_text(pdf)))
    document = pdfium.PdfDocument(pdf)
    try:
        for index in range(len(document)):
            page = document[index]
            width = page.get_width()
            textpage = page.get_textpage()
            for char in range(textpage.count_chars()):
                left, _bottom, right, _top = textpage.get_charbox(char)
                assert left >= 0 and right <= width - 30, f"page {index + 1}: a character leaves the text area"
    finally:
        document.close()


def test_checklist_names_the_files_of_the_export() -> None:
    documents = (ExportDocument("passport", "護照", "Passport", "passport.pdf", b"%PDF-1.4 " + b"x" * 5000),)
    text = "".join(pdfium_text(pdf_of("complete", "en", documents=documents)))
    assert "In the ZIP: documents/01-passport.pdf" in text
    assert "5 KB" in text
    # the draft's other recorded files stay listed, marked as not in this export
    assert "photo.jpg" in text and "Recorded in the draft; the file is not in this export." in text


def test_pages_render_to_images(pdfs: dict[tuple[str, str], bytes], tmp_path: Path) -> None:
    """Render every page to PNG (as was looked at by eye): none is blank."""
    document = pdfium.PdfDocument(pdfs["incomplete", "zh_TW"])
    try:
        for index in range(len(document)):
            image = document[index].render(scale=1).to_pil().convert("L")
            dark = image.histogram()[:128]
            assert sum(dark) > 1000, f"page {index + 1} is empty"
            image.save(tmp_path / f"page-{index + 1}.png")
    finally:
        document.close()
    assert len(list(tmp_path.glob("page-*.png"))) >= 3
