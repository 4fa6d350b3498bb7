"""A parent's access by the young person's age (Jeugdwet / WGBO) and what the young person shares,
on every surface a parent can reach, at the boundaries: the day before and on the 12th, 16th and
18th birthday (Amsterdam dates, also at 23:30 UTC when Amsterdam has already turned the day).
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from typing import Any

import pytest
import time_machine
from sqlalchemy import select

from jimnet.access.models import AccessLogEntry
from jimnet.access.parents import birthday
from jimnet.accounts.roles import StaffRole
from jimnet.clock import AMSTERDAM
from jimnet.extensions import db
from jimnet.youth.models import ParentShare

BORN = date(2010, 3, 15)


def at(day: date, hour: int = 10) -> Any:
    """Travel to ``hour`` o'clock Amsterdam time on ``day``, the clock standing still."""
    moment = datetime(day.year, day.month, day.day, hour, tzinfo=AMSTERDAM)
    return time_machine.travel(moment, tick=False)


def surfaces(client: Any, youth_id: int) -> dict[str, int]:
    y = f"/jongeren/{youth_id}"
    a = f"/api/v1/youth/{youth_id}"
    listed = client.api("GET", "/api/v1/youth").get_json()["items"]
    return {
        "page": client.get(y).status_code,
        "jim": client.get(f"{y}/jim").status_code,
        "network": client.get(f"{y}/netwerk").status_code,
        "map": client.get(f"{y}/netwerk/kaart.svg").status_code,
        "export": client.get(f"{y}/netwerk/export/personen.csv").status_code,
        "big5": client.get(f"{y}/big5").status_code,
        "log": client.get(f"{y}/logboek").status_code,
        "api": client.api("GET", a).status_code,
        "api_jim": client.api("GET", f"{a}/jim").status_code,
        "api_network": client.api("GET", f"{a}/network").status_code,
        "api_members_csv": client.api("GET", f"{a}/network/members.csv").status_code,
        "api_big5": client.api("GET", f"{a}/big5").status_code,
        "api_log": client.api("GET", f"{a}/access-log").status_code,
        "listed": 200 if any(item["id"] == youth_id for item in listed) else 404,
    }


def expect(allowed: set[str]) -> dict[str, int]:
    parts = {
        "page": {"page", "api", "listed"},
        "jim": {"jim", "api_jim"},
        "network": {"network", "map", "export", "api_network", "api_members_csv"},
        "big5": {"big5", "api_big5"},
        "log": {"log", "api_log"},
    }
    keys = set().union(*parts.values())
    open_ = set().union(*(parts[p] for p in allowed))
    return {key: 200 if key in open_ else 404 for key in keys}


EVERYTHING = expect({"page", "jim", "network", "big5", "log"})
LAW_12_15 = expect({"page", "jim"})
NOTHING = expect(set())


@pytest.fixture
def family(make, app):
    with at(date(2021, 1, 4)):
        pro = make.user(StaffRole.PROFESSIONAL)
        youth = make.youth(professionals=[pro], date_of_birth=BORN)
        youth_user = make.participant(youth, "youth")
        parent = make.participant(youth, "parent")
    return youth, youth_user, parent


def _seen_by_parent(client_factory: Any, parent: Any, youth_id: int, day: date, hour: int = 10):
    with at(day, hour):
        return surfaces(client_factory().login(parent), youth_id)


@pytest.mark.parametrize(
    ("day", "expected"),
    [
        (birthday(BORN, 12) - timedelta(days=1), EVERYTHING),
        (birthday(BORN, 12), LAW_12_15),
        (birthday(BORN, 16) - timedelta(days=1), LAW_12_15),
        (birthday(BORN, 16), NOTHING),
        (birthday(BORN, 18) - timedelta(days=1), NOTHING),
        (birthday(BORN, 18), NOTHING),
    ],
    ids=["day_before_12", "12th_birthday", "day_before_16", "16th_birthday", "day_before_18", "18"],
)
def test_a_parent_with_authority_by_age_without_sharing(family, client_factory, day, expected):
    youth, _youth_user, parent = family
    assert _seen_by_parent(client_factory, parent, youth.id, day) == expected


def test_amsterdams_date_counts_not_utcs(family, client_factory):
    """23:30 UTC on the day before the 16th birthday is already the birthday in Amsterdam."""
    youth, _youth_user, parent = family
    eve = birthday(BORN, 16) - timedelta(days=1)
    moment = datetime(eve.year, eve.month, eve.day, 23, 30, tzinfo=UTC)
    with time_machine.travel(moment, tick=False):
        assert surfaces(client_factory().login(parent), youth.id) == NOTHING
    moment = datetime(eve.year, eve.month, eve.day, 22, 30, tzinfo=UTC)
    with time_machine.travel(moment, tick=False):
        assert surfaces(client_factory().login(parent), youth.id) == LAW_12_15


def _share(client: Any, youth_id: int, parent_id: int, version: int, **parts: bool) -> Any:
    body = {p: parts.get(p, False) for p in ("jim", "network", "big5", "log", "details")}
    return client.api(
        "PUT",
        f"/api/v1/youth/{youth_id}/parent-sharing/{parent_id}",
        json={**body, "version": version},
    )


