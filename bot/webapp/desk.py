"""The draft as the copy desk shows it, and an answer changed from the desk: both through the engine's
:class:`~bot.engine.turn.Turn` inside the user's lock and one transaction, so the desk reads and writes
exactly what the chat does (the same storage, the same rules: ``Question.rule`` with the answers of every
tab in view, as the dialog checks a typed answer). The chat sees a saved value at once: state lives in the
database.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass
from typing import Any, Literal

from bot.documents.notes import format_size
from bot.engine import review
from bot.engine.documents_tab import checklist_of, uploads_of
from bot.engine.engine import Engine
from bot.engine.flow import AnswerContext, Flow, InputKind, Question
from bot.engine.turn import Turn
from bot.export.values import show
from bot.forms.result import Accepted, Rejected, RuleContext, RuleResult
from bot.forms.sections import section
from bot.forms.verdict_model import Finding, TabVerdict
from bot.i18n import PLAIN, Msg, _, render
from bot.webapp.verdict_view import verdict_for
from storage.models import User
from storage.repositories import Store

Mode = Literal["application", "data_change", "supplement"]
MODES: tuple[Mode, ...] = ("application", "data_change", "supplement")
NO_SAVE_MODES = frozenset({"data_change", "supplement"})  # 資料異動 and 補正: the platform has no save button
MAX_LISTED = 60  # a longer list of choices (countries) is typed and matched as in the chat
MAX_ANSWER = 2000  # characters: bounded before any rule looks at it


class UnknownUser(LookupError):
    """The user has never talked to the bot: there is nothing to show."""


@dataclass(frozen=True)
class SaveResult:
    ok: bool
    message: str = ""
    shown: str = ""
    suggestions: tuple[dict[str, str], ...] = ()
    notes: tuple[str, ...] = ()
    status: int = 200


@asynccontextmanager
async def _turn(engine: Engine, user_id: int, language_code: str | None) -> AsyncIterator[Turn]:
    """A Turn over the user's draft, holding the user's lock and row for one transaction."""
    async with engine.holding(user_id), engine.db.transaction() as session:
        if await session.get(User, user_id) is None:
            raise UnknownUser(user_id)
        store = Store(session, engine.sealer)
        user, conversation = await store.open_turn(user_id, language_code)
        yield Turn(store, user, conversation, engine.flows, engine.today(), engine.options,
                   services=engine.services)


def mode_flows(turn: Turn, mode: Mode) -> list[Flow]:
    if mode == "application":
        return review.application_flows(turn)
    flow = turn.flows.get(mode)
    return [flow] if flow is not None else []


def _text(message: Msg | str, locale: str) -> str:
    return render(message, locale, PLAIN)


def _english(question: Question) -> str:
    label = question.label_en or question.title or question.prompt
    return _text(label, "en")


def _copy_text(flow: Flow, question: Question, value: Any, locale: str) -> str:
    """The value as the platform's box takes it (the export's wording; a choice in the platform's words)."""
    if value is None:
        return ""
    try:
        return show(section(flow.name).field(question.key).spec, value).text
    except (KeyError, StopIteration, ValueError, TypeError):
        pass
    choice = question.choice(value) if question.closed else None
    if choice is not None:
        return choice.platform_label or _text(choice.label, locale)
    return str(value)


def _editable(flow: Flow, question: Question) -> bool:
    return flow.confirm is None and not question.ephemeral and question.kind is not InputKind.FILES


def _field(turn: Turn, flow: Flow, question: Question, view: dict[str, Any]) -> dict[str, Any]:
    locale = turn.locale
    answered = question.key in view
    value = view.get(question.key)
    closed = question.closed and len(question.choices) <= MAX_LISTED
    return {
        "flow": flow.name, "key": question.key, "id": f"{flow.name}.{question.key}",
        "zh": question.label_zh or "", "en": _english(question),
        "answered": answered, "text": _copy_text(flow, question, value, locale) if answered else "",
        "optional": question.is_optional(view), "editable": _editable(flow, question),
        "input": "choice" if closed else "text",
        "choices": [{"index": index, "label": _text(turn.choice_label(choice), locale),
                     "selected": answered and choice.value == value}
                    for index, choice in enumerate(question.choices)],
        "hint": _text(question.hint, locale) if question.hint else "",
    }


def _finding(finding: Finding, locale: str) -> dict[str, str]:
    return {"section": finding.section, "key": finding.key, "zh": finding.zh, "message": _text(finding.message, locale)}


def _verdict(verdict: TabVerdict, locale: str) -> dict[str, Any]:
    return {"state": verdict.status,
            "missing": [_finding(f, locale) for f in verdict.missing],
            "problems": [_finding(f, locale) for f in verdict.problems],
            "notes": [_finding(f, locale) for f in verdict.notes]}


def _documents(turn: Turn, view: dict[str, Any]) -> list[dict[str, Any]]:
    uploads = uploads_of(view)
    found = []
    for entry in checklist_of(view).entries:
        upload = uploads.get(entry.item.key, {})
        ready = isinstance(upload, dict) and isinstance(upload.get("sha256"), str)
        found.append({"key": entry.item.key, "zh": entry.item.zh, "en": entry.item.en, "status": entry.status.value,
                      "reason": _text(entry.reason, turn.locale) if entry.reason else "",
                      "file_name": str(upload.get("file_name", "")) if ready else "",
                      "size": format_size(int(upload.get("size", 0))) if ready else "", "ready": ready})
    return found


