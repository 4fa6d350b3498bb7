"""The learned volunteer-mentor matcher through the shared model store: trained from past
matches, saved with skops and a SHA-256, used by a proposal round, refused when its file
changes (the documented rule takes over and the coordinator and the admin see why), activated
and rolled back by an org admin."""

from __future__ import annotations

import hashlib
import random
from datetime import date, timedelta

import time_machine
from sqlalchemy import select

from jimnet.accounts.roles import StaffRole
from jimnet.clock import today
from jimnet.db import utcnow
from jimnet.extensions import db
from jimnet.matching import store
from jimnet.matching.models import ModelKind, ModelVersion
from jimnet.pool import learning
from jimnet.pool.models import (
    EndReason,
    MatchState,
    MentorMatch,
    MentorRequest,
    ProposalRound,
    RequestStatus,
)
from tests.matching.conftest import models_dir  # noqa: F401 - a fixture

NOW = date(2026, 6, 1)


def _history(app, make, pool, w, n: int = 60, seed: int = 4) -> None:
    """Past matches of 12 young people whose outcome follows the distance: close ones lasted.
    The documented rule weighs interests most, so a model learns something the rule misses."""
    rng = random.Random(seed)
    youths = [make.youth(w.organisation) for _ in range(12)]
    volunteer = pool.volunteer(w.organisation, capacity=3)
    with app.app_context():
        for i in range(n):
            youth = youths[i % len(youths)]
            request = MentorRequest(
                youth_id=youth.id,
                organisation_id=w.organisation.id,
                status=RequestStatus.CLOSED,
            )
            db.session.add(request)
            db.session.flush()
            distance, interests = rng.random(), rng.random()
            lasted = distance + rng.gauss(0, 0.15) > 0.5
            started = utcnow() - timedelta(days=400)
            db.session.add(
                MentorMatch(
                    request_id=request.id,
                    youth_id=youth.id,
                    volunteer_id=volunteer.id,
                    state=MatchState.ENDED,
                    score=0.5,
                    features={"interests": interests, "languages": 1.0, "distance": distance},
                    active_since=started,
                    ended_at=started + timedelta(days=300 if lasted else 60),
                    end_reason=EndReason.OTHER if lasted else EndReason.NO_CLICK,
                )
            )
        db.session.commit()


def _train(app, directory):
    with app.app_context():
        report = learning.train_and_save(
            db.session(), directory, today(), created_by="test", now=utcnow()
        )
        db.session.commit()
        if report.version is not None:
            db.session.refresh(report.version)
            db.session.expunge(report.version)
        return report


def test_too_few_outcomes_keep_the_documented_rule(app, pool, make, models_dir):  # noqa: F811
    w = pool.world()
    _history(app, make, pool, w, n=20)
    report = _train(app, models_dir)
    assert not report.trained and "at least 40" in report.message
    with app.app_context():
        scorer, in_use = learning.matcher_in_use(db.session(), models_dir)
        assert in_use.method == "rule" and scorer.method == "rule"
        assert not store.versions(db.session(), ModelKind.MENTOR_MATCHER)


def test_a_trained_matcher_is_saved_versioned_and_used_by_the_round(
    app,
    pool,
    make,
    client_factory,
    models_dir,  # noqa: F811
):
    w = pool.world()
    _history(app, make, pool, w)
    report = _train(app, models_dir)
    assert report.trained and report.activated, report.message
    assert report.figures["model"]["auc"] > report.figures["rule"]["auc"]
    version = report.version
    path = models_dir / version.file_name
    assert version.kind == "mentor_matcher" and path.suffix == ".skops"
    assert version.sha256 == hashlib.sha256(path.read_bytes()).hexdigest()
    card = store.card_path(models_dir, version).read_text()
    assert "volunteer-mentor matcher" in card and "Held-out AUC" in card
    pool.request(w.youth, w.professional)
    coordinator = client_factory().login(w.coordinator)
    assert f"het geleerde model, versie {version.id}" in coordinator.get("/mentorpool/").get_data(
        as_text=True
    )
    coordinator.form("/mentorpool/ronde", {}, token_page="/mentorpool/")
    with app.app_context():
        round_ = db.session.scalars(select(ProposalRound)).one()
        assert (round_.method, round_.model_version_id) == ("model", version.id)
    page = coordinator.get("/mentorpool/").get_data(as_text=True)
    assert f"geleerd van eerdere koppelingen (model versie {version.id})" in page
    # The admin sees it with its figures; the API lists it beside the JIM ranker's versions.
    admin = client_factory().login(make.user(StaffRole.ORG_ADMIN, w.organisation))
    html = admin.get("/beheer/modellen/").get_data(as_text=True)
    assert "Model voor de mentorpool" in html and "geleerd van 60 eerdere koppelingen" in html
    listed = admin.api("GET", "/api/v1/models").json
    assert listed["matcher_in_use"] == {
        "method": "model",
        "label": f"geleerd van eerdere koppelingen (model versie {version.id})",
        "version_id": version.id,
        "refused": None,
    }
    assert [i["kind"] for i in listed["items"]] == ["mentor_matcher"]


