"""The compact Simplified → Taiwan Traditional table (bot/forms/s2tw.txt) and what is built on it."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from bot.forms.chinese import (
    KEEP,
    TABLE_PATH,
    readings,
    simplified_characters,
    simplified_to_traditional,
    to_traditional,
)

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "tools"))

from build_s2tw_table import build_table, opencc_dictionary  # noqa: E402


def test_the_shipped_table_is_what_the_script_makes_from_opencc() -> None:
    assert TABLE_PATH.read_text(encoding="utf-8") == build_table(opencc_dictionary())


def test_it_agrees_with_opencc_s2tw_character_by_character() -> None:
    import opencc

    converter = opencc.OpenCC("s2tw")
    sample = [chr(code) for code in range(0x4E00, 0x9FFF, 7)] + list("护照号码丽华爲着发后台里")
    for ch in sample:
        expected = ch if ch in KEEP else converter.convert(ch)
        assert to_traditional(ch) == expected, ch
        assert simplified_characters(ch) == ([] if expected == ch else [ch]), ch


def test_names_and_addresses_convert_but_taiwan_usage_stays() -> None:
    assert to_traditional("王丽华") == "王麗華"
    assert to_traditional("台北市仁爱里，雇主提出申请") == "台北市仁愛里，雇主提出申請"
    assert simplified_characters("台北市中正區寶慶路3號2樓，雇主，秘書，群組") == []
    assert simplified_characters("护照号码 Passport") == ["护", "号", "码"]


def test_a_typed_word_is_read_as_typed_and_in_traditional_characters() -> None:
    assert readings("工程师") == ("工程师", "工程師")
    assert readings("工程師") == ("工程師",) and readings("engineer") == ("engineer",)


def test_search_folds_the_kept_characters_too() -> None:
    table = simplified_to_traditional()
    assert "后".translate(table) == "後" and "台".translate(table) == "臺"
    assert len(table) > 3_800


def test_the_bot_no_longer_imports_opencc() -> None:
    code = ("import sys; from bot.forms.chinese import to_traditional; from bot.faq.text import to_traditional as t;"
            "to_traditional('护照'); t('护照'); print('opencc' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=ROOT)
    assert out.stdout.strip() == "False"
