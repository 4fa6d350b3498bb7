"""The access log on the API: a young person's own log for who may read it, the admin's
search; strangers and JIMs are refused; reading is logged; the page costs the same queries."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select

from jimnet.access.models import AccessLogEntry
from jimnet.accounts.roles import StaffRole
from jimnet.extensions import db


def test_the_young_person_reads_who_looked_at_her_file(make: Any, client_factory: Any) -> None:
    pro = make.user(StaffRole.PROFESSIONAL, name="Sanne Zorgverlener")
    youth = make.youth(professionals=[pro])
    own = make.participant(youth, "youth")
    client_factory().login(pro).api("GET", f"/api/v1/youth/{youth.id}")
    body = client_factory().login(own).api("GET", f"/api/v1/youth/{youth.id}/access-log").json
    looked = [e for e in body["items"] if e["actor_name"] == "Sanne Zorgverlener"]
    assert looked and looked[0]["action"] == "view" and looked[0]["outcome"] == "allowed"
    assert looked[0]["action_text"] == "bekeek het dossier"
    assert body["page"] == 1 and body["has_next"] is False
    assert "ip" not in looked[0]


def test_who_may_not_read_the_log_gets_404(make: Any, client_factory: Any) -> None:
    pro = make.user(StaffRole.PROFESSIONAL)
    youth = make.youth(professionals=[pro])
    other_parent = make.participant(make.youth(), "parent")
    for user in (other_parent, make.user(StaffRole.PROFESSIONAL)):
        response = client_factory().login(user).api("GET", f"/api/v1/youth/{youth.id}/access-log")
        assert response.status_code == 404
    bad = client_factory().login(pro).api("GET", f"/api/v1/youth/{youth.id}/access-log?page=0")
    assert bad.status_code == 400 and bad.json["errors"][0]["pointer"] == "?page"


def test_the_admin_searches_and_the_search_is_logged(
    app: Any, make: Any, client_factory: Any
) -> None:
    org = make.organisation()
    admin = make.user(StaffRole.ORG_ADMIN, org)
    pro = make.user(StaffRole.PROFESSIONAL, org, email="sanne@example.test")
    youth = make.youth(org, professionals=[pro], first_name="Fenna", last_name="Vonk")
    client_factory().login(pro).api("GET", f"/api/v1/youth/{youth.id}")
    client_factory().login(make.user(StaffRole.PROFESSIONAL)).api(
        "GET", f"/api/v1/youth/{youth.id}"
    )
    client = client_factory().login(admin)
    found = client.api("GET", f"/api/v1/access-log?youth_id={youth.id}").json
    assert found.get("youth_id") == youth.id, found
    assert {e["outcome"] for e in found["items"]} == {"allowed", "denied"}
    assert all(e["youth_name"] == "Fenna Vonk" for e in found["items"])
    denied = client.api("GET", f"/api/v1/access-log?youth_id={youth.id}&outcome=denied").json
    assert {e["outcome"] for e in denied["items"]} == {"denied"}
    by_email = client.api("GET", "/api/v1/access-log?actor_email=sanne@example.test").json
    assert by_email["items"] and all(e["actor_name"] for e in by_email["items"])
    nobody = client.api("GET", "/api/v1/access-log?actor_email=niemand@example.test").json
    assert nobody["items"] == [] and nobody["notes"]
    assert client.api("GET", "/api/v1/access-log?since=gisteren").status_code == 400
    refused = client_factory().login(pro).api("GET", "/api/v1/access-log")
    assert refused.status_code == 404
    with app.app_context():
        actions = db.session.scalars(
            select(AccessLogEntry.action).where(AccessLogEntry.object_type == "access_log")
        ).all()
        assert "search" in actions


def test_a_log_page_costs_the_same_queries_for_few_and_many_entries(
    make: Any, client_factory: Any, count_queries: Any
) -> None:
    pro = make.user(StaffRole.PROFESSIONAL)
    youth = make.youth(professionals=[pro])
    reader = client_factory().login(pro)
    url = f"/api/v1/youth/{youth.id}/access-log"
    reader.api("GET", url)
    with count_queries() as few:
        reader.api("GET", url)
    for _ in range(10):
        client_factory().login(make.user(StaffRole.PROFESSIONAL)).api(
            "GET", f"/api/v1/youth/{youth.id}"
        )
    with count_queries() as many:
        assert len(reader.api("GET", url).json["items"]) > 10
    assert len(many) == len(few)
