"""``flask verify-log`` against someone with full database rights, and the other bad inputs.

The attacker here can drop the append-only triggers, change, erase and insert rows, and rebuild
the whole tree (leaf hashes and nodes need no key). What they cannot reach: the entry key, the
signing key, and the directory of published checkpoints.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import time_machine
from sqlalchemy import delete, func, insert, select, text, update

from jimnet.access import append_only, keyed, merkle
from jimnet.access.models import (
    AccessLogCheckpoint,
    AccessLogEntry,
    AccessLogLeaf,
    AccessLogNode,
    AccessLogSubject,
    AccessLogTree,
)
from jimnet.accounts.roles import StaffRole
from jimnet.extensions import db
from tests.access.conftest import settings_for

T0 = datetime(2026, 11, 24, 9, 0, tzinfo=UTC)


def _drop_guard() -> None:
    """Play an attacker with the table owner's rights: first remove the append-only triggers."""
    dialect = db.session.get_bind().dialect.name
    for statement in append_only.all_statements(dialect, drop=True):
        db.session.execute(text(statement))


def _browse(make, client, times=3):
    pro = make.user(StaffRole.PROFESSIONAL)
    youth = make.youth(professionals=[pro])
    client.login(pro)
    for _ in range(times):
        assert client.get(f"/jongeren/{youth.id}").status_code == 200
    return pro, youth


def _texts(report):
    return [f.text for f in report.findings]


def _rebuild_tree(app) -> None:
    """What an attacker with the database does after erasing rows: recompute every leaf and
    node from the remaining entries and write a state that matches (no key is needed)."""
    with app.app_context():
        _drop_guard()
        for model in (AccessLogLeaf, AccessLogNode, AccessLogSubject):
            db.session.execute(delete(model))
        columns = [AccessLogEntry.__table__.c[n] for n in ("id", *keyed.FIELDS, "mac")]
        builder = merkle.Builder(0, [])
        leaves, nodes = [], []
        last = None
        for row in db.session.execute(select(*columns).order_by(AccessLogEntry.id)):
            data = keyed.canonical(row[1:-1])
            digest = merkle.leaf_hash(keyed.entry_leaf(row[0], data, row[-1]))
            leaves.append({"seq": builder.size, "entry_id": row[0], "hash": digest})
            nodes += [{"level": lv, "index": ix, "hash": h} for lv, ix, h in builder.append(digest)]
            last = row[0]
        if leaves:
            db.session.execute(insert(AccessLogLeaf), leaves)
        if nodes:
            db.session.execute(insert(AccessLogNode), nodes)
        db.session.execute(
            update(AccessLogTree).values(size=builder.size, next_entry_id=(last or 0) + 1)
        )
        db.session.execute(delete(AccessLogCheckpoint))
        db.session.commit()


def test_an_honest_log_verifies_and_then_only_what_is_new(make, client, log):
    _browse(make, client, 3)
    result = log.sequence()
    assert result.sequenced >= 3 and result.checkpoint and result.published == 1
    first = log.verify()
    assert first.ok, _texts(first)
    assert first.checkpoints_checked == 1 and first.to_size == result.size
    client.get("/jongeren/")  # more entries
    second_run = log.sequence()
    again = log.verify()
    assert again.ok, _texts(again)
    # Incremental: only the leaves after the checkpoint verified last time are walked.
    assert again.from_size == first.to_size
    assert again.leaves_checked == second_run.size - first.to_size
    assert log.verify(full=True).leaves_checked == second_run.size


def test_full_database_access_rewriting_history_is_caught(app, make, client, log):
    """Triggers dropped, one professional's reads erased, everything re-hashed and the tree
    rebuilt to match: the published checkpoints do not match any more."""
    pro, _youth = _browse(make, client, 6)
    client.login(make.user(StaffRole.PROFESSIONAL)).get("/jongeren/")  # someone else's entry
    log.sequence()
    assert log.verify().ok
    with app.app_context():
        _drop_guard()
        db.session.execute(
            delete(AccessLogEntry).where(
                AccessLogEntry.actor_user_id == pro.id, AccessLogEntry.action == "view"
            )
        )
        db.session.commit()
    _rebuild_tree(app)
    incremental = log.verify()
    assert incremental.broken
    assert any("rebuilt" in t for t in _texts(incremental))
    full = log.verify(full=True)
    assert full.broken
    assert any("leaves were removed" in t for t in _texts(full))
    # And the sequencer will not sign the rebuilt tree.
    refused = log.sequence()
    assert refused.refused and "published" in refused.refused


