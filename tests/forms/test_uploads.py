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


def test_limit_is_1024_kb() -> None:
    assert max_file_bytes() == 1_048_576
    assert file_problems(upload(1_048_576)) == ()


def test_too_big() -> None:
    (problem,) = file_problems(upload(1_048_577))
    english, chinese = both(problem)
    assert "1,025 KB" in english and "1,024 KB" in chinese


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
