from __future__ import annotations

from jimnet.accounts.roles import StaffRole


def test_young_person_sees_who_looked_at_her_file(app, make, client_factory):
    pro = make.user(StaffRole.PROFESSIONAL, name="Sanne Zorgverlener")
    youth = make.youth(professionals=[pro])
    youth_user = make.participant(youth, "youth")
    client_factory().login(pro).get(f"/jongeren/{youth.id}")
    own = client_factory().login(youth_user)
    page = own.get(f"/jongeren/{youth.id}/logboek")
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    assert "Sanne Zorgverlener" in html
    assert "bekeek je dossier" in html  # said to her, in the second person


def test_parent_sees_the_log_but_another_parent_does_not(make, client_factory):
    pro = make.user(StaffRole.PROFESSIONAL)
    # Under 12: a parent with authority sees the whole file (tests/access/test_parents.py).
    youth = make.youth(professionals=[pro], age=11)
    parent = make.participant(youth, "parent")
    stranger = make.participant(make.youth(), "parent")
    assert client_factory().login(parent).get(f"/jongeren/{youth.id}/logboek").status_code == 200
    assert client_factory().login(stranger).get(f"/jongeren/{youth.id}/logboek").status_code == 404


def test_reading_the_log_is_logged(app, make, client):
    from sqlalchemy import select

    from jimnet.access.models import AccessLogEntry
    from jimnet.extensions import db

    pro = make.user(StaffRole.PROFESSIONAL)
    youth = make.youth(professionals=[pro])
    client.login(pro).get(f"/jongeren/{youth.id}/logboek")
    with app.app_context():
        actions = db.session.scalars(select(AccessLogEntry.action)).all()
        assert "view_log" in actions


def test_org_admin_searches_the_log_of_her_organisation(app, make, client_factory):
    org = make.organisation()
    admin = make.user(StaffRole.ORG_ADMIN, org)
    pro = make.user(StaffRole.PROFESSIONAL, org, email="sanne@example.test")
    youth = make.youth(org, professionals=[pro], first_name="Fenna", last_name="Vonk")
    outsider = make.user(StaffRole.PROFESSIONAL)
    client_factory().login(pro).get(f"/jongeren/{youth.id}")
    client_factory().login(outsider).get(f"/jongeren/{youth.id}")  # refused, and logged
    admin_client = client_factory().login(admin)
    page = admin_client.get(f"/logboek?jongere={youth.id}")
    html = page.get_data(as_text=True)
    assert page.status_code == 200
    assert "Fenna Vonk" in html
    assert "geweigerd" in html
    denied_only = admin_client.get(f"/logboek?jongere={youth.id}&uitkomst=denied").get_data(
        as_text=True
    )
    assert "toegestaan</td>" not in denied_only
    by_email = admin_client.get("/logboek?medewerker=sanne@example.test").get_data(as_text=True)
    assert "Fenna Vonk" in by_email


def test_org_admin_cannot_search_another_organisations_youth(make, client):
    admin = make.user(StaffRole.ORG_ADMIN)
    youth = make.youth(first_name="Geheim", last_name="Elders")
    page = client.login(admin).get(f"/logboek?jongere={youth.id}")
    assert page.status_code == 200
    assert "Geheim Elders" not in page.get_data(as_text=True)


def test_log_search_is_for_org_admins_only(make, client):
    pro = make.user(StaffRole.PROFESSIONAL)
    assert client.login(pro).get("/logboek").status_code == 404


def test_log_pages_use_a_constant_number_of_queries(app, make, client_factory, count_queries):
    org = make.organisation()
    admin = make.user(StaffRole.ORG_ADMIN, org)
    pros = [make.user(StaffRole.PROFESSIONAL, org) for _ in range(6)]
    youth = make.youth(org, professionals=pros)
    for pro in pros[:2]:
        client_factory().login(pro).get(f"/jongeren/{youth.id}")
    admin_client = client_factory().login(admin)
    with count_queries() as few:
        admin_client.get(f"/logboek?jongere={youth.id}")
    for pro in pros:
        client_factory().login(pro).get(f"/jongeren/{youth.id}")
    with count_queries() as many:
        admin_client.get(f"/logboek?jongere={youth.id}")
    assert len(many) == len(few)


def test_admin_log_search_pages_through_many_entries(app, make, client_factory):
    org = make.organisation()
    admin = make.user(StaffRole.ORG_ADMIN, org)
    pro = make.user(StaffRole.PROFESSIONAL, org)
    youth = make.youth(org, professionals=[pro])
    visitor = client_factory().login(pro)
    for _ in range(55):
        visitor.get(f"/jongeren/{youth.id}")
    admin_client = client_factory().login(admin)
    first = admin_client.get(f"/logboek?jongere={youth.id}")
    assert first.status_code == 200
    assert "Ouder" in first.get_data(as_text=True)
    second = admin_client.get(f"/logboek?jongere={youth.id}&page=2")
    assert second.status_code == 200
    assert "Nieuwer" in second.get_data(as_text=True)
