"""Upload limits: file size, encryption and the number of files (pure checks on what is known of a file).

Seed 003 STEP 11 (supplement upload): 上傳的文件請勿加密，且檔案大小不超過1024KB，最多只可上傳五個檔案 —
no encrypted files, each file at most 1024 KB, at most 5 files (merge more into one PDF). The bot keeps
each file at most 1,000,000 bytes (``upload_budget_bytes``): the platform may count a KB as 1,000 bytes. The same
size and encryption limits are applied to the new application's upload tab; research/domain.md
§4.2 reports "< 1 MB, image or PDF" from community sources. Reading files, detecting encryption and
converting them belongs to the document pipeline; here only the facts it reports are checked.
Limits live in ``bot/data/platform_rules.json``.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from bot.forms.facts import number
from bot.forms.localized import number as fmt
from bot.forms.result import Accepted, Rejected, RuleContext, RuleResult
from bot.i18n import Code, Msg, _


class FileNote(BaseModel):
    """A warning the document pipeline gave about a file (e.g. the photo's background), in both languages."""

    model_config = ConfigDict(extra="forbid")

    en: str = Field(max_length=500)
    zh: str = Field(max_length=500)


class UploadedFile(BaseModel):
    """What is known of one file the user gave for an upload slot."""

    model_config = ConfigDict(extra="forbid")

    file_name: str = Field(min_length=1, max_length=255)
    size_bytes: int = Field(ge=0)
    encrypted: bool = False
    document: str | None = Field(
        None, description="which required document this file is (set by the document pipeline)")
    warnings: list[FileNote] = Field(
        default_factory=list, description="what the document pipeline noted and the applicant kept")


def max_file_bytes() -> int:
    """The bot's budget per file (1,000,000 bytes): under the platform's 1024 KB however it counts a KB."""
    return number("upload_budget_bytes")


def file_problems(file: UploadedFile) -> tuple[Msg, ...]:
    """What the platform would refuse about one file (empty when it is fine)."""
    problems: list[Msg] = []
    limit = max_file_bytes()
    if file.size_bytes > limit:
        problems.append(_("{name} is {size} bytes; keep each file at most {limit} bytes (the platform's limit is "
                          "1024 KB, and it may count a KB as 1,000 bytes). Compress it or scan it at a lower "
                          "resolution.", name=Code(file.file_name), size=fmt(file.size_bytes), limit=fmt(limit)))
    if file.size_bytes == 0:
        problems.append(_("{name} is empty. Please send the file again.", name=Code(file.file_name)))
    if file.encrypted and not number("upload_encrypted_allowed"):
        problems.append(_("{name} is encrypted or password-protected; the platform refuses such files. Save an "
                          "unprotected copy and send that.", name=Code(file.file_name)))
    return tuple(problems)


def count_problem(count: int, limit: int | None = None) -> Msg | None:
    """A message when more files are given than one upload takes (5 for a supplement)."""
    limit = number("supplement_max_files") if limit is None else limit
    if count > limit:
        return _("That is {count} files; one upload takes at most {limit}. Merge them into one PDF.",
                 count=count, limit=limit)
    return None


def _files(value: Any) -> Sequence[UploadedFile] | Rejected:
    try:
        return [item if isinstance(item, UploadedFile) else UploadedFile.model_validate(item) for item in value]
    except (ValidationError, TypeError):
        return Rejected(_("The list of files is not readable. Please send the files again."))


def check_files(value: Any, ctx: RuleContext) -> RuleResult:
    """Stored check for an application's upload tab: every file within the limits."""
    files = _files(value)
    if isinstance(files, Rejected):
        return files
    problems = [problem for item in files for problem in file_problems(item)]
    if problems:
        return Rejected(problems[0] if len(problems) == 1 else
                        _("{first} (and {more} more problems with files)", first=problems[0],
                          more=len(problems) - 1))
    return Accepted([item.model_dump(mode="json") for item in files])


def check_supplement_files(value: Any, ctx: RuleContext) -> RuleResult:
    """Stored check for a supplement: at most 5 files, each within the limits."""
    files = _files(value)
    if isinstance(files, Rejected):
        return files
    if (problem := count_problem(len(files))) is not None:
        return Rejected(problem)
    return check_files(files, ctx)
