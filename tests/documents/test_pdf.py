"""PDFs: safety checks beyond the corpus, signatures, limits, the rendering fallback and previews."""

from __future__ import annotations

import io
import random

import pikepdf
import pytest
from pikepdf import Array, Dictionary, Name, String

from bot.documents import render
from bot.documents.limits import MAX_PDF_PAGES, PLATFORM_MAX_BYTES
from bot.documents.notes import NoteCode, Refusal, RefusalCode
from bot.documents.pipeline import convert
from bot.documents.results import Converted, DocumentKind
from tests.documents import corpus as corpus_module
from tests.documents.conftest import chinese, english
from tests.documents.corpus import Corpus, text_pdf


def _save(pdf: pikepdf.Pdf, **options: object) -> bytes:
    buffer = io.BytesIO()
    pdf.save(buffer, **options)  # type: ignore[arg-type]
    return buffer.getvalue()


def _signed(pdf: pikepdf.Pdf) -> pikepdf.Pdf:
    signature = pdf.make_indirect(Dictionary(Type=Name.Sig, Filter=Name("/Adobe.PPKLite"), Contents=String("0" * 64)))
    field = pdf.make_indirect(Dictionary(FT=Name.Sig, T=String("Signature1"), V=signature))
    pdf.Root.AcroForm = Dictionary(Fields=Array([field]), SigFlags=3)
    return pdf


def _document(data: bytes) -> Converted | Refusal:
    return convert(data, DocumentKind.DOCUMENT, name="document.pdf")


def test_javascript_in_the_names_tree_is_found() -> None:
    pdf = text_pdf()
    script = pdf.make_indirect(Dictionary(S=Name.JavaScript, JS=String("this.print();")))
    pdf.Root.Names = Dictionary(JavaScript=Dictionary(Names=Array([String("print"), script])))
    result = _document(_save(pdf))
    assert isinstance(result, Refusal) and result.code is RefusalCode.ACTIVE_CONTENT
    assert dict(result.params)["what"] == "javascript"


def test_page_opening_a_web_address_by_itself_is_refused() -> None:
    pdf = text_pdf()
    pdf.pages[0].obj.AA = Dictionary(O=Dictionary(S=Name.URI, URI=String("https://example.invalid/track")))
    result = _document(_save(pdf))
    assert isinstance(result, Refusal) and dict(result.params)["what"] == "open_action"
    assert "runs by itself when it is opened" in english(result.messages)
    assert "開啟時會自動執行的動作" in chinese(result.messages)


def test_link_to_a_web_page_is_fine() -> None:
    pdf = text_pdf()
    link = Dictionary(Type=Name.Annot, Subtype=Name.Link, Rect=Array([72, 700, 300, 720]),
                      A=Dictionary(S=Name.URI, URI=String("https://www.immigration.gov.tw/")))
    pdf.pages[0].obj.Annots = Array([pdf.make_indirect(link)])
    assert isinstance(_document(_save(pdf)), Converted)


@pytest.mark.parametrize("data", [
    b"%PDF-1.7\n" + b"\x00garbage" * 50,
    b"%PDF-1.4\n1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF",
])
def test_broken_pdf_is_refused(data: bytes) -> None:
    result = _document(data)
    assert isinstance(result, Refusal) and result.code is RefusalCode.BROKEN
    assert "damaged" in english(result.messages)
    assert "「PDF 文件」已損毀" in chinese(result.messages)


def test_too_many_pages_are_refused() -> None:
    result = _document(_save(text_pdf(pages=MAX_PDF_PAGES + 1)))
    assert isinstance(result, Refusal) and result.code is RefusalCode.TOO_MANY_PAGES
    assert f"{MAX_PDF_PAGES + 1} pages" in english(result.messages)
    chinese(result.messages)


def test_signed_pdf_is_rebuilt_and_warned() -> None:
    data = _save(_signed(text_pdf()))
    result = _document(data)
    assert isinstance(result, Converted) and result.data != data  # rebuilt like every PDF
    assert [note.code for note in result.warnings] == [NoteCode.SIGNATURE_INVALIDATED]


def test_signed_pdf_that_must_change_is_warned() -> None:
    data = _save(_signed(text_pdf()), encryption=pikepdf.Encryption(owner="o", user=""))
    result = _document(data)
    assert isinstance(result, Converted)
    assert NoteCode.SIGNATURE_INVALIDATED in [note.code for note in result.warnings]
    assert "digital signature" in english(result.summary())
    assert "數位簽章" in chinese(result.summary())


def _vector_heavy_pdf() -> bytes:
    """A plan drawn with 60,000 short strokes: over the limit, with no image to recompress."""
    rnd = random.Random(7)
    ops = []
    for _ in range(60_000):
        x, y = rnd.uniform(20, 575), rnd.uniform(20, 822)
        ops.append(f"{x:.4f} {y:.4f} m {x + rnd.uniform(-4, 4):.4f} {y + rnd.uniform(-4, 4):.4f} l S")
    pdf = text_pdf()
    pdf.pages[0].obj.Contents = pikepdf.Stream(pdf, ("0.1 w " + "\n".join(ops)).encode())
    return _save(pdf, compress_streams=True)


@pytest.mark.skipif(not render.available(), reason="pypdfium2 is not installed")
def test_vector_pdf_over_the_limit_is_rasterised() -> None:
    data = _vector_heavy_pdf()
    assert len(data) > PLATFORM_MAX_BYTES
    result = _document(data)
    assert isinstance(result, Converted), result
    assert result.size <= PLATFORM_MAX_BYTES
    assert NoteCode.PDF_RASTERISED in [note.code for note in result.warnings]
    assert "can no longer be selected" in english(result.summary())
    assert "無法再選取或搜尋" in chinese(result.summary())


@pytest.mark.skipif(not render.available(), reason="pypdfium2 is not installed")
def test_text_pdf_gets_a_rendered_preview(corpus: Corpus) -> None:
    result = _document(corpus["letter.pdf"])
    assert isinstance(result, Converted) and result.preview is not None
    from PIL import Image

    with Image.open(io.BytesIO(result.preview)) as preview:
        assert max(preview.size) == 512
        darkest = preview.convert("L").getextrema()[0]
        assert isinstance(darkest, int) and darkest < 100  # the text is drawn


def test_without_pdfium_a_scan_still_gets_a_preview(monkeypatch: pytest.MonkeyPatch, corpus: Corpus) -> None:
    monkeypatch.setattr(render, "available", lambda: False)
    scan = corpus_module.scanned_pdf(pages=1)
    result = _document(scan)
    assert isinstance(result, Converted) and result.preview is not None
    text = _document(corpus["letter.pdf"])
    assert isinstance(text, Converted) and text.preview is None
