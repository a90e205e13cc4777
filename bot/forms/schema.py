"""The draft's JSON Schema, with every field's platform labels, requirement, rule and source.

Each property carries ``title`` (English label), ``x-zh-label`` (the platform's label, verbatim),
``x-required-when``, ``x-rule``, ``x-kind``, ``x-source`` and, for lists, ``x-options``. The schema
describes the shape of a draft (what ``check-draft`` refuses with exit code 2); whether the values
are acceptable is up to the rules (exit code 1).
"""

from __future__ import annotations

import json
from typing import Any

from bot.forms.draft import ApplicationDraft
from bot.forms.sections import SECTIONS


def draft_json_schema() -> dict[str, Any]:
    """The JSON Schema (2020-12) of :class:`~bot.forms.draft.ApplicationDraft`."""
    schema = ApplicationDraft.model_json_schema()
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    properties = schema.get("properties", {})
    for item in SECTIONS:
        entry = properties.get(item.key)
        if entry is not None:
            entry["title"] = item.en.msgid
            entry["x-zh-label"] = item.zh
            entry["x-flow"] = str(item.form)
            entry["x-source"] = item.source
            entry["x-required-for-complete-application"] = item.required
    if "opening" in properties:
        _describe_opening(schema)
    return schema


def _describe_opening(schema: dict[str, Any]) -> None:
    """The opening answers' model is owned by bot.forms.opening; add the same metadata to it here."""
    opening = next(item for item in SECTIONS if item.key == "opening")
    definition = schema.get("$defs", {}).get("OpeningAnswers", {})
    for ref in opening.fields():
        prop = definition.get("properties", {}).get(ref.key)
        if prop is None:
            continue
        spec = ref.spec
        prop.update({"title": spec.en.msgid, "x-zh-label": spec.zh, "x-en-label": spec.en.msgid,
                     "x-required-when": spec.required.describe.msgid, "x-kind": str(spec.kind),
                     "x-source": spec.source, "x-on-platform": spec.on_platform})
        if spec.rule is not None:
            prop["x-rule"] = spec.rule.name
        if spec.options is not None:
            prop["x-options"] = [{"value": o.value, "zh": o.zh, "en": o.en} for o in spec.options()]


def schema_text() -> str:
    return json.dumps(draft_json_schema(), ensure_ascii=False, indent=2) + "\n"
