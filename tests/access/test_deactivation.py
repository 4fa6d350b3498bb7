"""Deactivation ends access through that organisation at once, whatever roles remain elsewhere.

A care-team row is held through one organisation: the young person's own, or the consortium
partner whose colleague joined the team. It counts only while its holder has an active care role
(professional or coach) there.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import select

from jimnet.accounts import services as accounts
from jimnet.accounts.models import User
from jimnet.accounts.roles import StaffRole
from jimnet.extensions import db
from jimnet.organisations import services as organisations
from jimnet.youth.models import CareTeamMember


def _token(app: Any, user: User) -> str:
    with app.app_context():
        raw, _token = accounts.create_api_token(db.session, db.session.get(User, user.id), "t")
        db.session.commit()
        return raw


def _fresh(app: Any, user: User) -> User:
    with app.app_context():
        found = db.session.get(User, user.id)
        assert found is not None
        db.session.refresh(found)
        found.memberships  # noqa: B018
        return found


def _sees(app: Any, client_factory: Any, user: User, raw: str, youth_id: int) -> dict[str, int]:
    client = client_factory().login(_fresh(app, user))
    listed = client.api("GET", "/api/v1/youth", token=raw).get_json()
    return {
        "page": client.get(f"/jongeren/{youth_id}").status_code,
        "network": client.get(f"/jongeren/{youth_id}/netwerk").status_code,
        "api": client.api("GET", f"/api/v1/youth/{youth_id}", token=raw).status_code,
        "listed": int(any(item["id"] == youth_id for item in listed["items"])),
    }


ALL_IN = {"page": 200, "network": 200, "api": 200, "listed": 1}
ALL_OUT = {"page": 404, "network": 404, "api": 404, "listed": 0}


def test_deactivated_in_the_youths_organisation_with_a_role_in_a_partner(app, make, client_factory):
    consortium = make.consortium()
    org_a = make.organisation(consortium=consortium)
    org_b = make.organisation(consortium=consortium)
    pro = make.user(StaffRole.PROFESSIONAL, org_a)
    lead = make.user(StaffRole.PROFESSIONAL, org_a)
    organisations_b = make.user(StaffRole.ORG_ADMIN, org_b)  # noqa: F841 - b has its own admin
    with app.app_context():
        organisations.set_roles(
            db.session, db.session.get(User, pro.id), org_b.id, {StaffRole.PROFESSIONAL}
        )
        db.session.commit()
    youth = make.youth(org_a, professionals=[lead, pro])
    raw = _token(app, pro)
    assert _sees(app, client_factory, pro, raw, youth.id) == ALL_IN

    admin = make.user(StaffRole.ORG_ADMIN, org_a)
    response = (
        client_factory()
        .login(admin)
        .form(
            f"/organisatie/{org_a.id}/medewerkers/{pro.id}/deactiveren", token_page="/organisatie/"
        )
    )
    assert response.status_code == 302
    # Still a professional of the partner organisation, with a working API token: no access to
    # organisation A's young person, on the page, in the API, nor in the list.
    assert _fresh(app, pro).is_active
    assert _sees(app, client_factory, pro, raw, youth.id) == ALL_OUT


def test_all_roles_unticked_ends_the_team_row(app, make, client_factory):
    org = make.organisation()
    pro = make.user(StaffRole.PROFESSIONAL, org)
    lead = make.user(StaffRole.PROFESSIONAL, org)
    youth = make.youth(org, professionals=[lead, pro])
    raw = _token(app, pro)
    assert _sees(app, client_factory, pro, raw, youth.id) == ALL_IN
    with app.app_context():
        # Only an intake role is left: intake staff do not get care-team access.
        organisations.set_roles(
            db.session, db.session.get(User, pro.id), org.id, {StaffRole.INTAKE}
        )
        db.session.commit()
    assert _sees(app, client_factory, pro, raw, youth.id) == ALL_OUT
    with app.app_context():
        organisations.set_roles(
            db.session, db.session.get(User, pro.id), org.id, {StaffRole.PROFESSIONAL}
        )
        db.session.commit()
    assert _sees(app, client_factory, pro, raw, youth.id) == ALL_IN


def test_a_partners_colleague_holds_the_row_through_the_partner(app, make, client_factory):
    consortium = make.consortium()
    org_a = make.organisation(consortium=consortium)
    org_b = make.organisation(consortium=consortium)
    lead = make.user(StaffRole.PROFESSIONAL, org_a)
    coach = make.user(StaffRole.COACH, org_b, email="partner.coach@example.test")
    youth = make.youth(org_a, professionals=[lead])
    response = (
        client_factory()
        .login(lead)
        .form(
            f"/jongeren/{youth.id}/team",
            {"team-email": "partner.coach@example.test", "team-role": "coach"},
            token_page=f"/jongeren/{youth.id}/team",
        )
    )
    assert response.status_code == 302
    with app.app_context():
        row = db.session.scalars(
            select(CareTeamMember).where(CareTeamMember.user_id == coach.id)
        ).one()
        assert row.organisation_id == org_b.id
    raw = _token(app, coach)
    assert _sees(app, client_factory, coach, raw, youth.id) == ALL_IN
    with app.app_context():
        # Ended at the partner; an intake role in organisation A does not carry the row.
        user = db.session.get(User, coach.id)
        organisations.set_roles(db.session, user, org_a.id, {StaffRole.INTAKE})
        organisations.deactivate(db.session, user, org_b.id)
        db.session.commit()
    assert _sees(app, client_factory, coach, raw, youth.id) == ALL_OUT


def test_caseload_lists_follow_the_rule(app, make, client_factory):
    """The JIM pipeline and the home page count only rows that still grant access."""
    org = make.organisation()
    other = make.organisation()
    pro = make.user(StaffRole.PROFESSIONAL, org)
    lead = make.user(StaffRole.PROFESSIONAL, org)
    youth = make.youth(org, professionals=[lead, pro], last_name="Oudeteam")
    with app.app_context():
        user = db.session.get(User, pro.id)
        organisations.set_roles(db.session, user, other.id, {StaffRole.PROFESSIONAL})
        organisations.deactivate(db.session, user, org.id)
        db.session.commit()
    client = client_factory().login(_fresh(app, pro))
    assert "Oudeteam" not in client.get("/jim/overzicht").get_data(as_text=True)
    assert "Oudeteam" not in client.get("/jongeren/").get_data(as_text=True)
    assert client.get(f"/jongeren/{youth.id}/jim").status_code == 404
