"""Organisation administration on the API: what the org admin pages do, for the org admin of
that organisation only; refusals as problem details; every change logged."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select

from jimnet.access.models import AccessLogEntry
from jimnet.accounts.models import User
from jimnet.accounts.roles import StaffRole
from jimnet.extensions import db


def test_the_admin_lists_invites_and_changes_roles(app: Any, make: Any, client: Any) -> None:
    org = make.organisation(name="Jeugdhulp Oost")
    admin = make.user(StaffRole.ORG_ADMIN, org, name="Petra")
    pro = make.user(StaffRole.PROFESSIONAL, org, name="Sanne")
    client.login(admin)
    assert client.api("GET", "/api/v1/organisations").json["items"] == [
        {"id": org.id, "name": "Jeugdhulp Oost", "consortium_id": None}
    ]
    staff = client.api("GET", f"/api/v1/organisations/{org.id}/staff").json["items"]
    assert [(s["name"], s["roles"], s["active"]) for s in staff] == [
        ("Petra", ["org_admin"], True),
        ("Sanne", ["professional"], True),
    ]
    invited = client.api(
        "POST",
        f"/api/v1/organisations/{org.id}/invitations",
        json={"email": "nieuw@example.test", "role": "coach"},
    )
    assert invited.status_code == 201 and invited.json["role"] == "coach"
    assert "nieuw@example.test" in str(app.extensions["jimnet_outbox"][-1])
    url = f"/api/v1/organisations/{org.id}/staff/{pro.id}"
    changed = client.api("PATCH", url, json={"roles": ["professional", "coach"]})
    assert changed.status_code == 200 and sorted(changed.json["roles"]) == ["coach", "professional"]
    off = client.api("PATCH", url, json={"active": False})
    assert (off.json["roles"], off.json["active"]) == ([], False)
    with app.app_context():
        assert db.session.get(User, pro.id).active is False
        logged = db.session.scalars(
            select(AccessLogEntry.action).where(AccessLogEntry.object_type == "user")
        ).all()
        assert {"set_roles", "deactivate"} <= set(logged)
    on = client.api("PATCH", url, json={"active": True, "roles": ["professional"]})
    assert (on.json["roles"], on.json["active"]) == (["professional"], True)


def test_the_admin_keeps_her_own_admin_role_and_account(make: Any, client: Any) -> None:
    org = make.organisation()
    admin = make.user(StaffRole.ORG_ADMIN, org)
    client.login(admin)
    url = f"/api/v1/organisations/{org.id}/staff/{admin.id}"
    assert client.api("PATCH", url, json={"roles": ["professional"]}).status_code == 409
    assert client.api("PATCH", url, json={"active": False}).status_code == 409
    assert client.api("GET", url).json["roles"] == ["org_admin"]
    bad = client.api("PATCH", url, json={"roles": ["baas"]})
    assert bad.status_code == 422 and bad.json["errors"][0]["pointer"] == "/roles/0"


def test_only_the_admin_of_that_organisation(make: Any, client: Any) -> None:
    org, other = make.organisation(), make.organisation()
    pro = make.user(StaffRole.PROFESSIONAL, org)
    make.user(StaffRole.ORG_ADMIN, org)
    for user in (pro, make.user(StaffRole.ORG_ADMIN, other)):
        client.login(user)
        for method, path, body in [
            ("GET", f"/organisations/{org.id}/staff", None),
            (
                "POST",
                f"/organisations/{org.id}/invitations",
                {"email": "a@b.test", "role": "coach"},
            ),
            ("PATCH", f"/organisations/{org.id}/staff/{pro.id}", {"active": False}),
        ]:
            assert client.api(method, "/api/v1" + path, json=body).status_code == 404
    client.login(pro)
    assert client.api("GET", "/api/v1/organisations").json["items"] == []
    admin_elsewhere = make.user(StaffRole.ORG_ADMIN, other)
    client.login(admin_elsewhere)
    assert client.api("GET", f"/api/v1/organisations/{other.id}/staff/{pro.id}").status_code == 404
