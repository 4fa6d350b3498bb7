from __future__ import annotations

from sqlalchemy import select

from jimnet.accounts.models import Membership, User
from jimnet.accounts.roles import StaffRole
from jimnet.extensions import db
from jimnet.mail import outbox


def _link_path(body: str) -> str:
    link = next(line for line in body.splitlines() if "://" in line).strip()
    return "/" + link.split("/", 3)[3]


def test_admin_invites_a_colleague_who_joins_with_totp(app, make, client_factory):
    org = make.organisation()
    admin = make.user(StaffRole.ORG_ADMIN, org)
    admin_client = client_factory().login(admin)
    response = admin_client.form(
        "/organisatie/uitnodigen",
        {"email": "nieuw@example.test", "role": "professional", "organisation_id": org.id},
        token_page="/organisatie/",
    )
    assert response.status_code == 302
    with app.app_context():
        mail = list(outbox())[-1]
    path = _link_path(mail.body)
    newcomer = client_factory()
    token = newcomer.csrf_token(path)
    response = newcomer.post(
        path,
        data={
            "csrf_token": token,
            "name": "Nieuwe Collega",
            "password": "een lang wachtwoord",
            "confirm": "een lang wachtwoord",
        },
    )
    assert response.status_code == 302
    with app.app_context():
        user = db.session.scalars(select(User).where(User.email == "nieuw@example.test")).one()
        assert {m.role for m in user.memberships} == {"professional"}
    # Reusing the link fails: it was single-use.
    assert newcomer.get(path).status_code == 410
    # Staff must set up the second factor at first login.
    response = newcomer.login_with_password("nieuw@example.test", "een lang wachtwoord")
    assert response.headers["Location"].endswith("/inloggen/code-instellen")


def test_admin_changes_roles_and_deactivates(app, make, client_factory):
    org = make.organisation()
    admin = make.user(StaffRole.ORG_ADMIN, org)
    worker = make.user(StaffRole.PROFESSIONAL, org)
    worker_client = client_factory().login(worker)
    assert worker_client.get("/jongeren/").status_code == 200
    admin_client = client_factory().login(admin)
    page = f"/organisatie/{org.id}/medewerkers/{worker.id}"
    response = admin_client.form(page, {"roles": ["professional", "coach"]}, token_page=page)
    assert response.status_code == 302
    with app.app_context():
        roles = db.session.scalars(
            select(Membership.role).where(
                Membership.user_id == worker.id, Membership.active.is_(True)
            )
        ).all()
        assert set(roles) == {"professional", "coach"}
    response = admin_client.form(f"{page}/deactiveren", token_page=page)
    assert response.status_code == 302
    with app.app_context():
        assert db.session.get(User, worker.id).active is False
    assert worker_client.get("/jongeren/").status_code == 302  # logged out at once


def test_admin_cannot_remove_her_own_admin_role(make, client):
    org = make.organisation()
    admin = make.user(StaffRole.ORG_ADMIN, org)
    page = f"/organisatie/{org.id}/medewerkers/{admin.id}"
    response = client.login(admin).form(page, {"roles": ["professional"]}, token_page=page)
    assert response.status_code == 200
    assert "eigen beheerdersrol" in response.get_data(as_text=True)


def test_staff_list_uses_constant_queries(make, client, count_queries):
    org = make.organisation()
    admin = make.user(StaffRole.ORG_ADMIN, org)
    client.login(admin)
    client.get("/organisatie/")  # warm-up (caches filled on the first request)
    with count_queries() as few:
        client.get("/organisatie/")
    for _ in range(10):
        make.user(StaffRole.PROFESSIONAL, org)
    with count_queries() as many:
        client.get("/organisatie/")
    assert len(many) == len(few)


def test_non_admins_do_not_reach_the_staff_pages(make, client):
    client.login(make.user(StaffRole.PROFESSIONAL))
    assert client.get("/organisatie/").status_code == 404