async def desk_view(engine: Engine, user_id: int, mode: Mode, language_code: str | None = None) -> dict[str, Any]:
    """Everything the desk shows, JSON-ready: tabs in the platform's order with their fields and verdicts,
    the overall verdict, and the documents of the checklist (application mode)."""
    async with _turn(engine, user_id, language_code) as turn:
        flows = mode_flows(turn, mode)
        sections = await turn.sections()
        verdict = verdict_for(sections, turn.today, [flow.name for flow in flows])
        tabs: list[dict[str, Any]] = []
        documents: list[dict[str, Any]] = []
        for flow in flows:
            view = await turn.answers(flow)
            if flow.screen is not None:
                documents = _documents(turn, view) if flow.name == "documents" else documents
            fields = [_field(turn, flow, question, view) for question in flow.visible(view) if not question.ephemeral]
            tabs.append({"name": flow.name, "zh": flow.label_zh or "", "en": _text(flow.title, "en"),
                         "title": _text(flow.title, turn.locale), "fields": fields,
                         "locked": flow.confirm is not None, "verdict": _verdict(verdict.tab(flow.name), turn.locale)})
        return {"mode": mode, "locale": turn.locale, "no_save": mode in NO_SAVE_MODES, "tabs": tabs,
                "verdict": _verdict(verdict.overall, turn.locale), "documents": documents,
                "unreadable": _text(verdict.unreadable, turn.locale) if verdict.unreadable else ""}


def _check(turn: Turn, question: Question, raw: str, view: dict[str, Any], by_index: bool) -> RuleResult:
    """The answer checked as the dialog checks a typed one (``by_index``: a choice picked from the list)."""
    text = raw.strip()
    if question.closed:
        index = (int(text) if text.isdigit() and int(text) < len(question.choices) else None) if by_index \
            else turn.match_choice(question, text)
        if index is not None:
            choice = question.choices[index]
            return choice.rejects or Accepted(choice.value, notes=(choice.note,) if choice.note else ())
        if by_index or not question.open_list or question.rule is None:
            return Rejected(_("Please choose one of the options."))
    if not text:
        if question.is_optional(view):
            return Accepted(None)
        return Rejected(_("This answer is required. Please type it."))
    if question.rule is None:
        return Accepted(text)
    return question.rule(text, RuleContext(today=turn.today, answers=view, locale=turn.locale))


async def save_answer(engine: Engine, user_id: int, flow_name: str, key: str, raw: str,
                      language_code: str | None = None, *, by_index: bool = False) -> SaveResult:
    """Check ``raw`` with the field's rule and store it as the chat would; a refusal carries the rule's message
    and suggestions. Answers the chat must confirm again (the opening) are changed in the chat only."""
    if len(raw) > MAX_ANSWER:
        return SaveResult(False, status=413, message=_text(_("This answer is too long."), "en"))
    async with _turn(engine, user_id, language_code) as turn:
        locale = turn.locale
        flow = turn.flows.get(flow_name)
        question = flow.question(key) if flow is not None else None
        if flow is None or question is None or not any(flow is f for m in MODES for f in mode_flows(turn, m)):
            return SaveResult(False, status=404, message=_text(_("There is no such field."), locale))
        if turn.user.consent_at is None and flow.personal:
            return SaveResult(False, status=403, message=_text(
                _("Please accept the privacy notice in the chat first (/privacy)."), locale))
        if not _editable(flow, question):
            return SaveResult(False, status=409, message=_text(
                _("This answer is changed in the chat only: the platform will not let it change later."), locale))
        view = await turn.answers(flow)
        if not question.visible(view):
            return SaveResult(False, status=409, message=_text(
                _("This field is not asked given your other answers."), locale))
        result = _check(turn, question, raw, view, by_index)
        if isinstance(result, Rejected):
            return SaveResult(False, status=422, message=_text(result.message, locale),
                              suggestions=tuple({"value": s.value, "label": _text(s.label, locale)}
                                                for s in result.suggestions))
        view[question.key] = result.value
        view.pop("_confirmed", None)
        await turn.save_answers(flow, view)
        notes = list(result.notes)
        if flow.on_answer is not None:
            notes.extend(await flow.on_answer(AnswerContext(turn, question.key, result.value,
                                                            await turn.answers(flow))))
        return SaveResult(True, shown=_copy_text(flow, question, result.value, locale),
                          notes=tuple(_text(note, locale) for note in notes))


async def document_file(engine: Engine, user_id: int, item: str) -> tuple[str, str, bytes] | None:
    """The platform-ready file of checklist item ``item``: (file name, media type, bytes), or None."""
    from bot.export.documents import ExportDocument, extension_of, safe_stem

    async with _turn(engine, user_id, None) as turn:
        flow = turn.flows.get("documents")
        upload = uploads_of(await turn.answers(flow)).get(item) if flow is not None else None
    if not isinstance(upload, dict) or not isinstance(upload.get("sha256"), str) or engine.services.files is None:
        return None
    try:
        data = engine.services.files.get(user_id, upload["sha256"])
    except (KeyError, ValueError, OSError):
        return None
    document = ExportDocument(item, "", "", str(upload.get("file_name", item)), data)
    extension = extension_of(document)
    media = {".pdf": "application/pdf", ".jpg": "image/jpeg", ".png": "image/png"}.get(extension,
                                                                                        "application/octet-stream")
    return f"{safe_stem(item)}{extension}", media, data
