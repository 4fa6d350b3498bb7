from __future__ import annotations

import itertools

from sqlalchemy import select, text, update

from jimnet.access import chain
from jimnet.access.models import AccessLogEntry, AccessLogHead
from jimnet.accounts.roles import StaffRole
from jimnet.extensions import db


def _drop_guard() -> None:
    """Play an attacker with the table owner's rights: first remove the append-only triggers."""
    from jimnet.access import append_only

    for statement in append_only.statements(db.session.get_bind().dialect.name, drop=True):
        db.session.execute(text(statement))


def _browse(client, youth, times=3):
    for _ in range(times):
        assert client.get(f"/jongeren/{youth.id}").status_code == 200


def test_every_view_appends_one_chained_entry(app, make, client):
    pro = make.user(StaffRole.PROFESSIONAL)
    youth = make.youth(professionals=[pro])
    client.login(pro)
    _browse(client, youth)
    with app.app_context():
        rows = db.session.scalars(select(AccessLogEntry).order_by(AccessLogEntry.seq)).all()
        views = [r for r in rows if r.action == "view" and r.object_type == "youth"]
        assert len(views) == 3
        assert all(r.outcome == "allowed" and r.actor_user_id == pro.id for r in views)
        assert all(r.actor_role == "professional" and r.request_id for r in views)
        for previous, row in itertools.pairwise(rows):
            assert row.prev_hash == previous.hash
        assert chain.verify(db.session).ok


def test_a_changed_row_is_reported_as_the_first_broken_link(app, make, client):
    pro = make.user(StaffRole.PROFESSIONAL)
    youth = make.youth(professionals=[pro])
    client.login(pro)
    _browse(client, youth, 4)
    with app.app_context():
        seqs = db.session.scalars(select(AccessLogEntry.seq).order_by(AccessLogEntry.seq)).all()
        victim = seqs[1]
        _drop_guard()
        db.session.execute(
            update(AccessLogEntry).where(AccessLogEntry.seq == victim).values(actor_user_id=999)
        )
        db.session.commit()
        report = chain.verify(db.session)
        assert not report.ok
        assert report.broken_at_seq == victim
        assert "changed" in report.reason


def test_a_removed_row_is_reported(app, make, client):
    pro = make.user(StaffRole.PROFESSIONAL)
    youth = make.youth(professionals=[pro])
    client.login(pro)
    _browse(client, youth, 4)
    with app.app_context():
        seqs = db.session.scalars(select(AccessLogEntry.seq).order_by(AccessLogEntry.seq)).all()
        _drop_guard()
        db.session.execute(text("DELETE FROM access_log WHERE seq = :s"), {"s": seqs[2]})
        db.session.commit()
        report = chain.verify(db.session)
        assert report.broken_at_seq == seqs[2]


def test_removing_the_tail_is_reported(app, make, client):
    pro = make.user(StaffRole.PROFESSIONAL)
    youth = make.youth(professionals=[pro])
    client.login(pro)
    _browse(client, youth, 3)
    with app.app_context():
        last = db.session.scalar(
            select(AccessLogEntry.seq).order_by(AccessLogEntry.seq.desc()).limit(1)
        )
        _drop_guard()
        db.session.execute(text("DELETE FROM access_log WHERE seq = :s"), {"s": last})
        db.session.commit()
        report = chain.verify(db.session)
        assert not report.ok
        assert report.broken_at_seq == last


def test_a_rehashed_forgery_breaks_the_link_to_the_next_row(app, make, client):
    pro = make.user(StaffRole.PROFESSIONAL)
    youth = make.youth(professionals=[pro])
    client.login(pro)
    _browse(client, youth, 3)
    with app.app_context():
        rows = db.session.scalars(select(AccessLogEntry).order_by(AccessLogEntry.seq)).all()
        forged = rows[0]
        fields = {name: getattr(forged, name) for name in chain.CHAINED_FIELDS}
        fields["outcome"] = "denied"
        new_hash = chain.row_hash(forged.prev_hash, fields)
        _drop_guard()
        db.session.execute(
            update(AccessLogEntry)
            .where(AccessLogEntry.seq == forged.seq)
            .values(outcome="denied", hash=new_hash)
        )
        db.session.commit()
        report = chain.verify(db.session)
        assert report.broken_at_seq == rows[1].seq


def test_erasing_a_youth_keeps_the_chain_intact(app, make, client):
    from jimnet.access.models import YouthPseudonym
    from jimnet.youth.models import Youth

    pro = make.user(StaffRole.PROFESSIONAL)
    youth = make.youth(professionals=[pro])
    client.login(pro)
    _browse(client, youth, 2)
    with app.app_context():
        pseudonym = db.session.scalar(
            select(YouthPseudonym.pseudonym).where(YouthPseudonym.youth_id == youth.id)
        )
        db.session.delete(db.session.get(Youth, youth.id))
        db.session.commit()
        assert db.session.get(YouthPseudonym, pseudonym) is None
        assert db.session.scalar(
            select(AccessLogEntry.id).where(AccessLogEntry.youth_pseudonym == pseudonym)
        )
        assert chain.verify(db.session).ok


def test_head_row_tracks_the_chain(app, make, client):
    pro = make.user(StaffRole.PROFESSIONAL)
    youth = make.youth(professionals=[pro])
    client.login(pro)
    _browse(client, youth, 2)
    with app.app_context():
        head = db.session.get(AccessLogHead, chain.HEAD_ID)
        last = db.session.scalars(
            select(AccessLogEntry).order_by(AccessLogEntry.seq.desc())
        ).first()
        assert (head.seq, head.hash) == (last.seq, last.hash)


def test_the_database_refuses_to_change_or_remove_log_rows(app, make, client):
    import pytest
    from sqlalchemy.exc import DBAPIError

    pro = make.user(StaffRole.PROFESSIONAL)
    youth = make.youth(professionals=[pro])
    client.login(pro)
    _browse(client, youth, 1)
    with app.app_context():
        for statement in (
            update(AccessLogEntry).values(outcome="denied"),
            text("DELETE FROM access_log"),
        ):
            with pytest.raises(DBAPIError, match="append-only"), db.session.begin_nested():
                db.session.execute(statement)
        assert chain.verify(db.session).ok
