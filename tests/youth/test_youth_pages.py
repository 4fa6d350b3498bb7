from __future__ import annotations

from sqlalchemy import select

from jimnet.accounts.roles import StaffRole
from jimnet.extensions import db
from jimnet.youth.models import CareTeamMember, ParentalAuthority, Youth
from tests.factories import years_ago


def test_professional_creates_a_youth_and_leads_her_team(app, make, client):
    org = make.organisation()
    pro = make.user(StaffRole.PROFESSIONAL, org)
    client.login(pro)
    response = client.form(
        "/jongeren/nieuw",
        {
            "first_name": "Lotte",
            "last_name": "Kramer",
            "date_of_birth": years_ago(14).isoformat(),
            "postcode": "3811ab",
            "organisation_id": org.id,
            "parent1_name": "Eva Kramer",
            "parent1_email": "eva@example.test",
        },
        token_page="/jongeren/nieuw",
    )
    assert response.status_code == 302
    with app.app_context():
        youth = db.session.scalars(select(Youth).where(Youth.first_name == "Lotte")).one()
        assert youth.postcode == "3811 AB"
        team = db.session.scalars(
            select(CareTeamMember).where(CareTeamMember.youth_id == youth.id)
        ).all()
        assert [(m.user_id, m.is_lead) for m in team] == [(pro.id, True)]
        authority = db.session.scalars(
            select(ParentalAuthority).where(ParentalAuthority.youth_id == youth.id)
        ).one()
        assert authority.email == "eva@example.test"
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "Lotte Kramer" in page
    assert "14 jaar" in page


def test_bad_youth_input_shows_errors_next_to_fields_and_keeps_input(make, client):
    org = make.organisation()
    pro = make.user(StaffRole.PROFESSIONAL, org)
    client.login(pro)
    response = client.form(
        "/jongeren/nieuw",
        {
            "first_name": "Lotte",
            "last_name": "",
            "date_of_birth": "2999-01-01",
            "postcode": "12",
            "organisation_id": org.id,
        },
        token_page="/jongeren/nieuw",
    )
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert 'value="Lotte"' in html
    assert "postcode is 4 cijfers" in html
    assert 'id="last_name-error"' in html


def test_a_future_birth_date_is_refused(app, make, client):
    org = make.organisation()
    pro = make.user(StaffRole.PROFESSIONAL, org)
    client.login(pro)
    response = client.form(
        "/jongeren/nieuw",
        {
            "first_name": "Lotte",
            "last_name": "K",
            "date_of_birth": "2999-01-01",
            "organisation_id": org.id,
        },
        token_page="/jongeren/nieuw",
    )
    assert "toekomst" in response.get_data(as_text=True)
    with app.app_context():
        assert db.session.scalars(select(Youth).where(Youth.first_name == "Lotte")).first() is None


def test_professional_adds_a_colleague_of_the_consortium_to_the_team(app, make, client_factory):
    consortium = make.consortium()
    org_a, org_b = (
        make.organisation(consortium=consortium),
        make.organisation(consortium=consortium),
    )
    pro = make.user(StaffRole.PROFESSIONAL, org_a)
    colleague = make.user(StaffRole.COACH, org_b, email="coach@partner.test")
    youth = make.youth(org_a, professionals=[pro])
    client = client_factory().login(pro)
    response = client.form(
        f"/jongeren/{youth.id}/team",
        {"team-email": "coach@partner.test", "team-role": "coach"},
        token_page=f"/jongeren/{youth.id}/team",
    )
    assert response.status_code == 302
    # The colleague now sees the youth, and the addition is in the access log.
    assert client_factory().login(colleague).get(f"/jongeren/{youth.id}").status_code == 200
    log = client.get(f"/jongeren/{youth.id}/logboek").get_data(as_text=True)
    assert "voegde iemand toe aan het team" in log


def test_a_colleague_outside_the_consortium_cannot_join(make, client):
    org = make.organisation()
    pro = make.user(StaffRole.PROFESSIONAL, org)
    make.user(StaffRole.PROFESSIONAL, make.organisation(), email="stranger@elsewhere.test")
    youth = make.youth(org, professionals=[pro])
    client.login(pro)
    response = client.form(
        f"/jongeren/{youth.id}/team",
        {"team-email": "stranger@elsewhere.test", "team-role": "professional"},
        token_page=f"/jongeren/{youth.id}/team",
    )
    assert response.status_code == 200
    assert "samenwerkingsverband" in response.get_data(as_text=True)


