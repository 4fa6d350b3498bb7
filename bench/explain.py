"""Query plans from the evidence: the statements a page really sent, explained on the same
database. PostgreSQL: EXPLAIN (ANALYZE, BUFFERS); SQLite: EXPLAIN QUERY PLAN."""

from __future__ import annotations

import re
from typing import Any

from sqlalchemy import Engine

# Statements every request sends (session, user, the log's head): not what a page is about.
ROUTINE = re.compile(
    r"\bFROM (web_session|user_account|membership|access_log_head|youth_pseudonym)\b"
)
TIME = re.compile(r"Execution Time: ([0-9.]+) ms")
KEY_LINE = re.compile(
    r"Scan|Sort|Aggregate|Join|Nested Loop|Limit|SubPlan|Execution Time|SEARCH|SCAN|TEMP B-TREE"
)


def explain(engine: Engine, statements: list[tuple[str, Any]]) -> list[dict[str, Any]]:
    plans = []
    with engine.connect() as conn:
        for statement, parameters in statements:
            if not statement.lstrip().upper().startswith("SELECT") or ROUTINE.search(statement):
                continue
            if engine.dialect.name == "postgresql":
                rows = conn.exec_driver_sql(f"EXPLAIN (ANALYZE, BUFFERS) {statement}", parameters)
                lines = [str(r[0]) for r in rows]
            else:
                rows = conn.exec_driver_sql(f"EXPLAIN QUERY PLAN {statement}", parameters)
                lines = [str(r[-1]) for r in rows]
            found = TIME.search("\n".join(lines))
            plans.append(
                {
                    "statement": " ".join(statement.split())[:600],
                    "execution_ms": float(found.group(1)) if found else None,
                    "key_lines": [line.strip() for line in lines if KEY_LINE.search(line)][:12],
                    "plan": lines,
                }
            )
        conn.rollback()
    return plans
