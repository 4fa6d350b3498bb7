"""The export in the JSON API: same rules as the pages, problem details for every refusal."""

from __future__ import annotations

from datetime import date

from jimnet.accounts.roles import StaffRole


def _noa(make):
    pro = make.user(StaffRole.PROFESSIONAL)
    return make.youth(professionals=[pro], first_name="Noa", date_of_birth=date(2011, 3, 1))


def test_ask_list_and_download_once(make, client, clock):
    noa = _noa(make)
    client.login(make.participant(noa, "youth"))
    created = client.api("POST", f"/api/v1/youth/{noa.id}/exports")
    assert created.status_code == 201, created.get_json()
    body = created.get_json()
    assert body["status"] == "ready"
    assert body["json_url"].endswith("/data.json")
    listed = client.api("GET", f"/api/v1/youth/{noa.id}/exports").get_json()
    assert [e["id"] for e in listed["items"]] == [body["id"]]
    first = client.api("GET", body["json_url"])
    assert first.status_code == 200
    assert first.get_json()["schema"] == "jimnet-export/1"
    second = client.api("GET", body["json_url"])
    assert second.status_code == 410
    assert second.headers["Content-Type"] == "application/problem+json"
    assert (
        client.api("GET", f"/api/v1/youth/{noa.id}/exports").get_json()["items"][0]["json_url"]
        is None
    )


def test_asking_twice_is_a_conflict_that_names_the_open_export(make, client, clock):
    noa = _noa(make)
    client.login(make.participant(noa, "youth"))
    first = client.api("POST", f"/api/v1/youth/{noa.id}/exports").get_json()
    again = client.api("POST", f"/api/v1/youth/{noa.id}/exports")
    assert again.status_code == 409
    assert again.get_json()["existing"]["id"] == first["id"]


def test_a_parent_of_16_and_a_stranger_get_a_404(make, client_factory, clock):
    pro = make.user(StaffRole.PROFESSIONAL)
    sem = make.youth(professionals=[pro], first_name="Sem", date_of_birth=date(2010, 1, 1))
    parent = client_factory().login(make.participant(sem, "parent"))
    assert parent.api("POST", f"/api/v1/youth/{sem.id}/exports").status_code == 404
    stranger = client_factory().login(make.participant(_noa(make), "parent"))
    assert stranger.api("POST", f"/api/v1/youth/{sem.id}/exports").status_code == 404


def test_without_the_csrf_header_a_cookie_session_cannot_ask(make, client, clock):
    noa = _noa(make)
    client.login(make.participant(noa, "youth"))
    response = client.http.post(f"/api/v1/youth/{noa.id}/exports", json={})
    assert response.status_code in (400, 403)


def _lisa(make, app):
    from jimnet.extensions import db
    from jimnet.privacy.models import RetentionFacts

    org = make.organisation()
    pro = make.user(StaffRole.PROFESSIONAL, org)
    admin = make.user(StaffRole.ORG_ADMIN, org)
    lisa = make.youth(org, professionals=[pro], date_of_birth=date(2007, 6, 1))
    with app.app_context():
        db.session.add(RetentionFacts(youth_id=lisa.id, care_ended_on=date(2025, 11, 1)))
        db.session.commit()
    return pro, admin, lisa


def test_erasure_recorded_then_decided_through_the_api(app, make, client_factory, clock):
    pro, admin, lisa = _lisa(make, app)
    pro_client = client_factory().login(pro)
    body = {"scope": "file", "requested_by": "youth", "requested_on": "2026-11-20"}
    created = pro_client.api("POST", f"/api/v1/youth/{lisa.id}/erasure-requests", json=body)
    assert created.status_code == 201, created.get_json()
    request_id = created.get_json()["id"]
    twice = pro_client.api("POST", f"/api/v1/youth/{lisa.id}/erasure-requests", json=body)
    assert twice.status_code == 409
    decision = f"/api/v1/youth/{lisa.id}/erasure-requests/{request_id}/decision"
    assert pro_client.api("POST", decision, json={"approve": True}).status_code == 404
    admin_client = client_factory().login(admin)
    no_reason = admin_client.api("POST", decision, json={"approve": False})
    assert no_reason.status_code == 422
    assert no_reason.get_json()["errors"][0]["pointer"] == "/reason"
    done = admin_client.api("POST", decision, json={"approve": True})
    assert done.status_code == 200, done.get_json()
    assert done.get_json()["status"] == "executed" and done.get_json()["youth_id"] is None
    assert admin_client.api("GET", f"/api/v1/youth/{lisa.id}").status_code == 404


def test_bad_erasure_requests_point_at_the_field(app, make, client, clock):
    pro, _admin, lisa = _lisa(make, app)
    client.login(pro)
    url = f"/api/v1/youth/{lisa.id}/erasure-requests"
    future = client.api(
        "POST", url, json={"scope": "file", "requested_by": "youth", "requested_on": "2027-01-01"}
    )
    assert future.status_code == 422
    assert future.get_json()["errors"][0]["pointer"] == "/requested_on"
    parent = client.api(
        "POST", url, json={"scope": "file", "requested_by": "parent", "requested_on": "2026-11-01"}
    )
    assert parent.get_json()["errors"][0]["pointer"] == "/requested_by"
    wrong = client.api("POST", url, json={"scope": "everything", "requested_by": "youth"})
    assert wrong.status_code == 422
