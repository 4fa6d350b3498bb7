"""Every table is either part of a young person's export or said not to need it, with a reason."""

from __future__ import annotations

from sqlalchemy import Column, ForeignKey, Integer, MetaData, Table

from jimnet.extensions import db
from jimnet.privacy.coverage import file_tables, unclassified


def test_every_table_of_the_models_is_classified(app):
    assert unclassified(db.metadata) == [], (
        "add the table to jimnet/privacy/coverage.py: part of a file (youth_id), an account's "
        "data, or not personal data (with the reason)"
    )


def test_a_new_table_with_personal_data_is_caught(app):
    metadata = MetaData()
    for table in db.metadata.sorted_tables:
        table.to_metadata(metadata)
    Table("diary_note", metadata, Column("id", Integer, primary_key=True))
    assert unclassified(metadata) == ["diary_note"]


def test_tables_under_her_file_are_found_without_a_list(app):
    names = {f.table.name: f.parent for f in file_tables(db.metadata)}
    assert names["big5_score"] == "big5_assessment"  # under her assessment, no youth_id
    assert names["network_member"] is None
    assert "youth_pseudonym" not in names and "access_log" not in names
    metadata = MetaData()
    for table in db.metadata.sorted_tables:
        table.to_metadata(metadata)
    Table(
        "report_line",
        metadata,
        Column("id", Integer, primary_key=True),
        Column("report_id", ForeignKey("jim_check_in.id", ondelete="CASCADE")),
    )
    assert {f.table.name: f.parent for f in file_tables(metadata)}["report_line"] == "jim_check_in"
