"""The hot path's few statements run on the SQLite driver itself, compiled once (issue 22).

Every answer runs the same four statements (load the turn's rows, record the delivery, write back the
conversation and the draft). Through SQLAlchemy Core on the async adapter each costs about 125 µs of
Python (the greenlet bridge, the execution context, the result object) for a statement SQLite answers in
about 5 µs. :func:`execute` compiles a statement once per dialect into its SQL text, the order of its
parameters and the column types' own bind and result processors (so values are stored and read exactly
as SQLAlchemy would: dates as its text format, JSON serialised, booleans as integers), then runs it on the
connection's ``sqlite3`` connection, in the transaction SQLAlchemy began on it.

Where the shortcut does not apply, the statement runs through SQLAlchemy as before:

* PostgreSQL (asyncpg caches its prepared statements; its transactions are the adapter's to begin);
* a connection somebody listens to (``before_cursor_execute`` on the connection or its engine: tests and
  instrumentation then see every statement);
* a statement with an expanding parameter (``IN`` lists): the batches (replies marked sent, handled inbox
  updates) run one short statement per row instead, with :func:`execute_many`.

A driver error is raised as SQLAlchemy's own ``DBAPIError`` subclass, as the Core path would raise it.
"""

from __future__ import annotations

import sqlite3
import weakref
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import cached_property, partial
from typing import Any, cast

from sqlalchemy.engine import Connection, Dialect
from sqlalchemy.exc import DBAPIError, StatementError
from sqlalchemy.ext.asyncio import AsyncConnection
from sqlalchemy.sql import ClauseElement
from sqlalchemy.sql.compiler import SQLCompiler

from storage.sqlite_inline import InlineConnection

Processor = Callable[[Any], Any] | None


@dataclass(frozen=True)
class Compiled:
    """A statement as the driver takes it: its SQL, its parameters' names in order with their processors,
    and the processors of the columns it returns (``returns`` False: it returns no rows)."""

    sql: str
    names: tuple[str, ...]
    defaults: dict[str, Any]  # the values written in the statement itself (``values(step="menu")``)
    computed: dict[str, Callable[[], Any]]  # the columns' Python defaults (``onupdate=utcnow``) when not given
    binds: tuple[Processor, ...]
    results: tuple[Processor, ...]
    returns: bool

    def parameters(self, params: dict[str, Any]) -> list[Any]:
        given = {**self.defaults, **params} if self.defaults else params
        if self.computed:
            given = {**{name: make() for name, make in self.computed.items() if name not in given}, **given}
        return [given[name] if process is None else process(given[name]) for name, process in self._named_binds]

    @cached_property
    def _named_binds(self) -> tuple[tuple[str, Processor], ...]:
        return tuple(zip(self.names, self.binds, strict=True))

    @cached_property
    def _processed(self) -> tuple[tuple[int, Callable[[Any], Any]], ...]:
        """The returned columns that have a processor (most have none), with their positions."""
        return tuple((index, process) for index, process in enumerate(self.results) if process is not None)

    def row(self, values: Sequence[Any]) -> tuple[Any, ...]:
        if len(values) != len(self.results):
            raise ValueError(f"{len(values)} values for {len(self.results)} columns")
        row = list(values)
        for index, process in self._processed:
            if row[index] is not None:
                row[index] = process(row[index])
        return tuple(row)


_compiled: dict[tuple[int, str], Compiled | None] = {}
_kept: dict[int, ClauseElement] = {}  # the statements compiled here stay alive, so their ids stay theirs


def compiled(statement: ClauseElement, dialect: Dialect) -> Compiled | None:
    """``statement`` compiled for the driver once (None when it has an expanding parameter)."""
    key = (id(statement), dialect.name)
    if key not in _compiled:
        _kept[id(statement)] = statement
        _compiled[key] = _compile(statement, dialect)
    return _compiled[key]


def _compile(statement: ClauseElement, dialect: Dialect) -> Compiled | None:
    result = cast(SQLCompiler, statement.compile(dialect=dialect))
    binds = result.binds
    if any(bind.expanding for bind in binds.values()) or result.positiontup is None:
        return None
    names = tuple(result.positiontup)
    computed = _python_defaults(result)
    columns = getattr(result, "_result_columns", None) or []
    return Compiled(
        sql=result.string,
        names=names,
        defaults={name: binds[name].effective_value for name in names
                  if not binds[name].required and name not in computed},
        computed=computed,
        binds=tuple(binds[name].type.dialect_impl(dialect).bind_processor(dialect) for name in names),
        results=tuple(entry.type.dialect_impl(dialect).result_processor(dialect, None) for entry in columns),
        returns=bool(columns),
    )


