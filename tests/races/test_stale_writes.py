"""A stale write answers 409 with the state as it is now, never a 500, on both databases.

Two people open the same member and save. The version check passes for both; on PostgreSQL the
second UPDATE waits for the first commit and then matches no row (``StaleDataError`` from the
flush), which used to reach an error handler working on the broken session: a 500. The threaded
tests make exactly that interleaving happen with real commits; the single-request tests make the
flush find no row on SQLite too.
"""

from __future__ import annotations

import threading
from typing import Any

import pytest
from sqlalchemy import text

from jimnet.accounts.roles import StaffRole
from jimnet.extensions import db
from jimnet.network import services
from jimnet.network.models import NetworkMember
from tests.races.conftest import clients, needs_postgresql, race

FORM = {"relation": "friend", "ring": "2", "quality": "positive", "is_adult": "yes"}


def _both_read_then_write(monkeypatch: pytest.MonkeyPatch, name: str) -> None:
    """Both requests have loaded the member (version 1) before either writes."""
    barrier = threading.Barrier(2, timeout=120)  # a guard against a hang, not a timing
    original = getattr(services, name)

    def gated(*args: Any, **kwargs: Any) -> Any:
        barrier.wait()
        return original(*args, **kwargs)

    monkeypatch.setattr(services, name, gated)


@pytest.fixture
def pair(live_make: Any, live_net: Any) -> Any:
    pro = live_make.user(StaffRole.PROFESSIONAL)
    youth = live_make.youth(professionals=[pro], first_name="Noa")
    member = live_net.member(youth, "Sam", ring=3)
    return pro, youth, member


def _saved(live: Any, member_id: int) -> NetworkMember:
    with live.app_context():
        member = db.session.get(NetworkMember, member_id)
        db.session.expunge(member)
        return member


@needs_postgresql
@pytest.mark.parametrize("round_", range(3))
def test_two_racing_form_edits_one_saves_one_gets_the_form_with_the_new_version(
    live: Any, pair: Any, monkeypatch: pytest.MonkeyPatch, round_: int
) -> None:
    pro, youth, member = pair
    url = f"/jongeren/{youth.id}/netwerk/personen/{member.id}"
    _both_read_then_write(monkeypatch, "update_member")
    a, b = clients(live, pro)
    answers = race(
        [
            lambda: a.form(url, {**FORM, "display_name": "Samira", "version": "1"}),
            lambda: b.form(url, {**FORM, "display_name": "Samuel", "version": "1"}),
        ]
    )
    assert sorted(r.status_code for r in answers) == [302, 409]
    winner = "Samira" if answers[0].status_code == 302 else "Samuel"
    loser = next(r for r in answers if r.status_code == 409).get_data(as_text=True)
    assert "Iemand anders heeft deze persoon intussen veranderd" in loser
    # The saved state is shown, the new version is in the form, and what the loser typed stays.
    assert f"<dd>{winner}</dd>" in loser
    assert 'name="version" type="hidden" value="2"' in loser
    saved = _saved(live, member.id)
    assert (saved.display_name, saved.version) == (winner, 2)


