"""The rows one event works on (the user, their conversation, its draft) without the ORM.

The hot path of every answer: one Core SELECT loads the three rows (and whether the user has an open
help-desk ticket) into light objects with the models' attribute names, so the Turn reads and sets them as
it would ORM objects; what it changed is written back with one UPDATE per changed row, naming only the
changed columns. The statements are built once per shape (SQLAlchemy then reuses their compiled form).
No identity map, no unit-of-work flush, no ORM loading. The ORM models stay for migrations, maintenance
and the features' own tables.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from functools import cache
from typing import Any, ClassVar, cast

from sqlalchemy import Insert, Select, Table, Update, and_, bindparam, exists, select, update
from sqlalchemy.engine import Row

from storage.db import dialect_insert
from storage.models import TICKET_OPEN, Conversation, Draft, Ticket, User, utcnow


def _table(model: type[Any]) -> Table:
    return cast(Table, model.__table__)


USERS, CONVERSATIONS, DRAFTS, TICKETS = _table(User), _table(Conversation), _table(Draft), _table(Ticket)


class LightRow:
    """A row as a plain object: the table's columns as attributes, each assignment that changes a value
    noted (JSON values are compared with their loaded copy, so a list changed in place is seen too)."""

    table: ClassVar[Table]
    key: ClassVar[str]  # the primary key's column
    columns: ClassVar[tuple[str, ...]]
    json_columns: ClassVar[tuple[str, ...]] = ()

    def __init__(self, values: Sequence[Any]) -> None:
        object.__setattr__(self, "_dirty", set())
        for name, value in zip(self.columns, values, strict=True):
            object.__setattr__(self, name, value)
        object.__setattr__(self, "_loaded_json", {name: _copy(getattr(self, name)) for name in self.json_columns})

    def __setattr__(self, name: str, value: Any) -> None:
        if name in self.columns and getattr(self, name) is not value:
            self._dirty.add(name)  # type: ignore[attr-defined]
        object.__setattr__(self, name, value)

    def __repr__(self) -> str:  # never the values: drafts hold sealed personal data
        return f"<{type(self).__name__} {self.key}={getattr(self, self.key)!r}>"

    def changes(self) -> dict[str, Any]:
        """The changed columns and their values (``updated_at`` set to now when anything changed), and
        from now on nothing is changed."""
        dirty: set[str] = self._dirty  # type: ignore[attr-defined]
        loaded: dict[str, Any] = self._loaded_json  # type: ignore[attr-defined]
        changed = {name: getattr(self, name) for name in dirty if name not in loaded}
        for name, before in loaded.items():
            value = getattr(self, name)
            if value != before:
                changed[name] = value
                loaded[name] = _copy(value)
        dirty.clear()
        if changed and "updated_at" in self.columns and "updated_at" not in changed:
            object.__setattr__(self, "updated_at", utcnow())
            changed["updated_at"] = self.updated_at  # type: ignore[attr-defined]
        return changed

    def forget_changes(self) -> None:
        self._dirty.clear()  # type: ignore[attr-defined]
        self._loaded_json.update({n: _copy(getattr(self, n)) for n in self.json_columns})  # type: ignore[attr-defined]


def _copy(value: Any) -> Any:
    if isinstance(value, list):
        return [_copy(item) for item in value]
    if isinstance(value, dict):
        return {key: _copy(item) for key, item in value.items()}
    return value


class UserRow(LightRow):
    table, key = USERS, "id"
    columns = tuple(column.key for column in USERS.columns)


class ConversationRow(LightRow):
    table, key = CONVERSATIONS, "user_id"
    columns = tuple(column.key for column in CONVERSATIONS.columns)
    json_columns = ("history",)


class DraftRow(LightRow):
    table, key = DRAFTS, "id"
    columns = tuple(column.key for column in DRAFTS.columns)


class TurnRows:
    """The rows of one event's turn, loaded together, written back together."""

    def __init__(self, row: Sequence[Any] | Row[Any]) -> None:
        n_user, n_conversation = len(UserRow.columns), len(ConversationRow.columns)
        values = tuple(row)
        self.user = UserRow(values[:n_user])
        self.conversation = ConversationRow(values[n_user:n_user + n_conversation])
        draft_values = values[n_user + n_conversation:-1]
        self.draft = DraftRow(draft_values) if draft_values[0] is not None else None
        self.ticket_open = bool(values[-1])
        self.gone = False  # the user was erased in this transaction: nothing is written back

    def rows(self) -> Iterator[LightRow]:
        yield self.user
        yield self.conversation
        if self.draft is not None:
            yield self.draft

    def updates(self) -> list[tuple[Update, dict[str, Any]]]:
        """One UPDATE per changed row, with its parameters; nothing once the user is erased."""
        statements = []
        for light in self.rows():
            changed = light.changes()
            if changed and not self.gone:
                params = {f"v_{name}": value for name, value in changed.items()}
                params["v_key"] = getattr(light, light.key)
                statements.append((update_statement(light.table.name, frozenset(changed)), params))
        return statements

    def forget(self) -> None:
        self.gone = True
        for light in self.rows():
            light.forget_changes()


# -- the statements, built once per shape ----------------------------------------------------------------
@cache
def load_statement() -> Select[Any]:
    """The user's row, conversation and draft (outer joins: a conversation without a draft) and whether
    an open ticket exists; the user's row locked (PostgreSQL ``FOR UPDATE OF users``)."""
    has_ticket = exists().where(TICKETS.c.user_id == USERS.c.id, TICKETS.c.status == TICKET_OPEN)
    return (select(*USERS.c, *CONVERSATIONS.c, *DRAFTS.c, has_ticket)
            .select_from(USERS.outerjoin(CONVERSATIONS, CONVERSATIONS.c.user_id == USERS.c.id)
                         .outerjoin(DRAFTS, and_(DRAFTS.c.id == CONVERSATIONS.c.draft_id,
                                                 DRAFTS.c.owner_id == USERS.c.id)))
            .where(USERS.c.id == bindparam("user_id"))
            .with_for_update(of=USERS))


@cache
def update_statement(table_name: str, names: frozenset[str]) -> Update:
    table = {USERS.name: USERS, CONVERSATIONS.name: CONVERSATIONS, DRAFTS.name: DRAFTS}[table_name]
    key = next(iter(table.primary_key.columns))
    return (update(table).where(key == bindparam("v_key"))
            .values({name: bindparam(f"v_{name}") for name in sorted(names)}))


@cache
def new_user_statements(dialect: str) -> tuple[Insert, Insert]:
    """A first event's user row and conversation (each left alone when another worker made it first)."""
    insert = dialect_insert(dialect)
    user = (insert(USERS).values(id=bindparam("user_id"), language_code=bindparam("language_code"),
                                 created_at=bindparam("now"), updated_at=bindparam("now"))
            .on_conflict_do_nothing(index_elements=["id"]))
    conversation = (insert(CONVERSATIONS).values(user_id=bindparam("user_id"), step="menu", seq=0, history=[],
                                                 updated_at=bindparam("now"))
                    .on_conflict_do_nothing(index_elements=["user_id"]))
    return user, conversation
