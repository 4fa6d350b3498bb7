"""The database itself refuses to change or remove access-log rows.

The hash chain shows that a row was changed; these triggers make the ordinary paths to a change
fail outright. Someone with the rights to drop a trigger can still tamper, which is what the
chain and ``flask verify-log`` are for.
"""

from __future__ import annotations

from sqlalchemy import DDL, Table, event

MESSAGE = "the access log is append-only"

SQLITE = (
    f"CREATE TRIGGER access_log_no_update BEFORE UPDATE ON access_log "
    f"BEGIN SELECT RAISE(ABORT, '{MESSAGE}'); END",
    f"CREATE TRIGGER access_log_no_delete BEFORE DELETE ON access_log "
    f"BEGIN SELECT RAISE(ABORT, '{MESSAGE}'); END",
)
SQLITE_DROP = (
    "DROP TRIGGER IF EXISTS access_log_no_update",
    "DROP TRIGGER IF EXISTS access_log_no_delete",
)

POSTGRESQL = (
    "CREATE OR REPLACE FUNCTION access_log_append_only() RETURNS trigger LANGUAGE plpgsql AS "
    f"$$ BEGIN RAISE EXCEPTION '{MESSAGE}'; END $$",
    "CREATE TRIGGER access_log_append_only BEFORE UPDATE OR DELETE ON access_log "
    "FOR EACH ROW EXECUTE FUNCTION access_log_append_only()",
)
POSTGRESQL_DROP = (
    "DROP TRIGGER IF EXISTS access_log_append_only ON access_log",
    "DROP FUNCTION IF EXISTS access_log_append_only()",
)


def statements(dialect: str, *, drop: bool = False) -> tuple[str, ...]:
    if dialect == "sqlite":
        return SQLITE_DROP if drop else SQLITE
    if dialect == "postgresql":
        return POSTGRESQL_DROP if drop else POSTGRESQL
    return ()


def attach(table: Table) -> None:
    """Create the triggers whenever the table is created from the models (tests, create_all)."""
    for dialect, ddl_statements in (("sqlite", SQLITE), ("postgresql", POSTGRESQL)):
        for statement in ddl_statements:
            ddl = DDL(statement)  # type: ignore[no-untyped-call]
            event.listen(table, "after_create", ddl.execute_if(dialect=dialect))
