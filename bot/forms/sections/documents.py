"""New application, tab 6: 文件上傳 Documents (seed 001 STEP 19-20).

Each file within the platform's limits (:mod:`bot.forms.uploads`). Which documents are required
depends on the field and the identity; that checklist belongs to the document pipeline, and the
platform itself lists what is missing after 儲存 (seed 001 STEP 20).
"""

from __future__ import annotations

from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field

from bot.forms.spec import OPTIONAL, FieldSpec, InputKind
from bot.forms.uploads import UploadedFile, check_files
from bot.i18n import _


class Documents(BaseModel):
    """文件上傳."""

    model_config = ConfigDict(extra="forbid")

    files: Annotated[list[UploadedFile], FieldSpec(
        zh="文件上傳", en=_("Uploaded documents"), kind=InputKind.FILES, check_stored=check_files,
        required=OPTIONAL, source="seed 001 STEP 19-20; seed 003 STEP 11 (≤ 1024 KB a file, not encrypted)")
    ] = Field(default_factory=list)
