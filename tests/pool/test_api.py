"""The pool's JSON API: lists for the coordinator, the steps with versions and 409s, strangers."""

from __future__ import annotations

from sqlalchemy import select

from jimnet.access.models import AccessLogEntry
from jimnet.extensions import db
from jimnet.pool.models import MatchState, MentorMatch


def test_coordinator_lists_volunteers_and_proposals_with_reasons(
    app, pool, client_factory, count_queries
):
    w = pool.world()
    volunteer = pool.volunteer(w.organisation, vog_days_ago=1200)
    pool.match(pool.request(w.youth, w.professional), volunteer)
    api = client_factory().login(w.coordinator)
    volunteers = api.api("GET", "/api/v1/pool/volunteers")
    assert volunteers.status_code == 200
    (item,) = volunteers.json["items"]
    assert item["vog_valid"] is False and item["places_taken"] == 0
    proposals = api.api("GET", "/api/v1/pool/proposals").json["items"]
    assert proposals[0]["youth_first_name"] == "Sem"
    assert proposals[0]["reasons"][0]["text"].startswith("Jullie houden allebei van")
    assert proposals[0]["band"] in {"good", "fair", "weak"}


def test_approve_through_the_api_and_a_stale_version_gets_409_with_the_current_state(
    app, pool, client_factory
):
    w = pool.world()
    match = pool.match(pool.request(w.youth, w.professional), pool.volunteer(w.organisation))
    api = client_factory().login(w.coordinator)
    url = f"/api/v1/youth/{w.youth.id}/mentor/matches/{match.id}/approve"
    first = api.api("POST", url, json={"version": match.version})
    assert first.status_code == 200 and first.json["state"] == "approved"
    again = api.api("POST", url, json={"version": match.version})
    assert again.status_code == 409
    assert again.json["current"]["state"] == "approved"
    assert again.json["errors"][0]["current_version"] == first.json["version"]
    with app.app_context():
        outcomes = db.session.scalars(
            select(AccessLogEntry.outcome).where(AccessLogEntry.action == "pool_approve")
        ).all()
        assert sorted(outcomes) == ["allowed", "denied"]


def test_the_young_person_answers_and_an_expired_vog_is_a_clear_problem(app, pool, client_factory):
    w = pool.world()
    request = pool.request(w.youth, w.professional)
    match = pool.match(request, pool.volunteer(w.organisation), MatchState.APPROVED)
    youth = client_factory().login(w.youth_user)
    assert (
        youth.api("GET", f"/api/v1/youth/{w.youth.id}/mentor").json["matches"][0]["state"]
        == "approved"
    )
    declined = youth.api(
        "POST",
        f"/api/v1/youth/{w.youth.id}/mentor/matches/{match.id}/decline",
        json={"version": match.version},
    )
    assert declined.status_code == 200 and declined.json["state"] == "declined"
    # The young person may not approve.
    other = pool.match(
        request, pool.volunteer(w.organisation, vog_days_ago=1200, email="x@example.test")
    )
    refused = youth.api(
        "POST",
        f"/api/v1/youth/{w.youth.id}/mentor/matches/{other.id}/approve",
        json={"version": other.version},
    )
    assert refused.status_code == 404
    coordinator = client_factory().login(w.coordinator)
    expired = coordinator.api(
        "POST",
        f"/api/v1/youth/{w.youth.id}/mentor/matches/{other.id}/approve",
        json={"version": other.version},
    )
    assert expired.status_code == 409 and expired.json["type"].endswith("pool-vog")
    with app.app_context():
        assert db.session.get(MentorMatch, other.id).state == MatchState.PROPOSED


def test_bad_bodies_and_strangers(app, pool, make, client_factory):
    w = pool.world()
    match = pool.match(pool.request(w.youth, w.professional), pool.volunteer(w.organisation))
    api = client_factory().login(w.coordinator)
    url = f"/api/v1/youth/{w.youth.id}/mentor/matches/{match.id}/approve"
    bad = api.api("POST", url, json={"version": "1", "colour": "red"})
    assert bad.status_code == 422
    assert {e["pointer"] for e in bad.json["errors"]} == {"/version", "/colour"}
    stranger = client_factory().login(make.user("coordinator", make.organisation()))
    assert stranger.api("POST", url, json={}).status_code == 404
    assert stranger.api("GET", f"/api/v1/youth/{w.youth.id}/mentor").status_code == 404
    assert stranger.api("GET", "/api/v1/pool/volunteers").json["items"] == []
    assert (
        client_factory().login(w.professional).api("GET", "/api/v1/pool/volunteers").status_code
        == 404
    )


def test_the_pool_is_in_the_openapi_document(client):
    paths = client.get("/api/v1/openapi.json").json["paths"]
    assert "/api/v1/pool/proposals" in paths
    assert "/api/v1/youth/{youth_id}/mentor/matches/{match_id}/approve" in paths