@needs_postgresql
def test_two_racing_api_patches_one_saves_one_gets_problem_details_with_the_current_member(
    live: Any, pair: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    pro, youth, member = pair
    url = f"/api/v1/youth/{youth.id}/network/members/{member.id}"
    _both_read_then_write(monkeypatch, "update_member")
    a, b = clients(live, pro)
    answers = race(
        [
            lambda: a.api("PATCH", url, json={"version": 1, "ring": 1}),
            lambda: b.api("PATCH", url, json={"version": 1, "ring": 4}),
        ]
    )
    assert sorted(r.status_code for r in answers) == [200, 409]
    won = next(r for r in answers if r.status_code == 200).json
    lost = next(r for r in answers if r.status_code == 409)
    assert lost.mimetype == "application/problem+json"
    assert lost.json["type"].endswith("/conflict")
    assert lost.json["current"]["ring"] == won["ring"]
    assert lost.json["current"]["version"] == 2
    assert lost.json["errors"][0] == {
        "pointer": "/version",
        "detail": lost.json["detail"],
        "current_version": 2,
    }
    assert _saved(live, member.id).ring == won["ring"]


@needs_postgresql
@pytest.mark.parametrize(
    ("step", "service", "data"),
    [("verplaatsen", "move_member", {"ring": "1"}), ("verwijderen", "remove_member", {})],
)
def test_a_racing_move_or_remove_loses_with_409_not_500(
    live: Any,
    pair: Any,
    monkeypatch: pytest.MonkeyPatch,
    step: str,
    service: str,
    data: dict[str, str],
) -> None:
    pro, youth, member = pair
    url = f"/jongeren/{youth.id}/netwerk/personen/{member.id}"
    _both_read_then_write(monkeypatch, service)
    a, b = clients(live, pro)
    answers = race(
        [
            lambda: a.form(f"{url}/{step}", {**data, "version": "1"}),
            lambda: b.form(f"{url}/{step}", {**data, "version": "1"}),
        ]
    )
    assert sorted(r.status_code for r in answers) == [302, 409]
    assert _saved(live, member.id).version == 2


# --- the same flush failure in one request, on every database ---------------------------------


@pytest.fixture
def changed_under_us(app: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    """Between the version check and the flush, the row's version moves on (as another
    request's commit would make it): the flush matches no row."""
    original = services._check_current

    def and_someone_saves(member: NetworkMember) -> None:
        original(member)
        db.session.connection().execute(
            text("UPDATE network_member SET version = version + 1 WHERE id = :id"),
            {"id": member.id},
        )

    monkeypatch.setattr(services, "_check_current", and_someone_saves)


def test_a_flush_that_finds_the_row_changed_answers_409_with_the_form(
    app: Any, make: Any, net: Any, client: Any, changed_under_us: None
) -> None:
    pro = make.user(StaffRole.PROFESSIONAL)
    youth = make.youth(professionals=[pro])
    member = net.member(youth, "Sam", ring=3)
    client.login(pro)
    url = f"/jongeren/{youth.id}/netwerk/personen/{member.id}"
    response = client.form(url, {**FORM, "display_name": "Samuel", "version": "1"})
    assert response.status_code == 409
    body = response.get_data(as_text=True)
    assert "Iemand anders heeft deze persoon intussen veranderd" in body
    assert 'value="Samuel"' in body
    for step in ("verplaatsen", "verwijderen"):
        response = client.form(f"{url}/{step}", {"ring": "1", "version": "1"})
        assert response.status_code == 409, step
    # The next request on the same session works: nothing is left broken.
    assert client.get(url).status_code == 200


def test_a_flush_that_finds_the_row_changed_answers_409_problem_details(
    app: Any, make: Any, net: Any, client: Any, changed_under_us: None
) -> None:
    pro = make.user(StaffRole.PROFESSIONAL)
    youth = make.youth(professionals=[pro])
    member = net.member(youth, "Sam", ring=3)
    client.login(pro)
    url = f"/api/v1/youth/{youth.id}/network/members/{member.id}"
    response = client.api("PATCH", url, json={"version": 1, "ring": 1})
    assert response.status_code == 409
    assert response.mimetype == "application/problem+json"
    assert response.json["current"]["id"] == member.id
    assert client.api("DELETE", url + "?version=1").status_code == 409
    assert client.api("GET", url).status_code == 200


# --- the young person's record -----------------------------------------------------------------


@needs_postgresql
@pytest.mark.parametrize("surface", ["form", "api"])
def test_two_racing_edits_of_the_youth_record_one_saves_one_gets_409(
    live: Any, live_make: Any, monkeypatch: pytest.MonkeyPatch, surface: str
) -> None:
    from jimnet.youth import services as youth_services
    from jimnet.youth.models import Youth

    pro = live_make.user(StaffRole.PROFESSIONAL)
    youth = live_make.youth(professionals=[pro], first_name="Noa")
    barrier = threading.Barrier(2, timeout=120)
    original = youth_services.update_youth

    def gated(*args: Any, **kwargs: Any) -> Any:
        barrier.wait()
        return original(*args, **kwargs)

    monkeypatch.setattr(youth_services, "update_youth", gated)
    a, b = clients(live, pro)

    def edit(client: Any, name: str) -> Any:
        if surface == "api":
            return client.api(
                "PATCH", f"/api/v1/youth/{youth.id}", json={"version": 1, "first_name": name}
            )
        return client.form(
            f"/jongeren/{youth.id}/bewerken",
            {
                "first_name": name,
                "last_name": youth.last_name,
                "date_of_birth": youth.date_of_birth.isoformat(),
                "version": "1",
            },
        )

    answers = race([lambda: edit(a, "Nora"), lambda: edit(b, "Nina")])
    codes = sorted(r.status_code for r in answers)
    assert codes == ([200, 409] if surface == "api" else [302, 409])
    ok = 0 if answers[0].status_code in (200, 302) else 1
    winner = ("Nora", "Nina")[ok]
    lost = answers[1 - ok]
    if surface == "api":
        assert lost.json["current"]["first_name"] == winner
        assert lost.json["current"]["version"] == 2
    else:
        assert "Iemand anders heeft deze gegevens intussen veranderd" in lost.get_data(as_text=True)
        assert 'name="version" type="hidden" value="2"' in lost.get_data(as_text=True)
    with live.app_context():
        assert db.session.get(Youth, youth.id).first_name == winner
