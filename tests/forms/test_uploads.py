"""Upload limits: size, encryption, number of files."""

from __future__ import annotations

from bot.forms.uploads import (
    UploadedFile,
    check_files,
    check_supplement_files,
    count_problem,
    file_problems,
    max_file_bytes,
)
from tests.forms.helpers import accepted, both, ctx, rejected


def upload(size: int, encrypted: bool = False, name: str = "scan.pdf") -> UploadedFile:
    return UploadedFile(file_name=name, size_bytes=size, encrypted=encrypted)


def test_budget_leaves_a_margin_under_1024_kb() -> None:
    """≤ 1,000,000 bytes a file: under the platform's 1024 KB even if it counts a KB as 1,000 bytes."""
    assert max_file_bytes() == 1_000_000
    assert file_problems(upload(1_000_000)) == ()
    assert file_problems(upload(1_000_001)) != ()  # 977 KB by 1,024, 1,000.001 KB by 1,000


def test_too_big() -> None:
    (problem,) = file_problems(upload(1_024_000))
    english, chinese = both(problem)
    assert "1,024,000 bytes" in english and "1,000,000" in english and "1,000,000" in chinese


def test_encrypted_and_empty() -> None:
    english, chinese = both(file_problems(upload(10, encrypted=True))[0])
    assert "encrypted" in english and "加密" in chinese
    both(file_problems(upload(0))[0])


def test_count() -> None:
    assert count_problem(5) is None
    message = count_problem(6)
    assert message is not None
    english, chinese = both(message)
    assert "6" in english and "PDF" in chinese


def test_stored_checks() -> None:
    five = [upload(1000, name=f"{i}.pdf") for i in range(5)]
    accepted(check_supplement_files(five, ctx()))
    both(rejected(check_supplement_files([*five, upload(1000)], ctx())).message)
    accepted(check_files([*five, upload(1000)], ctx()))  # the application tab has no count limit here
    english, chinese = both(rejected(check_files([upload(2_000_000), upload(5, encrypted=True)], ctx())).message)
    assert "1 more" in english and "另有 1 個問題" in chinese
    both(rejected(check_files([{"size_bytes": "x"}], ctx())).message)
