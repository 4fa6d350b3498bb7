"""Every write of a shared object carries the version its writer read; without one it is
refused (never last-writer-wins), and two racing steps on one nomination: exactly one wins.

Which answer where (docs/api.md, "Versions"): an HTML form without its hidden version answers
428 Precondition Required with a page that says to reload; an API body without ``version`` is a
validation error like any other required field (422, pointer ``/version``); ``DELETE`` takes it
as ``?version=`` and answers 428 without it.
"""

from __future__ import annotations

import threading
from typing import Any

import pytest
from sqlalchemy import func, select

from jimnet.accounts.roles import StaffRole
from jimnet.extensions import db
from jimnet.jim import workflow
from jimnet.jim.models import JimEvent, JimNomination
from jimnet.jim.models import JimState as S
from jimnet.network.models import NetworkMember
from jimnet.youth.models import Youth
from tests.jim.conftest import JimFactory
from tests.races.conftest import clients, needs_postgresql, race


def _member(app: Any, member_id: int) -> NetworkMember:
    with app.app_context():
        member = db.session.get(NetworkMember, member_id)
        db.session.expunge(member)
        return member


def _nomination(app: Any, nomination_id: int) -> JimNomination:
    with app.app_context():
        nomination = db.session.get(JimNomination, nomination_id)
        db.session.expunge(nomination)
        return nomination


# --- the network map -------------------------------------------------------------------------


def test_a_move_or_remove_form_without_its_version_is_refused_with_428(
    app: Any, make: Any, net: Any, client: Any
) -> None:
    pro = make.user(StaffRole.PROFESSIONAL)
    youth = make.youth(professionals=[pro])
    member = net.member(youth, "Sam", ring=3)
    client.login(pro)
    url = f"/jongeren/{youth.id}/netwerk/personen/{member.id}"
    for step, data in (("verplaatsen", {"ring": "1"}), ("verwijderen", {})):
        response = client.form(f"{url}/{step}", data)
        assert response.status_code == 428, step
        assert "Laad de kaart opnieuw" in response.get_data(as_text=True)
        response = client.form(f"{url}/{step}", {**data, "version": "x"})
        assert response.status_code == 428, step
    edit = client.form(
        url, {"display_name": "Samuel", "relation": "friend", "ring": "1", "quality": "positive"}
    )
    assert edit.status_code == 428
    saved = _member(app, member.id)
    assert (saved.display_name, saved.ring, saved.removed_at, saved.version) == ("Sam", 3, None, 1)
    # The map's buttons and the edit page send it.
    page = client.get(f"/jongeren/{youth.id}/netwerk").get_data(as_text=True)
    assert '<input type="hidden" name="version" value="1">' in page
    assert client.form(f"{url}/verplaatsen", {"ring": "2", "version": "1"}).status_code == 302


def test_an_api_delete_without_its_version_is_refused_with_428(
    app: Any, make: Any, net: Any, client: Any
) -> None:
    pro = make.user(StaffRole.PROFESSIONAL)
    youth = make.youth(professionals=[pro])
    member = net.member(youth, "Sam", ring=3)
    client.login(pro)
    url = f"/api/v1/youth/{youth.id}/network/members/{member.id}"
    response = client.api("DELETE", url)
    assert response.status_code == 428
    assert response.mimetype == "application/problem+json"
    assert response.json["type"].endswith("/version-required")
    assert response.json["errors"][0]["pointer"] == "?version"
    assert _member(app, member.id).removed_at is None
    patch = client.api("PATCH", url, json={"ring": 1})
    assert patch.status_code == 422
    assert {e["pointer"] for e in patch.json["errors"]} == {"/version"}
    assert client.api("DELETE", url + "?version=1").status_code == 204


def test_the_youth_record_form_without_its_version_is_refused_with_428(
    app: Any, make: Any, client: Any
) -> None:
    pro = make.user(StaffRole.PROFESSIONAL)
    youth = make.youth(professionals=[pro], first_name="Noa")
    client.login(pro)
    response = client.form(
        f"/jongeren/{youth.id}/bewerken",
        {
            "first_name": "Anders",
            "last_name": youth.last_name,
            "date_of_birth": youth.date_of_birth.isoformat(),
        },
    )
    assert response.status_code == 428
    with app.app_context():
        assert db.session.get(Youth, youth.id).first_name == "Noa"


# --- the JIM -----------------------------------------------------------------------------------


@pytest.fixture
def jim(app: Any, make: Any) -> JimFactory:
    return JimFactory(app, make)


