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


def test_a_parent_of_16_gets_a_reason_and_a_stranger_a_404(make, client_factory, clock):
    pro = make.user(StaffRole.PROFESSIONAL)
    sem = make.youth(professionals=[pro], first_name="Sem", date_of_birth=date(2010, 1, 1))
    parent = client_factory().login(make.participant(sem, "parent"))
    refused = parent.api("POST", f"/api/v1/youth/{sem.id}/exports")
    assert refused.status_code == 403
    assert "Sem" in refused.get_json()["detail"]
    stranger = client_factory().login(make.participant(_noa(make), "parent"))
    assert stranger.api("POST", f"/api/v1/youth/{sem.id}/exports").status_code == 404


def test_without_the_csrf_header_a_cookie_session_cannot_ask(make, client, clock):
    noa = _noa(make)
    client.login(make.participant(noa, "youth"))
    response = client.http.post(f"/api/v1/youth/{noa.id}/exports", json={})
    assert response.status_code in (400, 403)
