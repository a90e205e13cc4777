"""Drafts in the database, for the export and import commands (the chat has its own Turn for this).

:func:`load_current_draft` opens the draft the user is working on (the conversation's ``draft_id``, else
their first draft), with its label and the conversation's raw sections (whose private ``_uploads`` name
the stored documents). :func:`import_draft` stores an imported draft as a NEW draft of the user and makes
it the current one, as choosing an applicant in the chat does (the position in the dialogs is reset).
Both go through :class:`storage.repositories.Store`, so answers and labels stay sealed, and lock the
user's row as the engine does, so a running bot and the command never write the same user at once.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from bot.engine.state import Step
from bot.forms.draft import ApplicationDraft
from bot.forms.draft_io import to_draft, to_sections
from storage.crypto import Sealer
from storage.db import Database
from storage.models import Conversation, Draft, User
from storage.repositories import Store


class NoDraft(LookupError):
    """The user has no draft (or no such user)."""


@dataclass(frozen=True)
class StoredDraft:
    """A user's draft as stored: the shared model, its label, and the conversation's raw sections."""

    draft_id: str
    label: str
    draft: ApplicationDraft
    sections: dict[str, Any]
    locale: str | None


async def load_current_draft(db: Database, sealer: Sealer, user_id: int) -> StoredDraft:
    """The draft ``user_id`` is working on; :class:`NoDraft` when there is none.

    Raises ``ValueError`` (pydantic's ValidationError) when the stored answers no longer fit the model."""
    async with db.transaction() as session:
        store = Store(session, sealer)
        conversation = await session.get(Conversation, user_id)
        draft: Draft | None = None
        if conversation is not None and conversation.draft_id:
            draft = await store.draft(conversation.draft_id, user_id)
        if draft is None:
            drafts = await store.drafts_of(user_id)
            draft = drafts[0] if drafts else None
        if draft is None:
            raise NoDraft(user_id)
        user = await session.get(User, user_id)
        sections = store.answers(draft)
        return StoredDraft(draft.id, store.label(draft), to_draft(sections), sections,
                           user.locale if user is not None else None)


async def import_draft(db: Database, sealer: Sealer, user_id: int, draft: ApplicationDraft, label: str) -> str:
    """Store ``draft`` as a new draft of ``user_id`` (created if unknown), make it current; its id."""
    async with db.transaction() as session:
        store = Store(session, sealer)
        await store.lock_user(user_id)
        stored = await store.create_draft(user_id, label)
        store.set_answers(stored, to_sections(draft))
        conversation = await store.conversation(user_id)
        conversation.draft_id = stored.id
        conversation.flow = None
        conversation.question = None
        conversation.history = []
        conversation.return_to = None
        conversation.step = Step.MENU
        return stored.id


async def user_locale(db: Database, user_id: int) -> str | None:
    """The language the user chose in the chat (None for an unknown user)."""
    async with db.transaction() as session:
        user = await session.get(User, user_id)
        return user.locale if user is not None else None


__all__ = ["NoDraft", "StoredDraft", "import_draft", "load_current_draft", "user_locale"]
