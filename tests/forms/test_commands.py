"""The CLI commands schema and check-draft, through an argparse parser like the main CLI's."""

from __future__ import annotations

import argparse
import json
from pathlib import Path

import pytest

from bot.forms.commands import add_commands
from bot.i18n_catalogs import simplified_characters

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"
COMPLETE, PROBLEMS = str(FIXTURES / "draft_complete.json"), str(FIXTURES / "draft_problems.json")
THREE = ["passport_data.passport_expiry_date", "residence.residence_address", "residence.ui_number"]


def run(*argv: str) -> int:
    parser = argparse.ArgumentParser(prog="goldcard-bot")
    add_commands(parser.add_subparsers(required=True))
    args = parser.parse_args(argv)
    code: int = args.handler(args)
    return code


def test_schema_prints_the_draft_schema(capsys: pytest.CaptureFixture[str]) -> None:
    assert run("schema") == 0
    schema = json.loads(capsys.readouterr().out)
    assert schema["title"] == "Gold Card application draft"
    assert schema["properties"]["residence"]["x-zh-label"] == "居留申請"
    basic = schema["$defs"]["BasicData"]["properties"]
    assert basic["english_surname"]["x-zh-label"] == "英文姓氏"
    assert basic["english_surname"]["title"] == "English surname"
    assert basic["english_surname"]["x-rule"] == "english_name"
    assert basic["email"]["x-source"].startswith("seed 001 STEP 14")
    assert {o["value"] for o in basic["gender"]["x-options"]} == {"male", "female"}
    opening = schema["$defs"]["OpeningAnswers"]["properties"]
    assert opening["inside_taiwan"]["x-zh-label"] == "您現在是否在中華民國境內申請"


def test_complete_draft_exits_0(capsys: pytest.CaptureFixture[str]) -> None:
    assert run("check-draft", COMPLETE, "--today", "2026-11-21") == 0
    assert "✅ Complete" in capsys.readouterr().out


@pytest.mark.parametrize("lang", ["en", "zh_TW"])
def test_problem_draft_exits_1_and_names_the_three_fields(lang: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert run("check-draft", PROBLEMS, "--today", "2026-11-21", "--json", "--lang", lang) == 1
    result = json.loads(capsys.readouterr().out)
    assert result["complete"] is False
    blocking = [p for p in result["problems"] if p["kind"] != "note"]
    assert [p["path"] for p in blocking] == THREE
    assert [p["zh_label"] for p in blocking] == ["護照效期(西元)", "居留地址", "統一證號"]
    assert [p["en_label"] for p in blocking] == [
        "Passport expiry date (Gregorian)", "Residence address in Taiwan", "UI number (resident certificate number)"]
    messages = [p["message"] for p in blocking]
    if lang == "en":
        assert "less than 6 months" in messages[0]
        assert "no English letters" in messages[1] and "台北市中正區寶慶路3號2樓" in messages[1]
        assert "check digit" in messages[2]
    else:
        assert "不足 6 個月" in messages[0] and "換發" in messages[0]
        assert "英文字母" in messages[1] and "台北市中正區寶慶路3號2樓" in messages[1]
        assert "檢查碼" in messages[2]
        assert not any(simplified_characters(m) for m in messages)


def test_problem_draft_text_output(capsys: pytest.CaptureFixture[str]) -> None:
    assert run("check-draft", PROBLEMS, "--today", "2026-11-21", "--lang", "zh_TW") == 1
    out = capsys.readouterr().out
    for path in THREE:
        assert path in out
    assert "[有誤] residence.ui_number  統一證號 / UI number (resident certificate number)" in out
    assert "尚未完成：還不能送出。尚缺 0 項、須修正 3 項" in out


def test_today_matters(capsys: pytest.CaptureFixture[str]) -> None:
    # the complete fixture's passport (expiring 2033-02-14) is too short-lived for an application in 2032
    assert run("check-draft", COMPLETE, "--today", "2032-11-01", "--json") == 1
    paths = [p["path"] for p in json.loads(capsys.readouterr().out)["problems"] if p["kind"] != "note"]
    assert "passport_data.passport_expiry_date" in paths


def test_missing_answers_exit_1(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    draft = tmp_path / "draft.json"
    draft.write_text('{"schema_version": 1}', encoding="utf-8")
    assert run("check-draft", str(draft), "--today", "2026-11-21", "--json") == 1
    kinds = {p["kind"] for p in json.loads(capsys.readouterr().out)["problems"]}
    assert kinds == {"missing"}


@pytest.mark.parametrize("content", ["not json", "[]", '{"basic": {}}', '{"basic_data": {"gender": 1}}'])
def test_not_a_draft_exits_2(content: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    draft = tmp_path / "draft.json"
    draft.write_text(content, encoding="utf-8")
    assert run("check-draft", str(draft)) == 2
    assert "not a draft" in capsys.readouterr().err
    assert run("check-draft", str(draft), "--json") == 2
    assert "error" in json.loads(capsys.readouterr().out)


def test_missing_file_exits_2(tmp_path: Path) -> None:
    assert run("check-draft", str(tmp_path / "nope.json")) == 2


def test_bad_today_is_an_argument_error() -> None:
    with pytest.raises(SystemExit) as caught:
        run("check-draft", COMPLETE, "--today", "21/11/2026")
    assert caught.value.code == 2
