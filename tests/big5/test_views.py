"""BIG5 pages per role: the young person scores herself on a phone, the professional scores and
plans, the parent reads, a JIM scores when BIG5 is shared, coaches and org admins use the dashboard."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from sqlalchemy import select

from jimnet.accounts.roles import StaffRole
from jimnet.big5.models import Big5Action, Big5Assessment
from jimnet.clock import today
from jimnet.extensions import db
from jimnet.jim.models import JimState
from tests.big5.conftest import DEFAULT_KEYS
from tests.jim.conftest import JimFactory


@pytest.fixture
def team(make):
    org = make.organisation()
    pro = make.user(StaffRole.PROFESSIONAL, org, name="Sanne de Vries")
    coach = make.user(StaffRole.COACH, org, name="Ilse Bakker")
    youth = make.youth(org, professionals=[pro], coaches=[coach], age=17, first_name="Noa")
    return org, pro, coach, youth


def _hidden(html: str) -> dict[str, str]:
    fields = {}
    for tag in re.findall(r"<input[^>]*>", html):
        if 'type="hidden"' in tag:
            name = re.search(r'name="([^"]+)"', tag)
            value = re.search(r'value="([^"]*)"', tag)
            if name:
                fields[name.group(1)] = value.group(1) if value else ""
    return fields


def test_the_youth_scores_herself_one_domain_per_screen(app, make, client, team):
    _org, _pro, _coach, youth = team
    own = make.participant(youth, "youth")
    client.login(own)
    url = f"/jongeren/{youth.id}/big5/mijn-score"
    page = client.get(url).get_data(as_text=True)
    assert "Vraag 1 van 5" in page
    assert "Ik weet het niet" in page
    assert 'name="level_work"' in page and 'name="level_income"' not in page.replace(
        'type="hidden" name="level_income"', ""
    )
    # The descriptors run 5 → 1.
    assert page.index("Gaat er zelf heen en houdt het vol") < page.index("Doet overdag niets")
    # "Next" without a choice stays on the screen with a message.
    response = client.form(url, {**_hidden(page), "go": "next"})
    html = response.get_data(as_text=True)
    assert "Vraag 1 van 5" in html and "Kies een score" in html
    answers = {"work": "4", "income": "?", "existence_security": "2", "school": "5", "support": "3"}
    for index, key in enumerate(DEFAULT_KEYS):
        data = {
            **_hidden(html),
            f"level_{key}": answers[key],
            f"note_{key}": f"over {key}",
            "go": "next",
        }
        html = client.form(url, data).get_data(as_text=True)
        if index < 4:
            assert f"Vraag {index + 2} van 5" in html
    assert "Kijk nog even of alles klopt" in html
    # Back, and the answers are still there.
    back = client.form(url, {**_hidden(html), "go": "back"}).get_data(as_text=True)
    assert "Vraag 5 van 5" in back
    assert re.search(r'value="3"[^>]*checked|checked[^>]*value="3"', back)
    html = client.form(url, {**_hidden(back), "level_support": "3", "go": "next"}).get_data(
        as_text=True
    )
    response = client.form(url, {**_hidden(html), "note": "Spannend", "go": "save"})
    assert response.status_code == 302
    with app.app_context():
        assessment = db.session.scalars(
            select(Big5Assessment).where(Big5Assessment.youth_id == youth.id)
        ).one()
        assert assessment.perspective == "youth"
        assert assessment.assessed_on == today()
    overview = client.get(f"/jongeren/{youth.id}/big5").get_data(as_text=True)
    assert "Jongere zelf" in overview
    assert "Scoor jezelf" in overview
    # The young person does not score as professional, nor add actions.
    assert client.get(f"/jongeren/{youth.id}/big5/scoren").status_code == 302
    assert client.get(f"/jongeren/{youth.id}/big5/acties/nieuw").status_code == 404


def test_the_youth_flow_stores_dont_know_as_no_level(app, make, client, team):
    _org, _pro, _coach, youth = team
    own = make.participant(youth, "youth")
    client.login(own)
    url = f"/jongeren/{youth.id}/big5/mijn-score"
    data = {
        "step": "5",
        "go": "save",
        **{f"level_{k}": "?" for k in DEFAULT_KEYS},
        "level_work": "4",
    }
    token_page = client.get(url).get_data(as_text=True)
    data["csrf_token"] = _hidden(token_page)["csrf_token"]
    assert client.post(url, data=data).status_code == 302
    with app.app_context():
        assessment = db.session.scalars(
            select(Big5Assessment).where(Big5Assessment.youth_id == youth.id)
        ).one()
        from jimnet.big5.assessments import get

        scores = {s.domain_key: s.level for s in get(db.session, assessment.id).scores}
        assert scores == {
            "work": 4,
            "income": None,
            "existence_security": None,
            "school": None,
            "support": None,
        }


def test_the_professional_scores_compares_and_plans(app, make, client, team, big5):
    _org, pro, _coach, youth = team
    big5.assessment(
        youth,
        {"work": 5, "income": 5, "existence_security": 4, "school": 4, "support": 4},
        perspective="youth",
        on=today() - timedelta(days=30),
    )
    client.login(pro)
    url = f"/jongeren/{youth.id}/big5/scoren"
    page = client.get(url).get_data(as_text=True)
    assert "Je scoort als: Professional" in page
    assert page.index("Heeft een vast inkomen dat genoeg is") < page.index(
        "Heeft geen inkomen en geen geld"
    )
    data = {
        "assessed_on": today().isoformat(),
        "level_work": "4",
        "level_income": "2",
        "level_existence_security": "4",
        "level_school": "4",
        "level_support": "?",
        "note_income": "Schulden bij de telefoonprovider",
    }
    assert client.form(url, data).status_code == 302
    overview = client.get(f"/jongeren/{youth.id}/big5").get_data(as_text=True)
    assert "Om over te praten" in overview  # income: youth 5, professional 2
    assert "jongere 5, professional 2" in overview
    assert "Nog niet gescoord" in overview  # support has no professional level
    assert "Aftellen naar 18" in overview
    assert "<svg" in overview
    # A flagged domain, then an action for it.
    assert "geen actie!" in overview
    response = client.form(
        f"/jongeren/{youth.id}/big5/acties/nieuw",
        {
            "domain_key": "income",
            "what": "Schuldhulp aanvragen",
            "owner_kind": "professional",
            "owner_name": "Sanne",
            "due_on": (today() + timedelta(days=14)).isoformat(),
            "status": "open",
        },
    )
    assert response.status_code == 302
    overview = client.get(f"/jongeren/{youth.id}/big5").get_data(as_text=True)
    assert "Schuldhulp aanvragen" in overview
    assert "Professional: Sanne" in overview


def test_actions_overdue_done_and_a_stale_edit(app, make, client, team, big5):
    _org, pro, coach, youth = team
    late = big5.action(youth, "income", due=today() - timedelta(days=2), what="DigiD aanvragen")
    client.login(pro)
    overview = client.get(f"/jongeren/{youth.id}/big5").get_data(as_text=True)
    assert "big5-overdue" in overview and "te laat" in overview
    # Two people edit at once: the second gets the new version, not a silent overwrite.
    edit_url = f"/jongeren/{youth.id}/big5/acties/{late.id}"
    base = {
        "domain_key": "income",
        "what": "DigiD aanvragen",
        "owner_kind": "youth",
        "owner_name": "",
        "due_on": late.due_on.isoformat(),
        "status": "open",
        "version": str(late.version),
    }
    other = type(client)(app).login(coach)
    assert other.form(edit_url, {**base, "what": "DigiD aanvragen met oma"}).status_code == 302
    response = client.form(edit_url, {**base, "what": "DigiD en bankrekening"})
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "Iemand anders heeft deze actie intussen veranderd" in html
    assert "DigiD aanvragen met oma" in html and "DigiD en bankrekening" in html
    with app.app_context():
        assert db.session.get(Big5Action, late.id).what == "DigiD aanvragen met oma"
        version = db.session.get(Big5Action, late.id).version
    # Marking it done.
    response = client.form(
        f"/jongeren/{youth.id}/big5/acties/{late.id}/status",
        {"status": "done", "version": str(version)},
    )
    assert response.status_code == 302
    with app.app_context():
        done = db.session.get(Big5Action, late.id)
        assert (done.status, done.done_on) == ("done", today())


def test_the_parent_reads_but_does_not_score(make, client, team, big5):
    _org, _pro, _coach, youth = team
    big5.assessment(youth, 3)
    parent = make.participant(youth, "parent")
    client.login(parent)
    # She is 17: her parent sees the plan only because she shares it.
    assert client.get(f"/jongeren/{youth.id}/big5").status_code == 404
    make.parent_share(youth, parent, big5=True)
    assert client.get(f"/jongeren/{youth.id}/big5").status_code == 200
    assert client.get(f"/jongeren/{youth.id}/big5/plan").status_code == 200
    assert client.get(f"/jongeren/{youth.id}/big5/scoren").status_code == 404
    assert client.get(f"/jongeren/{youth.id}/big5/mijn-score").status_code == 404
    assert client.get("/big5/dashboard").status_code == 404


def test_a_jim_scores_only_while_the_youth_shares_big5(app, make, client, team):
    import jimnet.jim.permissions  # noqa: F401 - the JIM's condition on view_big5

    _org, _pro, _coach, youth = team
    jims = JimFactory(app, make)
    aunt = jims.member(youth, "Anouk de Boer")
    jim_user = make.user(name="Anouk de Boer")
    nomination = jims.nomination(
        youth, aunt, JimState.ACTIVE, suitable=True, consents=(("youth", None),), jim_user=jim_user
    )
    client.login(jim_user)
    page = client.get(f"/jongeren/{youth.id}/big5/scoren")
    assert page.status_code == 200
    assert "Je scoort als: JIM" in page.get_data(as_text=True)
    data = {"assessed_on": today().isoformat(), **{f"level_{k}": "4" for k in DEFAULT_KEYS}}
    # The map proposes 3 for support (the JIM is the only anchor, nobody covers a domain).
    response = client.form(f"/jongeren/{youth.id}/big5/scoren", data)
    assert "Schrijf op waarom" in response.get_data(as_text=True)
    data["overrule_support"] = "Ik ben er altijd voor haar, ook voor geld en school."
    assert client.form(f"/jongeren/{youth.id}/big5/scoren", data).status_code == 302
    with app.app_context():
        assert (
            db.session.scalars(
                select(Big5Assessment.perspective).where(Big5Assessment.youth_id == youth.id)
            ).one()
            == "jim"
        )
        from jimnet.jim.models import JimNomination

        db.session.get(JimNomination, nomination.id).share_big5 = False
        db.session.commit()
    assert client.get(f"/jongeren/{youth.id}/big5").status_code == 404
    assert client.get(f"/jongeren/{youth.id}/big5/scoren").status_code == 404


def test_the_youth_page_links_to_big5_and_the_plan_prints(make, client, team, big5):
    _org, pro, _coach, youth = team
    big5.assessment(youth, 3)
    big5.action(youth, "school", what="Inschrijven mbo")
    client.login(pro)
    page = client.get(f"/jongeren/{youth.id}").get_data(as_text=True)
    assert f"/jongeren/{youth.id}/big5" in page and "BIG5 naar 18" in page
    plan = client.get(f"/jongeren/{youth.id}/big5/plan").get_data(as_text=True)
    assert "Overgangsplan naar 18" in plan
    assert "Inschrijven mbo" in plan
    assert "css/big5.css" in plan and "Wordt 18 op" in plan
    assert "style=" not in plan  # the strict CSP allows no inline styles


def test_assessment_detail_and_history_are_kept(app, make, client, team, big5):
    _org, pro, _coach, youth = team
    first = big5.assessment(youth, 2, on=today() - timedelta(days=400))
    big5.assessment(youth, 4, on=today() - timedelta(days=10))
    client.login(pro)
    detail = client.get(f"/jongeren/{youth.id}/big5/scores/{first.id}")
    assert detail.status_code == 200
    assert "Niet zelfredzaam" in detail.get_data(as_text=True)
    overview = client.get(f"/jongeren/{youth.id}/big5?jaren=0").get_data(as_text=True)
    assert overview.count("/big5/scores/") == 2


def test_the_dashboard_for_a_coach_and_an_org_admin(app, make, client, team, big5):
    org, pro, coach, youth = team
    soon = make.youth(
        org,
        professionals=[pro],
        coaches=[coach],
        age=17,
        first_name="Bram",
        date_of_birth=today() - timedelta(days=365 * 18 - 20),
    )
    colleague = make.user(StaffRole.PROFESSIONAL, org)
    elsewhere = make.youth(org, professionals=[colleague], age=16, first_name="Elif")
    outside = make.youth(make.organisation(), age=16, first_name="Zoë")
    big5.assessment(soon, {**dict.fromkeys(DEFAULT_KEYS, 4), "income": 2})
    big5.assessment(youth, 4)
    client.login(coach)
    page = client.get("/big5/dashboard").get_data(as_text=True)
    assert "Naar 18" in page  # the menu item
    assert page.index("Bram") < page.index("Noa")  # who turns 18 soonest first
    assert "Elif" not in page and "Zoë" not in page
    assert "Nog niet klaar" in page and "<svg" in page
    assert "onder 4" in page
    filtered = client.get("/big5/dashboard?domein=income&niveau=below").get_data(as_text=True)
    assert "Bram" in filtered and "Noa</a>" not in filtered
    admin = make.user(StaffRole.ORG_ADMIN, org)
    client.login(admin)
    page = client.get("/big5/dashboard").get_data(as_text=True)
    assert "Elif" in page and "Bram" in page and "Zoë" not in page
    assert "Hele organisatie" in page
    assert client.get(f"/jongeren/{elsewhere.id}/big5").status_code == 200
    assert client.get(f"/jongeren/{outside.id}/big5").status_code == 404
    intake = make.user(StaffRole.INTAKE, org)
    client.login(intake)
    assert client.get("/big5/dashboard").status_code == 404
    assert "Naar 18" not in client.get("/").get_data(as_text=True)


def test_an_org_admin_chooses_the_domain_set(app, make, client, big5):
    consortium = make.consortium()
    org = make.organisation(consortium=consortium)
    pro = make.user(StaffRole.PROFESSIONAL, org)
    youth = make.youth(org, professionals=[pro], age=17)
    big5.assessment(youth, 4)
    admin = make.user(StaffRole.ORG_ADMIN, org)
    client.login(admin)
    page = client.get("/big5/instellingen").get_data(as_text=True)
    nji_id = re.search(r'<option value="(\d+)">NJi/VNG-variant</option>', page).group(1)
    response = client.form(
        "/big5/instellingen", {"consortium_id": str(consortium.id), "domain_set_id": nji_id}
    )
    assert response.status_code == 302
    client.login(pro)
    overview = client.get(f"/jongeren/{youth.id}/big5").get_data(as_text=True)
    assert "Wonen" in overview and "Welzijn" in overview
    assert "Nog niet gescoord" in overview
    client.login(pro)
    assert client.get("/big5/instellingen").status_code == 404