def test_from_16_a_parent_sees_only_what_is_shared_and_from_18_only_an_adults_choice(
    app, family, client_factory
):
    youth, youth_user, parent = family
    sixteen = birthday(BORN, 16)
    with at(sixteen):
        response = _share(client_factory().login(youth_user), youth.id, parent.id, 0, network=True)
        assert response.status_code == 200, response.get_json()
        assert response.get_json()["in_effect"] == ["network"]
    assert _seen_by_parent(client_factory, parent, youth.id, sixteen) == expect({"page", "network"})
    # Still on the day before the 18th birthday; on it, a choice made as a minor lapses.
    eighteen = birthday(BORN, 18)
    assert _seen_by_parent(
        client_factory, parent, youth.id, eighteen - timedelta(days=1)
    ) == expect({"page", "network"})
    assert _seen_by_parent(client_factory, parent, youth.id, eighteen) == NOTHING
    with at(eighteen):
        client = client_factory().login(youth_user)
        listed = client.api("GET", f"/api/v1/youth/{youth.id}/parent-sharing").get_json()
        (mine,) = listed["items"]
        assert mine["network"] is True and mine["in_effect"] == []
        # The adult chooses again: BIG5 only.
        response = _share(client, youth.id, parent.id, mine["version"], big5=True)
        assert response.status_code == 200
    assert _seen_by_parent(client_factory, parent, youth.id, eighteen) == expect({"page", "big5"})


def test_at_12_to_15_sharing_adds_to_what_the_law_gives(family, client_factory):
    youth, youth_user, parent = family
    thirteen = birthday(BORN, 13)
    with at(thirteen):
        assert (
            _share(client_factory().login(youth_user), youth.id, parent.id, 0, log=True).status_code
            == 200
        )
    assert _seen_by_parent(client_factory, parent, youth.id, thirteen) == expect(
        {"page", "jim", "log"}
    )


def test_withdrawing_a_share_ends_it_at_once(family, client_factory):
    youth, youth_user, parent = family
    day = birthday(BORN, 17)
    with at(day):
        client = client_factory().login(youth_user)
        first = _share(client, youth.id, parent.id, 0, network=True, big5=True).get_json()
    assert _seen_by_parent(client_factory, parent, youth.id, day) == expect(
        {"page", "network", "big5"}
    )
    with at(day):
        assert _share(client, youth.id, parent.id, first["version"]).status_code == 200
    assert _seen_by_parent(client_factory, parent, youth.id, day) == NOTHING


def test_the_sharing_page_on_a_phone_with_csrf_version_and_log(app, family, client_factory):
    youth, youth_user, parent = family
    day = birthday(BORN, 16)
    url = f"/jongeren/{youth.id}/delen-met-ouders"
    with at(day):
        client = client_factory().login(youth_user)
        page = client.get(url)
        assert page.status_code == 200
        assert "Je beslist zelf" in page.get_data(as_text=True)
        assert client_factory().login(parent).get(url).status_code == 404
        # Without the CSRF token: refused, nothing stored.
        refused = client.post(
            url, data={"share-parent_id": parent.id, "share-version": "0", "share-share_big5": "y"}
        )
        assert "niet opgeslagen" in refused.get_data(as_text=True)
        with app.app_context():
            assert db.session.scalars(select(ParentShare)).first() is None
        saved = client.form(
            url,
            {"share-parent_id": parent.id, "share-version": "0", "share-share_big5": "y"},
            token_page=url,
        )
        assert saved.status_code == 302
        # A second save with the version read before the first: stale, shown, not stored.
        stale = client.form(
            url,
            {"share-parent_id": parent.id, "share-version": "0", "share-share_log": "y"},
            token_page=url,
        )
        assert stale.status_code == 200
        assert "Iemand anders heeft dit intussen veranderd" in stale.get_data(as_text=True)
        api_stale = _share(client, youth.id, parent.id, 0, log=True)
        assert api_stale.status_code == 409
        assert api_stale.get_json()["current"]["big5"] is True
    with app.app_context():
        row = db.session.scalars(select(ParentShare)).one()
        assert (row.share_big5, row.share_log, row.decided_on) == (True, False, day)
        logged = db.session.scalars(
            select(AccessLogEntry.outcome).where(
                AccessLogEntry.action == "share_with_parents",
                AccessLogEntry.object_type == "parent_share",
            )
        ).all()
        assert logged == ["allowed"]


def test_only_the_young_person_chooses_and_only_for_own_parents(family, make, client_factory):
    youth, youth_user, parent = family
    stranger = make.user()
    with at(birthday(BORN, 16)):
        client = client_factory().login(youth_user)
        assert _share(client, youth.id, stranger.id, 0, network=True).status_code == 404
        assert (
            _share(client_factory().login(parent), youth.id, parent.id, 0, network=True)
        ).status_code == 404


def test_a_shared_jim_page_at_16_asks_the_parent_for_no_consent(app, make, family, client_factory):
    from jimnet.jim.models import JimState
    from tests.jim.conftest import JimFactory

    youth, _youth_user, parent = family
    sixteen = birthday(BORN, 16)
    with at(sixteen):
        factory = JimFactory(app, make)
        factory.nomination(youth, factory.member(youth), JimState.AWAITING_CONSENT, suitable=True)
        make.parent_share(youth, parent, jim=True)
        page = client_factory().login(parent).get(f"/jongeren/{youth.id}/jim")
    assert page.status_code == 200
    assert "Jouw toestemming" not in page.get_data(as_text=True)
    with at(sixteen - timedelta(days=1)):
        before = client_factory().login(parent).get(f"/jongeren/{youth.id}/jim")
    assert "Jouw toestemming" in before.get_data(as_text=True)
