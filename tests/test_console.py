"""Whole conversations through the console door, in both languages, in-process and as a real piped process."""

from __future__ import annotations

import io
import os
import subprocess
import sys
from pathlib import Path

from bot.app import App
from bot.console import ConsoleDoor
from bot.i18n_catalogs import simplified_characters

# agree, not a holder, non-US foreign national, from abroad, no ROC nationality, confirm
ABROAD = ["1", "2", "1", "2", "2", "1"]
# the same applicant in Taiwan after visa-exempt entry, first choosing a visa by mistake
VISA_EXEMPT = ["1", "2", "1", "1", "3", "2", "2", "2", "1"]


async def run_console(app: App, lines: list[str], lang: str | None, user: int = 7) -> str:
    out = io.StringIO()
    door = ConsoleDoor(app.engine, user, lang=lang, stdin=io.StringIO("\n".join(lines) + "\n"), stdout=out)
    await door.run()
    return out.getvalue()


async def test_english_console_conversation_ends_with_identity(app: App) -> None:
    output = await run_console(app, ["1", *ABROAD], "en")
    assert "[1] ▶ Start: Opening questions" in output
    assert "Agree to the application rules — on the platform: 同意" in output
    assert ("Your identity on the platform: 非美籍外籍人士境外申請 (Non-US foreign national, applying from abroad)"
            in output)
    assert "Confirmed and saved." in output


async def test_chinese_console_conversation_is_traditional_only(app: App) -> None:
    output = await run_console(app, ["1", *VISA_EXEMPT], "zh_TW")
    assert "您在平臺上的身分：非美籍外籍人士境內申請(免簽證入國)" in output
    assert "那麼您是以免簽證方式入國" in output  # the visa picked by mistake was caught
    assert "已確認並儲存" in output
    assert not simplified_characters(output)
    english_words = [w for w in ("the ", "Please", "answer", "question") if w in output]
    assert english_words == []


async def test_button_labels_press_buttons_and_upload_is_acknowledged(app: App, tmp_path: Path) -> None:
    scan = tmp_path / "passport.jpg"
    scan.write_bytes(b"\xff\xd8\xff" + b"0" * 100)
    output = await run_console(app, ["▶ Start: Opening questions", "I agree", f"/upload {scan}"], "en")
    assert "Saved: Agree to the application rules = I agree" in output
    assert "Documents are collected in the documents tab" in output
    assert "Do you hold an Employment Gold Card now" in output.rsplit("Thanks for the file", 1)[1]


def test_piped_cli_completes_opening_questions(tmp_path: Path) -> None:
    env = {k: v for k, v in os.environ.items() if k not in ("TELEGRAM_BOT_TOKEN", "DATABASE_URL")}
    env["DATA_DIR"] = str(tmp_path / "data")
    result = subprocess.run([sys.executable, "-m", "bot", "chat", "--user", "7", "--lang", "en"],
                            input="\n".join(["1", *ABROAD]) + "\n", capture_output=True, text=True,
                            env=env, cwd=tmp_path, timeout=120, check=True)
    assert "非美籍外籍人士境外申請" in result.stdout
    assert "Confirmed and saved." in result.stdout
    assert (tmp_path / "data" / "goldcard.db").exists()


async def test_leave_hint_numbers_only_for_choices_and_export_into_a_folder(app: App, tmp_path: Path) -> None:
    """Ctrl-D is named at start; a number at a text question (only Back shown) is the answer, not Back;
    /export offers its parts as numbered buttons and writes the PDF into the export folder."""
    lines = ["1", *ABROAD, "1", "Today", "1", "2", "/export", "1"]  # declaration, plan, privacy; "2": surname
    out = io.StringIO()
    door = ConsoleDoor(app.engine, 9, lang="en", stdin=io.StringIO("\n".join(lines) + "\n"), stdout=out,
                       export_dir=tmp_path / "exports")
    await door.run()
    output = out.getvalue()
    assert output.startswith("Type your answers, or the number of a button. Ctrl-D leaves.")
    assert "英文姓氏" in output and "[1] 📄 PDF" in output
    assert "A name has no digits." in output  # "2" went to the surname as text
    pdf = tmp_path / "exports" / "copy-sheet.pdf"
    assert pdf.read_bytes().startswith(b"%PDF") and str(pdf.resolve()) in output
    assert "🌐 Open the platform: https://" in output
