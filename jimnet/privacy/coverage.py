"""Which tables hold personal data, and how an export covers each one.

Every table of the models is in exactly one of these groups; ``tests/privacy/test_coverage.py``
fails when a table is added without saying which, so that no personal data can be added that an
export silently leaves out.

- *A young person's file*: every table with a ``youth_id`` column, and every table that hangs
  under one of those by a cascading foreign key (a BIG5 score under its assessment). Found from
  the metadata, so a new table of that kind is exported without anyone remembering it.
- ``LOG_TABLES``: the access log; exported as "who looked at my file", in words.
- ``ACCOUNT_TABLES``: data about an account rather than about a file (staff, JIM, volunteer).
- ``NOT_PERSONAL``: reference data and the log's tree, with the reason.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import MetaData, Table

# Never in an export: secrets and the log's own integrity fields.
SECRET_COLUMNS = frozenset(
    {
        "token_hash",
        "password_hash",
        "totp_secret",
        "totp_last_step",
        "session_token",
        "mac",
        "nonce",
        "open_key",
        "json_data",
        "html_data",
    }
)

# Tables with a youth_id that are not part of her file as such.
YOUTH_INTERNAL = {
    "youth_pseudonym": "the link from the log's pseudonym to her record; her log is exported",
}

LOG_TABLES = {
    "access_log": "exported as 'who looked at my file', in words",
    "access_log_subject": "which lists showed her: part of 'who looked at my file'",
}

ACCOUNT_TABLES = {
    "user_account": "an account's name, e-mail address and language",
    "membership": "a staff member's roles in organisations",
    "api_token": "an account's API tokens (names and dates)",
    "web_session": "an account's open sessions (expire on their own)",
    "volunteer": "a volunteer mentor's registration and screening",
    "proposal_round": "who made a round of mentor proposals (staff)",
    "model_version": "the name of the staff member who trained or activated a model",
}

NOT_PERSONAL = {
    "access_log_leaf": "hashes of log entries (the Merkle tree), no personal data",
    "access_log_node": "hashes of the Merkle tree",
    "access_log_tree": "the sequencer's state",
    "access_log_checkpoint": "signed tree heads",
    "consortium": "organisations, not persons",
    "organisation": "organisations, not persons",
    "site_setting": "settings of the site",
    "big5_domain_set": "the BIG5 domains (reference data)",
    "big5_domain": "the BIG5 domains (reference data)",
    "big5_level_descriptor": "the BIG5 scale (reference data)",
    "big5_consortium_setting": "a consortium's choice of BIG5 domains",
}


@dataclass(frozen=True)
class FileTable:
    """One table of a young person's file: by ``youth_id``, or under ``parent`` by ``column``."""

    table: Table
    parent: str | None = None
    column: str | None = None


def file_tables(metadata: MetaData) -> list[FileTable]:
    """The tables of a young person's file, parents before children, in a stable order."""
    direct = [
        t
        for t in metadata.sorted_tables
        if "youth_id" in t.c and t.name not in YOUTH_INTERNAL and t.name not in LOG_TABLES
    ]
    found = [FileTable(t) for t in direct]
    names = {t.name for t in direct} | {"youth"}
    for table in metadata.sorted_tables:
        if table.name in names or table.name in YOUTH_INTERNAL:
            continue
        for fk in table.foreign_keys:
            target = fk.column.table.name
            if target in names and target != "youth" and fk.ondelete == "CASCADE":
                found.append(FileTable(table, target, fk.parent.name))
                break
    return found


def unclassified(metadata: MetaData) -> list[str]:
    """Tables that no group above covers (the coverage test wants none)."""
    covered = (
        {"youth"}
        | {f.table.name for f in file_tables(metadata)}
        | set(YOUTH_INTERNAL)
        | set(LOG_TABLES)
        | set(ACCOUNT_TABLES)
        | set(NOT_PERSONAL)
    )
    return sorted(t.name for t in metadata.sorted_tables if t.name not in covered)
