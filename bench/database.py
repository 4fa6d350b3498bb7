"""The bench's databases: a fresh SQLite file or PostgreSQL database, migrated to the heads,
and bulk inserts (COPY on PostgreSQL, executemany on SQLite)."""

from __future__ import annotations

import json
import socket
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Connection

PG_SERVER = "postgresql+psycopg://postgres@127.0.0.1:5432/postgres"
PG_DATABASE = "jimnet_bench"


def postgresql_answers(host: str = "127.0.0.1", port: int = 5432) -> bool:
    try:
        with socket.create_connection((host, port), timeout=2):
            pass
    except OSError:
        return False
    try:
        engine = sa.create_engine(PG_SERVER)
        with engine.connect() as conn:
            conn.execute(sa.text("SELECT 1"))
        engine.dispose()
    except sa.exc.SQLAlchemyError:
        return False
    return True


def fresh_postgresql(name: str = PG_DATABASE, server: str = PG_SERVER) -> str:
    """Drop and create the bench database; returns its URL."""
    admin = sa.create_engine(server, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(sa.text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        conn.execute(sa.text(f'CREATE DATABASE "{name}"'))
    admin.dispose()
    return sa.make_url(server).set(database=name).render_as_string(hide_password=False)


def fresh_sqlite(directory: Path) -> str:
    path = directory / "bench.sqlite"
    for suffix in ("", "-wal", "-shm"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)
    return f"sqlite:///{path}"


def backend_of(url: str) -> str:
    return "postgresql" if url.startswith("postgresql") else "sqlite"


def _copy_value(value: Any) -> Any:
    if isinstance(value, dict | list):
        return json.dumps(value)
    return value


def insert_rows(conn: Connection, table: sa.Table, rows: Sequence[Mapping[str, Any]]) -> int:
    """Insert many rows at once: COPY on PostgreSQL, one executemany on SQLite.

    Rows carry their own primary keys (the builders number them), so no ids are read back.
    Every row of one call has the same keys.
    """
    if not rows:
        return 0
    if not conn.in_transaction():
        conn.begin()  # COPY runs on the driver's connection: let conn.commit() end it
    if conn.dialect.name == "postgresql":
        columns = list(rows[0])
        raw = conn.connection.driver_connection
        assert raw is not None
        quoted = ", ".join(f'"{c}"' for c in columns)
        with (
            raw.cursor() as cursor,
            cursor.copy(f'COPY "{table.name}" ({quoted}) FROM STDIN') as copy,
        ):
            for row in rows:
                copy.write_row([_copy_value(row[c]) for c in columns])
    else:
        for start in range(0, len(rows), 50_000):
            conn.execute(table.insert(), list(rows[start : start + 50_000]))
    return len(rows)


def reset_sequences(conn: Connection, tables: Iterable[sa.Table]) -> None:
    """After inserting explicit ids on PostgreSQL, let the sequences continue after them."""
    if conn.dialect.name != "postgresql":
        return
    for table in tables:
        pk = list(table.primary_key.columns)
        if len(pk) != 1 or not isinstance(pk[0].type, sa.Integer):
            continue
        name, column = table.name, pk[0].name
        sql = f"SELECT setval(pg_get_serial_sequence('{name}', '{column}'), COALESCE((SELECT MAX(\"{column}\") FROM \"{name}\"), 0) + 1, false)"  # noqa: S608 - names from the metadata
        conn.execute(sa.text(sql))


def analyse(conn: Connection) -> None:
    """Fresh planner statistics, as autovacuum (PostgreSQL) or a nightly ANALYZE would give."""
    conn.execute(sa.text("ANALYZE"))


def server_version(conn: Connection) -> str:
    if conn.dialect.name == "postgresql":
        return str(conn.execute(sa.text("SHOW server_version")).scalar())
    return str(conn.execute(sa.text("SELECT sqlite_version()")).scalar())