@pytest.mark.parametrize(
    ("state", "html", "api", "form", "body"),
    [
        (S.ACTIVE, "pauzeren", "pause", {}, {}),
        (S.NOMINATED, "gesprek-starten", "start_conversation", {}, {}),
        (S.AWAITING_CONSENT, "intrekken", "withdraw", {}, {}),
        (S.ACTIVE, "beeindigen", "end", {"end_reason": "other"}, {"end_reason": "other"}),
        (
            S.ACTIVE,
            "delen",
            "sharing",
            {"share-share_network": "y"},
            {"network": True, "big5": False, "case_notes": False},
        ),
    ],
)
def test_a_jim_step_or_sharing_without_its_version_is_refused(
    app: Any,
    jim: JimFactory,
    client_factory: Any,
    state: S,
    html: str,
    api: str,
    form: Any,
    body: Any,
) -> None:
    w = jim.world(age=14)
    nomination = jim.nomination(w.youth, w.aunt, state, suitable=True)
    client = client_factory().login(w.professional)
    response = client.form(f"/jongeren/{w.youth.id}/jim/{nomination.id}/{html}", form)
    assert response.status_code == 428
    assert "Laad de pagina opnieuw" in response.get_data(as_text=True)
    response = client.api(
        "POST", f"/api/v1/youth/{w.youth.id}/jim/{nomination.id}/{api}", json=body
    )
    assert response.status_code == 422
    assert [e["pointer"] for e in response.json["errors"]] == ["/version"]
    after = _nomination(app, nomination.id)
    assert (after.state, after.version, after.share_big5) == (
        state,
        nomination.version,
        nomination.share_big5,
    )


def test_a_stale_jim_step_in_the_browser_shows_the_overview_as_it_is_now_with_409(
    app: Any, jim: JimFactory, client_factory: Any
) -> None:
    w = jim.world(age=14)
    nomination = jim.nomination(w.youth, w.aunt, S.ACTIVE, suitable=True)
    seen = str(nomination.version)
    youth_side = client_factory().login(w.youth_user)
    one = f"/jongeren/{w.youth.id}/jim/{nomination.id}"
    assert youth_side.form(f"{one}/pauzeren", {"step-version": seen}).status_code == 302
    response = (
        client_factory().login(w.professional).form(f"{one}/pauzeren", {"step-version": seen})
    )
    assert response.status_code == 409
    body = response.get_data(as_text=True)
    assert "intussen" in body
    assert f'name="step-version" value="{int(seen) + 1}"' in body
    assert _nomination(app, nomination.id).state == S.STANDBY


# --- two steps at the same moment --------------------------------------------------------------


@needs_postgresql
@pytest.mark.parametrize("surface", ["form", "api"])
def test_two_racing_steps_on_one_nomination_exactly_one_wins(
    live: Any, live_make: Any, monkeypatch: pytest.MonkeyPatch, surface: str
) -> None:
    jim = JimFactory(live, live_make)
    w = jim.world(age=14)
    nomination = jim.nomination(w.youth, w.aunt, S.ACTIVE, suitable=True)
    barrier = threading.Barrier(2, timeout=120)  # a guard against a hang, not a timing
    original = workflow.check

    def both_have_read(*args: Any, **kwargs: Any) -> Any:
        if kwargs.get("expected_version") is not None:
            barrier.wait()
        return original(*args, **kwargs)

    monkeypatch.setattr(workflow, "check", both_have_read)
    one = f"/jongeren/{w.youth.id}/jim/{nomination.id}"
    api = f"/api/v1/youth/{w.youth.id}/jim/{nomination.id}"
    pro, youth_user = clients(live, w.professional, 1)[0], clients(live, w.youth_user, 1)[0]

    def step(client: Any, name: str, slug: str, extra: dict[str, Any]) -> Any:
        if surface == "api":
            return client.api("POST", f"{api}/{name}", json={**extra, "version": 1})
        return client.form(f"{one}/{slug}", {**extra, "step-version": "1", "version": "1"})

    def events() -> int:
        with live.app_context():
            return int(
                db.session.scalar(
                    select(func.count())
                    .select_from(JimEvent)
                    .where(JimEvent.nomination_id == nomination.id)
                )
                or 0
            )

    before = events()
    answers = race(
        [
            lambda: step(pro, "pause", "pauzeren", {}),
            lambda: step(youth_user, "end", "beeindigen", {"end_reason": "youth_wish"}),
        ]
    )
    codes = [r.status_code for r in answers]
    assert sorted(codes) == ([200, 409] if surface == "api" else [302, 409]), codes
    saved = _nomination(live, nomination.id)
    won = S.STANDBY if codes[0] != 409 else S.ENDED
    assert (saved.state, saved.version) == (won, 2)
    assert events() == before + 1  # one step, one event