def test_erasing_the_tree_and_letting_the_sequencer_start_again_is_caught(app, make, client, log):
    _browse(make, client, 4)
    log.sequence()
    with app.app_context():
        _drop_guard()
        for model in (AccessLogLeaf, AccessLogNode, AccessLogCheckpoint):
            db.session.execute(delete(model))
        db.session.execute(delete(AccessLogTree))
        db.session.commit()
    result = log.sequence()
    assert result.refused and "published" in result.refused
    assert log.verify(full=True).broken


def test_a_row_changed_after_it_was_sequenced_is_caught(app, make, client, log):
    _browse(make, client, 3)
    log.sequence()
    with app.app_context():
        victim = db.session.scalars(select(AccessLogEntry.id).order_by(AccessLogEntry.id)).first()
        _drop_guard()
        db.session.execute(
            update(AccessLogEntry).where(AccessLogEntry.id == victim).values(actor_user_id=999)
        )
        db.session.commit()
    report = log.verify(full=True)
    assert report.broken
    assert f"entry {victim} was changed: its MAC does not match its content." in _texts(report)
    assert any("no longer matches the checkpoint" in t for t in _texts(report))


def test_a_row_changed_before_it_was_sequenced_is_caught(app, make, client, log):
    _browse(make, client, 2)
    with app.app_context():
        victim = db.session.scalars(select(AccessLogEntry.id).order_by(AccessLogEntry.id)).first()
        _drop_guard()
        db.session.execute(
            update(AccessLogEntry).where(AccessLogEntry.id == victim).values(outcome="denied")
        )
        db.session.commit()
    assert log.verify().broken  # while it waits for the sequencer
    result = log.sequence()
    assert result.bad_macs == [victim]
    assert any(
        f"entry {victim} was changed before it was sequenced" in t for t in _texts(log.verify())
    )


def test_a_row_removed_after_it_was_sequenced_is_caught(app, make, client, log):
    _browse(make, client, 3)
    log.sequence()
    with app.app_context():
        victim = db.session.scalars(select(AccessLogEntry.id).order_by(AccessLogEntry.id)).all()[1]
        _drop_guard()
        db.session.execute(delete(AccessLogEntry).where(AccessLogEntry.id == victim))
        db.session.commit()
    report = log.verify()
    assert report.broken
    assert any(f"entry {victim} " in t and "removed" in t for t in _texts(report))


def test_a_row_removed_before_it_was_sequenced_is_reported(app, make, client, log):
    _browse(make, client, 4)
    with app.app_context():
        ids = db.session.scalars(select(AccessLogEntry.id).order_by(AccessLogEntry.id)).all()
        _drop_guard()
        db.session.execute(delete(AccessLogEntry).where(AccessLogEntry.id == ids[1]))
        db.session.commit()
    result = log.sequence()
    assert result.gaps == [(ids[1], ids[1])]
    report = log.verify()
    assert not report.ok and not report.broken  # a warning: an honest system can lose ids too
    assert any(f"entries {ids[1]}–{ids[1]} never reached the log" in t for t in _texts(report))


def test_the_newest_row_removed_before_sequencing_shows_as_a_gap_later(app, make, client, log):
    _pro, youth = _browse(make, client, 2)
    with app.app_context():
        last = db.session.scalar(select(func.max(AccessLogEntry.id)))
        _drop_guard()
        db.session.execute(delete(AccessLogEntry).where(AccessLogEntry.id == last))
        db.session.commit()
    client.get(f"/jongeren/{youth.id}")  # ids only grow: the next entry shows the hole
    assert (last, last) in log.sequence().gaps


