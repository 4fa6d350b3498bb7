"""Model files: saved with skops, refused when missing, changed, corrupt or untrusted; one
active version, activated race-free."""

from __future__ import annotations

import fractions
import hashlib
import threading

import pytest
import skops.io as sio
from sqlalchemy import func, select

from jimnet.extensions import db
from jimnet.matching import ranking, store
from jimnet.matching.models import ModelKind, ModelVersion
from tests.conftest import on_postgresql


def test_saved_file_loads_and_its_card_is_written(app, saved, models_dir):
    version = saved()
    path = models_dir / version.file_name
    assert path.is_file() and version.sha256 == hashlib.sha256(path.read_bytes()).hexdigest()
    assert store.card_path(models_dir, version).read_text().startswith("# card")
    loaded = store.load(models_dir, version)
    assert loaded.algorithm == "logistic"
    assert b"pickle" not in path.read_bytes()[:4]  # a zip of JSON, not a pickle stream


def test_one_changed_byte_is_refused_and_the_points_score_ranks(app, saved, models_dir, jim):
    version = saved()
    path = models_dir / version.file_name
    data = bytearray(path.read_bytes())
    data[len(data) // 2] ^= 0x01
    path.write_bytes(bytes(data))
    with pytest.raises(store.Refused) as refused:
        store.load(models_dir, version)
    assert refused.value.code == store.CHECKSUM
    w = jim.world()
    with app.app_context():
        youth = db.session.get(type(w.youth), w.youth.id)
        result = ranking.rank(db.session(), youth, w.youth.date_of_birth, models_dir)
    assert result.ranker.is_fallback and result.ranker.why_fallback == ranking.REFUSED
    assert result.ranker.refused is not None and result.ranker.refused.code == store.CHECKSUM


def test_missing_file_is_refused(app, saved, models_dir):
    version = saved()
    (models_dir / version.file_name).unlink()
    assert store.check(models_dir, version).code == store.MISSING


def test_corrupt_file_with_a_matching_hash_is_refused(app, saved, models_dir):
    version = saved()
    junk = b"PK\x03\x04 not really a zip"
    (models_dir / version.file_name).write_bytes(junk)
    version.sha256 = hashlib.sha256(junk).hexdigest()
    assert store.check(models_dir, version).code == store.CORRUPT


def test_a_file_naming_an_untrusted_type_is_never_loaded(app, saved, models_dir, monkeypatch):
    version = saved()
    evil = sio.dumps({"estimator": fractions.Fraction(1, 3)})
    (models_dir / version.file_name).write_bytes(evil)
    version.sha256 = hashlib.sha256(evil).hexdigest()
    loads = []
    monkeypatch.setattr(store.sio, "loads", lambda *a, **k: loads.append(1))
    refused = store.check(models_dir, version)
    assert refused.code == store.UNTRUSTED and "fractions.Fraction" in refused.detail
    assert not loads


def test_activation_keeps_exactly_one_active_and_refuses_a_stale_page(app, saved):
    first = saved(activate=True)
    second = saved(activate=False)
    with app.app_context():
        session = db.session()
        store.activate(session, second, by_id=None, by_name="a", expected_active_id=first.id)
        with pytest.raises(store.Stale):
            store.activate(session, first, by_id=None, by_name="b", expected_active_id=first.id)
        active = session.scalars(select(ModelVersion.id).where(ModelVersion.active)).all()
        assert active == [second.id]
        store.deactivate(session, ModelKind.JIM_RANKER, expected_active_id=second.id)
        assert store.active(session, ModelKind.JIM_RANKER) is None


@pytest.mark.skipif(not on_postgresql(), reason="SQLite runs writers one at a time")
def test_two_admins_at_once_on_postgresql_leave_exactly_one_active(app, trained, tmp_path):
    """Real threads, real connections, committed rows (cleaned up at the end)."""
    with app.app_context():
        engine = db.engine
        from sqlalchemy.orm import Session

        with Session(engine) as setup:
            ids = []
            for n in range(2):
                version = ModelVersion(
                    kind="jim_ranker", algorithm="logistic", samples=1, metrics={},
                    file_name=f"race-{n}-{tmp_path.name}.skops", sha256="0" * 64,
                )  # fmt: skip
                setup.add(version)
                setup.flush()
                ids.append(version.id)
            setup.commit()
        outcomes: list[str] = []
        barrier = threading.Barrier(2)

        def admin(version_id: int) -> None:
            with Session(engine) as session:
                version = session.get(ModelVersion, version_id)
                barrier.wait()
                try:
                    store.activate(
                        session, version, by_id=None, by_name="x", expected_active_id=None
                    )
                    session.commit()
                    outcomes.append("ok")
                except store.Stale:
                    session.rollback()
                    outcomes.append("stale")

        threads = [threading.Thread(target=admin, args=(i,)) for i in ids]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        try:
            with Session(engine) as check:
                active = check.scalar(
                    select(func.count()).where(ModelVersion.id.in_(ids), ModelVersion.active)
                )
            assert sorted(outcomes) == ["ok", "stale"] and active == 1
        finally:
            with Session(engine) as cleanup:
                for i in ids:
                    cleanup.delete(cleanup.get(ModelVersion, i))
                cleanup.commit()
