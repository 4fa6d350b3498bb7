"""The database itself refuses to change or remove rows of the access log and its tree.

The signed checkpoints show that a row was changed; these triggers make the ordinary paths to a
change fail outright. Someone with the rights to drop a trigger can still tamper, which is what
the keyed entries, the published checkpoints and ``flask verify-log`` are for.
"""

from __future__ import annotations

from sqlalchemy import DDL, Table, event

MESSAGE = "the access log is append-only"
# Every table whose rows, once written, must never change.
TABLES = ("access_log", "access_log_leaf", "access_log_node", "access_log_subject")


def _sqlite(table: str) -> tuple[str, ...]:
    return (
        f"CREATE TRIGGER {table}_no_update BEFORE UPDATE ON {table} "
        f"BEGIN SELECT RAISE(ABORT, '{MESSAGE}'); END",
        f"CREATE TRIGGER {table}_no_delete BEFORE DELETE ON {table} "
        f"BEGIN SELECT RAISE(ABORT, '{MESSAGE}'); END",
    )


def _sqlite_drop(table: str) -> tuple[str, ...]:
    return (
        f"DROP TRIGGER IF EXISTS {table}_no_update",
        f"DROP TRIGGER IF EXISTS {table}_no_delete",
    )


FUNCTION = (
    "CREATE OR REPLACE FUNCTION access_log_append_only() RETURNS trigger LANGUAGE plpgsql AS "
    f"$$ BEGIN RAISE EXCEPTION '{MESSAGE}'; END $$"
)


def _postgresql(table: str) -> tuple[str, ...]:
    return (
        FUNCTION,
        f"CREATE TRIGGER {table}_append_only BEFORE UPDATE OR DELETE ON {table} "
        "FOR EACH ROW EXECUTE FUNCTION access_log_append_only()",
    )


def _postgresql_drop(table: str) -> tuple[str, ...]:
    return (f"DROP TRIGGER IF EXISTS {table}_append_only ON {table}",)


def statements(dialect: str, *, drop: bool = False, table: str = "access_log") -> tuple[str, ...]:
    if dialect == "sqlite":
        return _sqlite_drop(table) if drop else _sqlite(table)
    if dialect == "postgresql":
        return _postgresql_drop(table) if drop else _postgresql(table)
    return ()


def all_statements(dialect: str, *, drop: bool = False) -> tuple[str, ...]:
    """For every append-only table (an attacker's script drops them all; tests play one)."""
    return tuple(s for table in TABLES for s in statements(dialect, drop=drop, table=table))


def attach(table: Table) -> None:
    """Create the triggers whenever the table is created from the models (tests, create_all)."""
    for dialect in ("sqlite", "postgresql"):
        for statement in statements(dialect, table=table.name):
            ddl = DDL(statement)  # type: ignore[no-untyped-call]
            event.listen(table, "after_create", ddl.execute_if(dialect=dialect))