def test_the_last_professional_cannot_be_removed(app, make, client):
    pro = make.user(StaffRole.PROFESSIONAL)
    youth = make.youth(professionals=[pro])
    with app.app_context():
        member_id = db.session.scalar(
            select(CareTeamMember.id).where(CareTeamMember.youth_id == youth.id)
        )
    client.login(pro)
    client.form(
        f"/jongeren/{youth.id}/team/{member_id}/verwijderen",
        token_page=f"/jongeren/{youth.id}/team",
    )
    with app.app_context():
        assert db.session.get(CareTeamMember, member_id) is not None


def test_a_stale_edit_shows_the_new_version_and_keeps_the_typed_input(app, make, client):
    pro = make.user(StaffRole.PROFESSIONAL)
    youth = make.youth(professionals=[pro], first_name="Oud")
    client.login(pro)
    page = client.get(f"/jongeren/{youth.id}/bewerken").get_data(as_text=True)
    assert 'name="version" type="hidden" value="1"' in page
    with app.app_context():
        row = db.session.get(Youth, youth.id)
        row.first_name = "Door collega"
        db.session.commit()
    response = client.form(
        f"/jongeren/{youth.id}/bewerken",
        {
            "first_name": "Mijn versie",
            "last_name": "Jansen",
            "date_of_birth": youth.date_of_birth.isoformat(),
            "version": "1",
        },
        token_page=f"/jongeren/{youth.id}/bewerken",
    )
    html = response.get_data(as_text=True)
    assert response.status_code == 409
    assert "Iemand anders heeft deze gegevens" in html
    assert "Door collega" in html
    assert 'value="Mijn versie"' in html
    with app.app_context():
        assert db.session.get(Youth, youth.id).first_name == "Door collega"


def test_invite_the_youth_and_a_parent_to_their_own_accounts(app, make, client_factory):
    from jimnet.mail import outbox

    pro = make.user(StaffRole.PROFESSIONAL)
    youth = make.youth(professionals=[pro])
    make.authority(youth, "Eva Ouder", "eva@example.test")
    client = client_factory().login(pro)
    for role, email in (("youth", "lotte@example.test"), ("parent", "eva@example.test")):
        response = client.form(
            f"/jongeren/{youth.id}/uitnodigen",
            {"invite-role": role, "invite-email": email},
            token_page=f"/jongeren/{youth.id}/team",
        )
        assert response.status_code == 302
    with app.app_context():
        mails = list(outbox())
    assert [m.to for m in mails] == ["lotte@example.test", "eva@example.test"]
    link = mails[1].body.split("\n")[-1].strip()
    path = "/" + link.split("/", 3)[3]
    parent = client_factory()
    token = parent.csrf_token(path)
    response = parent.post(
        path,
        data={
            "csrf_token": token,
            "name": "Eva Ouder",
            "password": "een lang wachtwoord",
            "confirm": "een lang wachtwoord",
        },
    )
    assert response.status_code == 302
    assert parent.login_with_password("eva@example.test", "een lang wachtwoord").status_code == 302
    assert parent.get(f"/jongeren/{youth.id}").status_code == 200
    with app.app_context():
        authority = db.session.scalars(
            select(ParentalAuthority).where(ParentalAuthority.youth_id == youth.id)
        ).one()
        assert authority.user_id is not None


def test_youth_list_queries_do_not_grow_with_the_case_load(make, client, count_queries):
    pro = make.user(StaffRole.PROFESSIONAL)
    make.youth(professionals=[pro])
    client.login(pro)
    client.get("/jongeren/")  # warm-up (caches filled on the first request)
    with count_queries() as few:
        client.get("/jongeren/")
    for _ in range(15):
        make.youth(professionals=[pro])
    with count_queries() as many:
        client.get("/jongeren/")
    assert len(many) == len(few)


def test_youth_page_queries_do_not_grow_with_the_team(make, client, count_queries):
    pros = [make.user(StaffRole.PROFESSIONAL) for _ in range(2)]
    youth = make.youth(professionals=pros)
    client.login(pros[0])
    client.get(f"/jongeren/{youth.id}")  # warm-up (see above)
    with count_queries() as few:
        client.get(f"/jongeren/{youth.id}")
    big = make.youth(
        professionals=[pros[0], *[make.user(StaffRole.PROFESSIONAL) for _ in range(8)]]
    )
    client.get(f"/jongeren/{big.id}")  # warm-up: the first access links the youth's pseudonym
    with count_queries() as many:
        client.get(f"/jongeren/{big.id}")
    assert len(many) == len(few)


def test_a_jim_sees_the_record_but_not_the_access_log(make, client):
    pro = make.user(StaffRole.PROFESSIONAL)
    youth = make.youth(professionals=[pro])
    jim = make.participant(youth, "jim")
    client.login(jim)
    page = client.get(f"/jongeren/{youth.id}")
    assert page.status_code == 200
    assert "Wie heeft dit dossier bekeken?" not in page.get_data(as_text=True)
    assert client.get(f"/jongeren/{youth.id}/logboek").status_code == 404
