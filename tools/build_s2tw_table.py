"""Builds bot/forms/s2tw.txt, the compact Simplified → Taiwan Traditional character table the bot ships.

Run once, and again only when OpenCC's dictionaries change (``tests/forms/test_chinese.py`` checks that the
shipped table is what this script makes from the installed OpenCC data)::

    .venv/bin/python tools/build_s2tw_table.py

What it takes from OpenCC (opencc-python-reimplemented, a dev dependency only): ``STCharacters`` (each
Simplified character's first Traditional reading) followed by ``TWVariants`` (Taiwan's standard forms,
爲 → 為, 着 → 著), i.e. OpenCC's ``s2tw`` character by character, without its 49,000-phrase dictionary.
The characters of :data:`bot.forms.chinese.KEEP` (台, 里, 群, 秘, 雇 … everyday Traditional Chinese in
Taiwan too) are written on a line of their own, so the bot keeps them while FAQ search may still fold them.

The file: a comment line, then three lines, each a string of characters: the Simplified characters, their
Traditional forms at the same positions, and the kept characters.
"""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bot.forms.chinese import KEEP, TABLE_PATH  # noqa: E402

HEADER = "# Simplified → Taiwan Traditional, one character each (OpenCC STCharacters + TWVariants); " \
         "made by tools/build_s2tw_table.py, do not edit\n"


def opencc_dictionary() -> Path:
    import opencc  # the dev dependency; the bot itself does not import it

    return Path(opencc.__file__).resolve().parent / "dictionary"


def read_pairs(path: Path) -> dict[str, str]:
    """Single-character entries of an OpenCC dictionary file: character → first reading."""
    pairs: dict[str, str] = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        source, _, readings = line.partition("\t")
        first = readings.split(" ")[0]
        if len(source) == 1 and len(first) == 1:
            pairs[source] = first
    return pairs


def build_table(dictionary: Path) -> str:
    characters = read_pairs(dictionary / "STCharacters.txt")
    variants = read_pairs(dictionary / "TWVariants.txt")
    table: dict[str, str] = {}
    for source in sorted(set(characters) | set(variants)):
        target = characters.get(source, source)
        target = variants.get(target, target)
        if target != source:
            table[source] = target
    simplified = "".join(table)
    traditional = "".join(table.values())
    kept = "".join(sorted(KEEP))
    return f"{HEADER}{simplified}\n{traditional}\n{kept}\n"


def main() -> int:
    text = build_table(opencc_dictionary())
    TABLE_PATH.write_text(text, encoding="utf-8")
    lines = text.splitlines()
    print(f"{TABLE_PATH.relative_to(ROOT)}: {len(lines[1])} characters, {len(lines[3])} kept, "
          f"{len(text.encode())} bytes")
    return 0


if __name__ == "__main__":
    sys.exit(main())
