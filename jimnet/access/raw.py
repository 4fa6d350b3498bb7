"""The sequencer and the verifier read and write millions of rows: through the driver's own
cursor, without SQLAlchemy's per-row processing (it was most of their time).

Only fixed table and column names are put into SQL here; values always go as parameters.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import Any

from sqlalchemy.orm import Session

from jimnet.access import keyed


def time_sql(dialect: str, column: str = "e.occurred_at") -> str:
    """A timestamp as ``keyed.time_text`` formats it, formatted by the database."""
    if dialect == "postgresql":
        return f"to_char({column} AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS.US')"
    # SQLAlchemy stores SQLite datetimes as 'YYYY-MM-DD HH:MM:SS.ffffff' (always 6 digits).
    return f"replace({column}, ' ', 'T')"


def entry_columns(dialect: str) -> str:
    """``e.id``, the fields of ``keyed.FIELDS`` (the time as text) and ``e.mac``."""
    fields = ", ".join(f"e.{name}" for name in keyed.FIELDS[1:])
    return f"e.id, {time_sql(dialect)}, {fields}, e.mac"


def _driver(session: Session) -> Any:
    raw = session.connection().connection.driver_connection
    assert raw is not None
    return raw


def _placeholders(dialect: str, sql: str) -> str:
    return sql if dialect == "postgresql" else sql.replace("%s", "?")


def rows(session: Session, sql: str, params: Sequence[Any], batch: int = 10_000) -> Iterator[Any]:
    """Stream a query's rows (a server-side cursor on PostgreSQL)."""
    dialect = session.get_bind().dialect.name
    raw = _driver(session)
    if dialect == "postgresql":
        with raw.cursor(name="access_log_stream") as cursor:
            cursor.itersize = batch
            cursor.execute(sql, params)
            yield from cursor
        return
    cursor = raw.cursor()
    try:
        cursor.execute(_placeholders(dialect, sql), params)
        while chunk := cursor.fetchmany(batch):
            yield from chunk
    finally:
        cursor.close()


def fetch(session: Session, sql: str, params: Sequence[Any]) -> list[Any]:
    dialect = session.get_bind().dialect.name
    cursor = _driver(session).cursor()
    try:
        cursor.execute(_placeholders(dialect, sql), params)
        return list(cursor.fetchall())
    finally:
        cursor.close()


def insert_many(
    session: Session, table: str, columns: Sequence[str], values: Sequence[Sequence[Any]]
) -> None:
    if not values:
        return
    dialect = session.get_bind().dialect.name
    names = ", ".join(f'"{c}"' for c in columns)
    marks = ", ".join("%s" for _ in columns)
    sql = f'INSERT INTO "{table}" ({names}) VALUES ({marks})'  # noqa: S608 - fixed names
    cursor = _driver(session).cursor()
    try:
        cursor.executemany(_placeholders(dialect, sql), values)
    finally:
        cursor.close()