def test_a_gap_is_waited_for_on_postgresql_before_it_is_recorded(app, make, client, log):
    """A missing id may belong to a transaction still committing: the sequencer waits for it
    (JIMNET_LOG_GAP_SECONDS) without holding anything up, then records the gap."""
    slow = settings_for(app, log.root, JIMNET_LOG_GAP_SECONDS=30)
    log.settings = slow
    _browse(make, client, 3)
    with app.app_context():
        ids = db.session.scalars(select(AccessLogEntry.id).order_by(AccessLogEntry.id)).all()
        _drop_guard()
        db.session.execute(delete(AccessLogEntry).where(AccessLogEntry.id == ids[1]))
        db.session.commit()

    def wait_longer():  # as if JIMNET_LOG_GAP_SECONDS had passed
        with app.app_context():
            seen = db.session.scalar(select(AccessLogTree.gap_seen_at))
            db.session.execute(
                update(AccessLogTree).values(gap_seen_at=seen - timedelta(seconds=31))
            )
            db.session.commit()

    first = log.sequence()
    if db.session.get_bind().dialect.name == "sqlite":
        assert first.gaps == [(ids[1], ids[1])]  # writers are serialised: final at once
        return
    # The very first run waits too: an id below the lowest visible one may still be committing.
    assert first.waiting_for_gap == ids[0] and first.sequenced == 0
    wait_longer()
    second = log.sequence()
    assert second.waiting_for_gap == ids[1] and second.sequenced == 1
    assert client.get("/jongeren/").status_code == 200  # requests never wait for it
    wait_longer()
    assert log.sequence().gaps == [(ids[1], ids[1])]


def test_a_missing_checkpoint_file_is_reported(make, client, log):
    with time_machine.travel(T0, tick=False):
        pro, _youth = _browse(make, client, 2)
        log.sequence()
    for day in (1, 2):
        with time_machine.travel(T0 + timedelta(days=day), tick=False):
            assert client.login(pro).get("/jongeren/").status_code == 200
            log.sequence()
    files = sorted(log.checkpoints.glob("checkpoints-*.txt"))
    assert len(files) == 3
    files[1].unlink()
    report = log.verify(full=True)
    assert report.broken
    assert any("missing" in t for t in _texts(report))


def test_the_whole_checkpoint_directory_missing_is_reported(make, client, log):
    _browse(make, client, 2)
    log.sequence()
    assert log.verify().ok
    for path in log.checkpoints.glob("checkpoints-*.txt"):
        path.unlink()
    report = log.verify()
    assert report.broken
    assert any("verified last time" in t and "missing" in t for t in _texts(report))
    assert any("missing from the published files" in t for t in _texts(log.verify(full=True)))


def test_an_altered_checkpoint_is_reported(make, client, log):
    _browse(make, client, 2)
    log.sequence()
    (path,) = log.checkpoints.glob("checkpoints-*.txt")
    lines = path.read_text().split("\n")
    # The root, changed in its first character (to another one: a root may start with "A").
    lines[2] = ("B" if lines[2][0] == "A" else "A") + lines[2][1:]
    path.write_text("\n".join(lines))
    report = log.verify(full=True)
    assert report.broken
    assert any("was altered" in t for t in _texts(report))


def test_a_clock_that_jumps_back_is_reported(make, client, log):
    with time_machine.travel(T0, tick=False):
        _browse(make, client, 2)
        log.sequence()
    with time_machine.travel(T0 - timedelta(hours=2), tick=False):
        assert client.get("/jongeren/").status_code == 200
        log.sequence()
    report = log.verify(full=True)
    assert not report.broken and not report.ok
    texts = _texts(report)
    assert any("a clock went back: entry" in t for t in texts)
    assert any("a clock went back: the checkpoint" in t for t in texts)


def test_erasing_a_youth_keeps_the_log_verifiable(app, make, client, log):
    from jimnet.access.models import YouthPseudonym
    from jimnet.youth.models import Youth

    _pro, youth = _browse(make, client, 2)
    log.sequence()
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
    assert log.verify(full=True).ok


def test_requests_go_on_while_the_sequencer_is_behind(make, client, log):
    _browse(make, client, 5)  # no sequencer at all
    report = log.verify()
    assert report.ok and report.unsequenced >= 5
    assert log.sequence().sequenced == report.unsequenced
