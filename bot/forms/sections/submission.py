"""New application, 完成送出 Submit (seed 001 STEP 21-23): the application number noted after 送出."""

from __future__ import annotations

from typing import Annotated

from pydantic import BaseModel, ConfigDict

from bot.forms import identifiers
from bot.forms.spec import OPTIONAL, FieldSpec
from bot.i18n import _


class Submission(BaseModel):
    """What the platform shows after 送出."""

    model_config = ConfigDict(extra="forbid")

    application_number: Annotated[str | None, FieldSpec(
        zh="申請案號", en=_("Application number"), rule=identifiers.application_number, required=OPTIONAL,
        source="seed 001 STEP 23",
        help=_("The 12-digit number shown after you submit; you need it to follow the case and to pay."))] = None