def test_one_changed_byte_is_refused_the_rule_scores_and_everyone_sees_why(
    app,
    pool,
    make,
    client_factory,
    models_dir,  # noqa: F811
):
    w = pool.world()
    _history(app, make, pool, w)
    version = _train(app, models_dir).version
    path = models_dir / version.file_name
    data = bytearray(path.read_bytes())
    data[len(data) // 2] ^= 0x01
    path.write_bytes(bytes(data))
    with app.app_context():
        scorer, in_use = learning.matcher_in_use(db.session(), models_dir)
    assert scorer.method == "rule" and in_use.refused.code == store.CHECKSUM
    pool.request(w.youth, w.professional)
    coordinator = client_factory().login(w.coordinator)
    page = coordinator.get("/mentorpool/").get_data(as_text=True)
    assert f"Het geleerde model (versie {version.id}) wordt niet gebruikt" in page
    assert "de controlesom klopt niet" in page
    coordinator.form("/mentorpool/ronde", {}, token_page="/mentorpool/")
    with app.app_context():
        round_ = db.session.scalars(select(ProposalRound)).one()
        assert (round_.method, round_.model_version_id) == ("rule", None)
        assert db.session.scalars(select(MentorMatch).where(MentorMatch.round_id == round_.id))
    admin = client_factory().login(make.user(StaffRole.ORG_ADMIN, w.organisation))
    html = admin.get("/beheer/modellen/").get_data(as_text=True)
    assert f"Versie {version.id} is actief, maar wordt geweigerd" in html
    listed = admin.api("GET", "/api/v1/models").json
    assert listed["matcher_in_use"]["method"] == "rule"
    assert "controlesom" in listed["matcher_in_use"]["refused"]
    # Back to the rule on the admin's page; the refused version cannot be made active again.
    back = admin.form(
        "/beheer/modellen/vaste-regel", {"active": str(version.id)}, token_page="/beheer/modellen/"
    )
    assert back.status_code == 302
    again = admin.form(
        f"/beheer/modellen/{version.id}/activeren", {"active": ""}, token_page="/beheer/modellen/"
    )
    assert again.status_code == 302
    with app.app_context():
        assert not db.session.get(ModelVersion, version.id).active


def test_an_admin_rolls_back_to_an_older_matcher_version(
    app,
    pool,
    make,
    client_factory,
    models_dir,  # noqa: F811
):
    w = pool.world()
    _history(app, make, pool, w)
    first = _train(app, models_dir).version
    with time_machine.travel(utcnow() + timedelta(days=1), tick=False):
        _history(app, make, pool, w, n=40, seed=9)
        second = _train(app, models_dir).version
    with app.app_context():
        active = store.active(db.session(), ModelKind.MENTOR_MATCHER)
    admin = client_factory().login(make.user(StaffRole.ORG_ADMIN, w.organisation))
    older = first if active.id == second.id else second
    response = admin.form(
        f"/beheer/modellen/{older.id}/activeren",
        {"active": str(active.id)},
        token_page="/beheer/modellen/",
    )
    assert response.status_code == 302
    with app.app_context():
        assert store.active(db.session(), ModelKind.MENTOR_MATCHER).id == older.id
        # The JIM ranker is untouched by the matcher's activation.
        assert store.active(db.session(), ModelKind.JIM_RANKER) is None