def _python_defaults(result: SQLCompiler) -> dict[str, Callable[[], Any]]:
    """The columns whose default or ``onupdate`` SQLAlchemy computes in Python before running the statement
    (its "prefetch" columns), as zero-argument makers."""
    made: dict[str, Callable[[], Any]] = {}
    for columns, which in ((result.insert_prefetch, "default"), (result.update_prefetch, "onupdate")):
        for column in columns:
            default = getattr(column, which)
            if default.is_callable:
                made[column.key] = partial(default.arg, None)  # SQLAlchemy's wrapper takes a context
            else:
                made[column.key] = partial(lambda value: value, default.arg)
    return made


def sqlite_of(connection: AsyncConnection) -> sqlite3.Connection | None:
    """The ``sqlite3`` connection under ``connection``, when the shortcut applies to it (see the module).
    Which driver connection it is, is looked up once per connection (the statements of a grouped
    transaction follow each other on one); whether somebody listens is looked at every time."""
    global _last
    last = _last
    if last is not None and last[0]() is connection:
        sync, raw = last[1], last[2]
    else:
        sync, raw = _driver_of(connection)
        _last = (weakref.ref(connection), sync, raw)
    if raw is None or sync is None or sync.dispatch.before_cursor_execute or sync.engine.dispatch.before_cursor_execute:
        return None  # (somebody listens: every statement goes where they can see it)
    return raw


_last: tuple[weakref.ref[AsyncConnection], Connection | None, sqlite3.Connection | None] | None = None


def _driver_of(connection: AsyncConnection) -> tuple[Connection | None, sqlite3.Connection | None]:
    sync = connection.sync_connection
    if sync is None or sync.dialect.name != "sqlite":
        return sync, None
    driver = sync.connection.driver_connection
    if not isinstance(driver, InlineConnection):
        return sync, None
    raw = driver._connection  # the inline connection's own sqlite3 connection (storage.sqlite_inline)
    return sync, raw if isinstance(raw, sqlite3.Connection) else None


async def execute(connection: AsyncConnection, statement: ClauseElement,
                  params: dict[str, Any]) -> list[tuple[Any, ...]]:
    """Run ``statement`` with ``params`` in the connection's transaction; its rows (none for a statement
    without RETURNING), each value as SQLAlchemy would give it."""
    driven = _driven(connection, statement)
    if driven is None:
        result = await connection.execute(statement, params)  # type: ignore[call-overload]
        return [tuple(row) for row in result] if result.returns_rows else []
    raw, prepared = driven
    values = prepared.parameters(params)
    try:
        cursor = raw.execute(prepared.sql, values)
        if not prepared.returns:
            return []
        rows = cursor.fetchall()
    except sqlite3.Error as error:
        raise _as_sqlalchemy_error(prepared.sql, values, error) from error
    return [prepared.row(row) for row in rows]


async def execute_many(connection: AsyncConnection, statement: ClauseElement,
                       params: Sequence[dict[str, Any]]) -> None:
    """Run ``statement`` (no RETURNING) once per parameter set, in the connection's transaction: one
    ``executemany`` on the driver, or SQLAlchemy's own executemany where the shortcut does not apply."""
    if not params:
        return
    driven = _driven(connection, statement)
    if driven is None:
        await connection.execute(statement, list(params))  # type: ignore[call-overload]
        return
    raw, prepared = driven
    values = [prepared.parameters(one) for one in params]
    try:
        raw.executemany(prepared.sql, values)
    except sqlite3.Error as error:
        raise _as_sqlalchemy_error(prepared.sql, values, error) from error


def _driven(connection: AsyncConnection, statement: ClauseElement) -> tuple[sqlite3.Connection, Compiled] | None:
    """The driver's connection and the statement compiled for it, when the shortcut applies to both."""
    raw = sqlite_of(connection)
    prepared = compiled(statement, connection.dialect) if raw is not None else None
    return (raw, prepared) if raw is not None and prepared is not None else None


def _as_sqlalchemy_error(sql: str, values: Any, error: sqlite3.Error) -> StatementError:
    """A driver error as SQLAlchemy's own (``IntegrityError`` …), the values left out of its text."""
    return DBAPIError.instance(sql, values, error, sqlite3.Error, hide_parameters=True)
