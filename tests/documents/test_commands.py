"""`goldcard-bot docs check|convert`: the same pipeline as the chat, from the command line."""

from __future__ import annotations

import io
import json
import subprocess
import sys
from pathlib import Path

import pikepdf
import pytest
from PIL import Image

from bot.cli import main
from bot.documents.limits import PLATFORM_MAX_BYTES
from tests.documents.corpus import Corpus


@pytest.fixture(scope="module")
def files(corpus: Corpus, tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("corpus")
    for name, data in corpus.files.items():
        (folder / name).write_bytes(data)
    return folder


def test_check_says_what_the_bot_would_say(files: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code = main(["docs", "check", str(files / "phone_12mp.jpg"), str(files / "passport.jpg"),
                 str(files / "encrypted.pdf")])
    out = capsys.readouterr().out
    assert code == 1  # something was refused
    assert "Accepted as a JPEG image." in out and "Ready for the platform: a PDF of one page" in out
    assert "named like a JPEG image, but it is really a ZIP archive" in out
    assert "protected by a password" in out


def test_check_in_chinese_as_json(files: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code = main(["docs", "check", str(files / "screenshot.pdf"), str(files / "javascript.pdf"), "--lang", "zh_TW",
                 "--json"])
    report = json.loads(capsys.readouterr().out)
    assert code == 1
    png, script = report
    assert png["accepted"] and png["format"] == "png" and png["result"]["media_type"] == "application/pdf"
    assert any("實際上是「PNG 圖片」" in line for line in png["messages"])
    assert not script["accepted"] and script["refusal"]["code"] == "active_content"
    assert any("JavaScript" in line and "為了安全" in line for line in script["messages"])


def test_check_all_accepted_exits_zero(files: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["docs", "check", str(files / "letter.pdf")]) == 0
    assert "Rebuilt the PDF from its pages" in capsys.readouterr().out


def test_convert_several_photos_to_one_pdf(files: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out, preview = tmp_path / "out.pdf", tmp_path / "preview.jpg"
    code = main(["docs", "convert", str(files / "rotated.jpg"), str(files / "photo.heic"), "--out", str(out),
                 "--preview", str(preview)])
    assert code == 0
    assert out.stat().st_size <= PLATFORM_MAX_BYTES
    with pikepdf.open(out) as pdf:
        assert len(pdf.pages) == 2
    with Image.open(preview) as image:
        assert image.format == "JPEG"
    assert "a PDF of 2 pages" in capsys.readouterr().out


def test_convert_photo_kind(files: Path, tmp_path: Path, corpus: Corpus, capsys: pytest.CaptureFixture[str]) -> None:
    from tests.documents.corpus import id_photo

    source = tmp_path / "me.jpg"
    source.write_bytes(id_photo((1200, 1600), (255, 255, 255)))
    out = tmp_path / "photo.jpg"
    assert main(["docs", "convert", str(source), "--kind", "photo", "--out", str(out), "--json"]) == 0
    result = json.loads(capsys.readouterr().out)
    assert result["media_type"] == "image/jpeg" and result["pixels"] == [827, 1063]
    with Image.open(io.BytesIO(out.read_bytes())) as image:
        assert image.size == (827, 1063)


def test_convert_refuses_and_writes_nothing(files: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "out.pdf"
    assert main(["docs", "convert", str(files / "bomb.png"), "--out", str(out), "--lang", "zh_TW"]) == 1
    assert not out.exists()
    assert "百萬像素" in capsys.readouterr().err


def test_help_does_not_load_image_libraries() -> None:
    code = ("import sys; from bot.cli import build_parser; build_parser(); "
            "print(any(m.split('.')[0] in ('PIL', 'pikepdf', 'pypdfium2') for m in sys.modules))")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True,
                            cwd=Path(__file__).resolve().parents[2])
    assert result.stdout.strip() == "False"
