"""Bad input gets a clear message, nothing is lost, and there is never a 500: in the services,
the HTML forms and the API."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import func, select

from jimnet.accounts.roles import StaffRole
from jimnet.big5 import assessments as assessment_service
from jimnet.big5 import domains as domain_sets
from jimnet.big5.assessments import Big5Error, ScoreInput
from jimnet.big5.models import Big5Action, Big5Assessment, Perspective
from jimnet.clock import today
from jimnet.extensions import db
from jimnet.youth.models import Youth
from tests.big5.conftest import DEFAULT_KEYS


@pytest.fixture
def setting(make):
    pro = make.user(StaffRole.PROFESSIONAL)
    youth = make.youth(professionals=[pro], age=16)
    return pro, youth


def _assessments(app):
    with app.app_context():
        return db.session.scalar(select(func.count()).select_from(Big5Assessment))


@pytest.mark.parametrize(
    ("scores", "on_delta", "code"),
    [
        ([ScoreInput("work", 6)], 0, "level_range"),
        ([ScoreInput("work", 0)], 0, "level_range"),
        ([ScoreInput("work", 3)], 1, "future"),
        ([ScoreInput("housing", 3)], 0, "unknown_domain"),
        ([ScoreInput("work", 3), ScoreInput("work", 4)], 0, "duplicate_domain"),
        ([ScoreInput("work", None)], 0, "empty"),
    ],
)
def test_the_service_refuses_and_writes_nothing(app, setting, scores, on_delta, code):
    pro, youth = setting
    with app.app_context():
        row = db.session.get(Youth, youth.id)
        domain_set = domain_sets.view(domain_sets.set_for_youth(db.session, row))
        with pytest.raises(Big5Error) as info:
            assessment_service.record_assessment(
                db.session,
                row,
                domain_set,
                Perspective.PROFESSIONAL,
                today() + timedelta(days=on_delta),
                scores,
                assessor=pro,
                assessor_role="professional",
                today=today(),
            )
        assert info.value.code == code
    assert _assessments(app) == 0


def test_an_assessment_before_birth_is_refused(app, setting):
    _pro, youth = setting
    with app.app_context():
        row = db.session.get(Youth, youth.id)
        domain_set = domain_sets.view(domain_sets.set_for_youth(db.session, row))
        with pytest.raises(Big5Error, match="before_birth"):
            assessment_service.validate(
                row,
                domain_set,
                Perspective.PROFESSIONAL,
                row.date_of_birth - timedelta(days=1),
                [ScoreInput("work", 3)],
                today(),
            )
        assessment_service.validate(
            row,
            domain_set,
            Perspective.PROFESSIONAL,
            row.date_of_birth,
            [ScoreInput("work", 3)],
            today(),
        )


def test_the_form_keeps_the_input_and_says_what_is_wrong(app, client, setting):
    pro, youth = setting
    client.login(pro)
    url = f"/jongeren/{youth.id}/big5/scoren"
    data = {f"level_{k}": "3" for k in DEFAULT_KEYS}
    data["note_school"] = "Zit in mbo 2, gaat goed"
    # A date in the future.
    response = client.form(url, {**data, "assessed_on": (today() + timedelta(days=3)).isoformat()})
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "kan niet in de toekomst liggen" in html
    assert "Zit in mbo 2, gaat goed" in html
    # Before birth.
    response = client.form(url, {**data, "assessed_on": "2001-01-01"})
    assert "vóór de geboortedatum" in response.get_data(as_text=True)
    # A score outside 1–5 (a hand-made request).
    response = client.form(url, {**data, "level_work": "7", "assessed_on": today().isoformat()})
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert 'id="level_work-error"' in html
    assert "Zit in mbo 2, gaat goed" in html
    # A domain left empty.
    response = client.form(
        url,
        {
            **{k: v for k, v in data.items() if k != "level_income"},
            "assessed_on": today().isoformat(),
        },
    )
    assert "Kies een score" in response.get_data(as_text=True)
    # Not a date.
    response = client.form(url, {**data, "assessed_on": "31-31-2020"})
    assert response.status_code == 200
    assert "geldige datum" in response.get_data(as_text=True)
    assert _assessments(app) == 0


def test_the_api_answers_problems(app, client, setting):
    pro, youth = setting
    client.login(pro)
    url = f"/api/v1/youth/{youth.id}/big5/assessments"
    cases = [
        ({"scores": [{"domain": "work", "level": 6}]}, 422, "/scores/0/level"),
        ({"scores": [{"domain": "work", "level": 0}]}, 422, "/scores/0/level"),
        ({"scores": [{"domain": "housing", "level": 3}]}, 422, "/scores/0"),
        (
            {
                "scores": [{"domain": "work", "level": 3}],
                "assessed_on": (today() + timedelta(days=1)).isoformat(),
            },
            422,
            "/assessed_on",
        ),
        (
            {"scores": [{"domain": "work", "level": 3}], "assessed_on": "1990-01-01"},
            422,
            "/assessed_on",
        ),
        (
            {"scores": [{"domain": "work", "level": 3}], "assessed_on": "gisteren"},
            422,
            "/assessed_on",
        ),
        ({"scores": [{"domain": "work", "level": "drie"}]}, 422, "/scores/0/level"),
        ({"scores": []}, 422, "/scores"),
        ({"scores": [{"domain": "work", "level": 3}], "perspective": "youth"}, 422, "/perspective"),
    ]
    for body, status, pointer in cases:
        response = client.api("POST", url, json=body)
        assert response.status_code == status, (body, response.json)
        assert response.headers["Content-Type"] == "application/problem+json"
        assert any(e["pointer"] == pointer for e in response.json["errors"]), (body, response.json)
    assert (
        client.api(
            "POST", url, data="{not json", headers={"Content-Type": "application/json"}
        ).status_code
        == 400
    )
    assert _assessments(app) == 0


def test_an_action_of_another_youth_is_not_found(app, client, setting, big5, make):
    pro, youth = setting
    other = make.youth(professionals=[pro])
    foreign = big5.action(other, "work")
    client.login(pro)
    assert client.get(f"/jongeren/{youth.id}/big5/acties/{foreign.id}").status_code == 404
    response = client.form(
        f"/jongeren/{youth.id}/big5/acties/{foreign.id}", {"what": "Overgenomen"}
    )
    assert response.status_code == 404
    response = client.api(
        "PATCH",
        f"/api/v1/youth/{youth.id}/big5/actions/{foreign.id}",
        json={"version": 1, "what": "x"},
    )
    assert response.status_code == 404
    assert response.headers["Content-Type"] == "application/problem+json"
    with app.app_context():
        assert db.session.get(Big5Action, foreign.id).what == "Iets regelen"


def test_action_input_errors(app, client, setting):
    pro, youth = setting
    client.login(pro)
    url = f"/jongeren/{youth.id}/big5/acties/nieuw"
    good = {
        "domain_key": "income",
        "what": "Zorgtoeslag aanvragen",
        "owner_kind": "youth",
        "due_on": (today() + timedelta(days=9)).isoformat(),
        "status": "open",
    }
    for change, message in [
        ({"due_on": (today() - timedelta(days=1)).isoformat()}, "vandaag of later"),
        ({"owner_kind": "other", "owner_name": ""}, "naam op van wie"),
        ({"domain_key": "housing"}, "Ongeldige keuze"),
        ({"what": ""}, "wat er moet gebeuren"),
        ({"due_on": (today() + timedelta(days=3000)).isoformat()}, "binnen vijf jaar"),
    ]:
        response = client.form(url, {**good, **change})
        html = response.get_data(as_text=True)
        assert response.status_code == 200, change
        assert message in html, change
    api = f"/api/v1/youth/{youth.id}/big5/actions"
    body = {
        "domain": "income",
        "what": "Zorgtoeslag",
        "owner_kind": "youth",
        "due_on": (today() + timedelta(days=9)).isoformat(),
    }
    assert (
        client.api("POST", api, json={**body, "domain": "housing"}).json["errors"][0]["pointer"]
        == "/domain"
    )
    assert client.api("POST", api, json={**body, "owner_kind": "buurman"}).status_code == 422
    assert client.api("POST", api, json={**body, "due_on": "morgen"}).status_code == 422
    assert (
        client.api("POST", api, json={**body, "owner_kind": "other"}).json["errors"][0]["pointer"]
        == "/owner_name"
    )
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(Big5Action)) == 0
