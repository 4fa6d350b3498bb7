"""the access log without a global lock: keyed entries, a Merkle tree built by a sequencer

Revision ID: 0008_log_merkle
Revises: 0008_pool

Entries lose the hash chain (``seq``, ``prev_hash``, ``hash`` and the one head row every request
locked) and gain an HMAC under ``JIMNET_LOG_KEY`` (``nonce``, ``mac``) and the list of young
people a list showed (``subjects``). The chain of existing rows is verified first (the upgrade
refuses a broken chain: run ``flask verify-log`` on the old release); then each row is keyed,
in its chain order, so that the sequencer puts it into the tree like any new entry. The tree
itself (leaves, nodes, state, checkpoints) and the per-youth index of lists are new tables.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import secrets

import sqlalchemy as sa
from alembic import op
from flask import current_app

revision = "0008_log_merkle"
down_revision = "0008_pool"
branch_labels = None
depends_on = None

MESSAGE = "the access log is append-only"
LOG_ID = sa.BigInteger().with_variant(sa.Integer(), "sqlite")
APPEND_ONLY = ("access_log", "access_log_leaf", "access_log_node", "access_log_subject")
# Frozen copies of the field lists as they were at this revision.
OLD_FIELDS = (
    "seq", "occurred_at", "actor_user_id", "actor_role", "actor_organisation_id",
    "on_behalf_of_user_id", "youth_pseudonym", "action", "object_type", "object_id", "outcome",
    "ip", "request_id", "route",
)  # fmt: skip
NEW_FIELDS = (
    "occurred_at", "actor_user_id", "actor_role", "actor_organisation_id",
    "on_behalf_of_user_id", "youth_pseudonym", "subjects", "action", "object_type", "object_id",
    "outcome", "ip", "request_id", "route", "nonce",
)  # fmt: skip


def _time(value):  # type: ignore[no-untyped-def]
    if isinstance(value, str):  # SQLite without type processing
        value = sa.types.DateTime().result_processor(op.get_bind().dialect, None)(value) or value
    if getattr(value, "tzinfo", None) is not None:
        from datetime import UTC

        value = value.astimezone(UTC)
    return value.strftime("%Y-%m-%dT%H:%M:%S.%f")


def _old_hash(prev, row):  # type: ignore[no-untyped-def]
    values = [_time(row[n]) if n == "occurred_at" else row[n] for n in OLD_FIELDS]
    payload = json.dumps(values, separators=(",", ":"))
    return hashlib.sha256(f"{prev}|{payload}".encode()).hexdigest()


def _triggers(table, drop):  # type: ignore[no-untyped-def]
    dialect = op.get_bind().dialect.name
    if dialect == "sqlite":
        if drop:
            return (
                f"DROP TRIGGER IF EXISTS {table}_no_update",
                f"DROP TRIGGER IF EXISTS {table}_no_delete",
            )
        return (
            f"CREATE TRIGGER {table}_no_update BEFORE UPDATE ON {table} "
            f"BEGIN SELECT RAISE(ABORT, '{MESSAGE}'); END",
            f"CREATE TRIGGER {table}_no_delete BEFORE DELETE ON {table} "
            f"BEGIN SELECT RAISE(ABORT, '{MESSAGE}'); END",
        )
    if dialect == "postgresql":
        if drop:
            return (f"DROP TRIGGER IF EXISTS {table}_append_only ON {table}",)
        return (
            "CREATE OR REPLACE FUNCTION access_log_append_only() RETURNS trigger LANGUAGE plpgsql "
            f"AS $$ BEGIN RAISE EXCEPTION '{MESSAGE}'; END $$",
            f"CREATE TRIGGER {table}_append_only BEFORE UPDATE OR DELETE ON {table} "
            "FOR EACH ROW EXECUTE FUNCTION access_log_append_only()",
        )
    return ()


def upgrade():
    conn = op.get_bind()
    for statement in _triggers("access_log", drop=True):
        op.execute(statement)
    key = current_app.config["JIMNET_LOG_KEY"].encode()
    with op.batch_alter_table("access_log") as batch_op:
        batch_op.add_column(sa.Column("subjects", sa.Text(), nullable=True))
        batch_op.add_column(sa.Column("nonce", sa.String(length=16), nullable=True))
        batch_op.add_column(sa.Column("mac", sa.String(length=64), nullable=True))
    log = sa.table("access_log", *(sa.column(n) for n in (*OLD_FIELDS, "id", "prev_hash",
                                                          "hash", "subjects", "nonce", "mac")))  # fmt: skip
    prev = "0" * 64
    expected = 1
    for row in conn.execute(sa.select(log).order_by(log.c.seq)).mappings():
        if (
            row["seq"] != expected
            or row["prev_hash"] != prev
            or _old_hash(prev, row) != row["hash"]
        ):
            raise RuntimeError(
                f"the access log's old hash chain is broken at entry {row['seq']}: not converted. "
                "Run `flask verify-log` on the previous release and investigate first."
            )
        prev, expected = row["hash"], expected + 1
        nonce = secrets.token_hex(8)
        values = [
            _time(row[n]) if n == "occurred_at" else (nonce if n == "nonce" else row.get(n))
            for n in NEW_FIELDS
        ]
        data = json.dumps(["jimnet-log-1", *values], separators=(",", ":"), ensure_ascii=True)
        conn.execute(
            sa.update(log)
            .where(log.c.id == row["id"])
            .values(nonce=nonce, mac=hmac.digest(key, data.encode(), "sha256").hex())
        )
    with op.batch_alter_table(
        "access_log", recreate="always", table_kwargs={"sqlite_autoincrement": True}
    ) as batch_op:
        batch_op.drop_index("ix_access_log_youth_seq")
        # (youth, id) answers every per-youth question now; one index less to write per entry.
        batch_op.drop_index("ix_access_log_youth_time")
        batch_op.drop_constraint("uq_access_log_seq", type_="unique")
        batch_op.drop_column("seq")
        batch_op.drop_column("prev_hash")
        batch_op.drop_column("hash")
        batch_op.alter_column("nonce", existing_type=sa.String(16), nullable=False)
        batch_op.alter_column("mac", existing_type=sa.String(64), nullable=False)
        batch_op.alter_column("id", existing_type=sa.Integer(), type_=LOG_ID)
        batch_op.create_index("ix_access_log_youth_id", ["youth_pseudonym", "id"], unique=False)
    if conn.dialect.name == "postgresql":
        op.execute("ALTER SEQUENCE IF EXISTS access_log_id_seq AS bigint")
    op.drop_table("access_log_head")

    op.create_table(
        "access_log_leaf",
        sa.Column("seq", sa.BigInteger(), autoincrement=False, nullable=False),
        sa.Column("entry_id", sa.BigInteger(), nullable=True),
        sa.Column("gap_first", sa.BigInteger(), nullable=True),
        sa.Column("gap_last", sa.BigInteger(), nullable=True),
        sa.Column("hash", sa.LargeBinary(length=32), nullable=False),
        sa.PrimaryKeyConstraint("seq", name=op.f("pk_access_log_leaf")),
        sa.UniqueConstraint("entry_id", name=op.f("uq_access_log_leaf_entry_id")),
    )
    op.create_table(
        "access_log_node",
        sa.Column("level", sa.SmallInteger(), autoincrement=False, nullable=False),
        sa.Column("index", sa.BigInteger(), autoincrement=False, nullable=False),
        sa.Column("hash", sa.LargeBinary(length=32), nullable=False),
        sa.PrimaryKeyConstraint("level", "index", name=op.f("pk_access_log_node")),
    )
    op.create_table(
        "access_log_tree",
        sa.Column("id", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("size", sa.BigInteger(), nullable=False),
        sa.Column("next_entry_id", sa.BigInteger(), nullable=True),
        sa.Column("gap_at", sa.BigInteger(), nullable=True),
        sa.Column("gap_seen_at", sa.DateTime(timezone=True), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_access_log_tree")),
    )
    op.create_table(
        "access_log_checkpoint",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("size", sa.BigInteger(), nullable=False),
        sa.Column("root", sa.LargeBinary(length=32), nullable=False),
        sa.Column("signed_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("note", sa.Text(), nullable=False),
        sa.Column("published_at", sa.DateTime(timezone=True), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_access_log_checkpoint")),
        sa.UniqueConstraint("size", name=op.f("uq_access_log_checkpoint_size")),
    )
    op.create_table(
        "access_log_subject",
        sa.Column("youth_pseudonym", sa.String(length=32), nullable=False),
        sa.Column("entry_id", sa.BigInteger(), autoincrement=False, nullable=False),
        sa.PrimaryKeyConstraint("youth_pseudonym", "entry_id", name=op.f("pk_access_log_subject")),
    )
    for table in APPEND_ONLY:
        for statement in _triggers(table, drop=False):
            op.execute(statement)


def downgrade():
    conn = op.get_bind()
    for table in APPEND_ONLY:
        for statement in _triggers(table, drop=True):
            op.execute(statement)
    for table in ("access_log_subject", "access_log_checkpoint", "access_log_tree",
                  "access_log_node", "access_log_leaf"):  # fmt: skip
        op.drop_table(table)
    op.create_table(
        "access_log_head",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("seq", sa.BigInteger(), nullable=False),
        sa.Column("hash", sa.String(length=64), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_access_log_head")),
    )
    with op.batch_alter_table("access_log") as batch_op:
        batch_op.add_column(sa.Column("seq", sa.BigInteger(), nullable=True))
        batch_op.add_column(sa.Column("prev_hash", sa.String(length=64), nullable=True))
        batch_op.add_column(sa.Column("hash", sa.String(length=64), nullable=True))
    # The old chain again, in id order (MACs cannot be carried back: the old release has none).
    log = sa.table("access_log", *(sa.column(n) for n in (*OLD_FIELDS, "id", "prev_hash", "hash")))
    prev, seq = "0" * 64, 0
    for row in conn.execute(sa.select(log).order_by(log.c.id)).mappings():
        seq += 1
        fields = {**row, "seq": seq}
        digest = _old_hash(prev, fields)
        conn.execute(
            sa.update(log).where(log.c.id == row["id"]).values(seq=seq, prev_hash=prev, hash=digest)
        )
        prev = digest
    if seq:
        conn.execute(sa.text("INSERT INTO access_log_head (id, seq, hash) VALUES (1, :s, :h)"),
                     {"s": seq, "h": prev})  # fmt: skip
    with op.batch_alter_table("access_log", recreate="always") as batch_op:
        batch_op.drop_index("ix_access_log_youth_id")
        batch_op.drop_column("subjects")
        batch_op.drop_column("nonce")
        batch_op.drop_column("mac")
        batch_op.alter_column("seq", existing_type=sa.BigInteger(), nullable=False)
        batch_op.alter_column("prev_hash", existing_type=sa.String(64), nullable=False)
        batch_op.alter_column("hash", existing_type=sa.String(64), nullable=False)
        batch_op.alter_column("id", existing_type=LOG_ID, type_=sa.Integer())
        batch_op.create_unique_constraint("uq_access_log_seq", ["seq"])
        batch_op.create_index("ix_access_log_youth_seq", ["youth_pseudonym", "seq"], unique=False)
        batch_op.create_index(
            "ix_access_log_youth_time", ["youth_pseudonym", "occurred_at"], unique=False
        )
    for statement in _triggers("access_log", drop=False):
        op.execute(statement)
