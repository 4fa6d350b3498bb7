"""Every route, every role, against a young person of ANOTHER care team: always refused; and on
the same URL, someone the young person's file belongs to gets through.

The URL of each route is built from the URL map's own converters (``<int:…>``, ``<any(…)>``,
``<path:…>``) and then matched back to the same endpoint, so that a route the walk cannot fill
FAILS instead of answering 404 to a URL that names no route (which a walk would count as a
refusal). Each domain supplies the ids of its objects in ``tests/<domain>/idor_objects.py``.
Pages without an object are checked for leaking the target's name instead.

The walk also runs at the boundaries of the rules that have time or a life in them
(``test_the_walk_at_the_boundaries``): a parent on the day before and on the 12th, 16th and 18th
birthday, a professional before and after deactivation, a JIM before and after the JIM role ends
and the consent is withdrawn.
"""

from __future__ import annotations

import importlib
import itertools
import pkgutil
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
import time_machine
from sqlalchemy import select, update
from werkzeug.routing import AnyConverter

import tests
from jimnet.access.parents import birthday
from jimnet.accounts.models import User
from jimnet.accounts.roles import StaffRole
from jimnet.clock import AMSTERDAM
from jimnet.extensions import db
from jimnet.jim.models import JimNomination, JimState
from jimnet.organisations import services as organisations
from jimnet.youth.models import Consent, ParentalAuthority
from tests.jim.conftest import JimFactory

TARGET_LAST_NAME = "Zwartvleugel"
REFUSED = {401, 403, 404}
# Parameters that do not name an object of a youth, with the value the walk puts in: links by
# token, static files, model versions (the installation's, managed by org admins; tests/matching
# covers who may).
NOT_OBJECTS: dict[str, Any] = {"token": "walk-unknown-token", "filename": "css/app.css"}
NOT_OBJECTS["version_id"] = 1
# Logging out would end the session halfway through the walk.
SKIP_ENDPOINTS = {"accounts.logout"}
# The success code of an insider's GET where it is not 200, and why.
GET_SUCCESS: dict[str, set[int]] = {
    # The measurements page's compare form: always on to the comparison (or back to the form).
    "network.compare_pick": {302},
    # An export is handed out once: the young person who asked gets it, or (already taken by an
    # earlier call of the walk) the view's own 410, never the door's refusal.
    "privacy_api.download_export": {200, 410},
}


def _object_builders() -> list[Any]:
    builders = []
    root = Path(tests.__file__).parent
    for info in pkgutil.iter_modules([str(root)]):
        if info.ispkg and (root / info.name / "idor_objects.py").exists():
            builders.append(importlib.import_module(f"tests.{info.name}.idor_objects").build)
    return builders


BORN = date(2011, 6, 15)  # 15 on the walk's fixed day
WALK_DAY = datetime(2026, 12, 2, 10, 0, tzinfo=AMSTERDAM)


@pytest.fixture
def walk_clock() -> Iterator[None]:
    """The walk runs at one fixed instant: the rules with time in them answer the same way."""
    with time_machine.travel(WALK_DAY, tick=False):
        yield


@pytest.fixture
def world(make, app, walk_clock):
    """The target youth with her own team in organisation X, the people beside her (insiders),
    and attackers around her."""
    org_x, org_y = make.organisation(), make.organisation()
    owner = make.user(StaffRole.PROFESSIONAL, org_x)
    coach = make.user(StaffRole.COACH, org_x)
    target = make.youth(
        org_x,
        professionals=[owner],
        coaches=[coach],
        last_name=TARGET_LAST_NAME,
        date_of_birth=BORN,
    )
    youth_user = make.participant(target, "youth")
    parent_user = make.participant(target, "parent")
    objects: dict[str, int] = {"youth_id": target.id}
    for build in _object_builders():
        supplied = build(make, app, target)
        clash = objects.keys() & supplied.keys()
        # One name, two kinds of object: the walk would try only one of them on every route.
        assert not clash, f"{build.__module__} reuses URL parameter names {sorted(clash)}"
        objects.update(supplied)
    jim_user = _active_jim(app, make, target, parent_user)
    insiders = {
        "owner": owner,
        "coach": coach,
        "youth": youth_user,
        "parent": parent_user,
        "jim": jim_user,
        "org_admin": make.user(StaffRole.ORG_ADMIN, org_x),
        "coordinator": make.user(StaffRole.COORDINATOR, org_x),
    }
    other_pro = make.user(StaffRole.PROFESSIONAL, org_y)
    other_youth = make.youth(org_y, professionals=[other_pro], last_name="Anders")
    attackers = {
        "professional_other_org": other_pro,
        "professional_same_org_not_on_team": make.user(StaffRole.PROFESSIONAL, org_x),
        "coach_other_team": make.user(StaffRole.COACH, org_y),
        "intake_same_org": make.user(StaffRole.INTAKE, org_x),
        "org_admin_other_org": make.user(StaffRole.ORG_ADMIN, org_y),
        "youth_other": make.participant(other_youth, "youth"),
        "parent_other": make.participant(other_youth, "parent"),
        "jim_other": make.participant(other_youth, "jim"),
    }
    return objects, attackers, insiders


def _active_jim(app: Any, make: Any, youth: Any, parent: Any) -> User:
    with app.app_context():
        authority_id = db.session.scalars(
            select(ParentalAuthority.id).where(ParentalAuthority.user_id == parent.id)
        ).one()
    factory = JimFactory(app, make)
    member = factory.member(youth, "JIM van de route")
    jim_user = make.user()
    factory.nomination(
        youth,
        member,
        JimState.ACTIVE,
        suitable=True,
        consents=(("youth", None), ("parent", authority_id)),
        jim_user=jim_user,
    )
    return jim_user


def _rules(app: Any) -> list[Any]:
    return [r for r in app.url_map.iter_rules() if r.endpoint not in SKIP_ENDPOINTS]


def _urls(app: Any, rule: Any, objects: dict[str, int]) -> list[str]:
    """Every URL of the rule: each ``any(…)`` choice, objects by name, the rest from NOT_OBJECTS.
    Each URL is matched back to the rule's endpoint: a URL that names no route fails here."""
    names = sorted(rule.arguments)
    missing = [
        n
        for n in names
        if n not in objects
        and n not in NOT_OBJECTS
        and not isinstance(rule._converters[n], AnyConverter)
    ]
    assert not missing, (
        f"route {rule.rule} has parameters {missing} that the route walk does not know: "
        "add them to tests/<domain>/idor_objects.py"
    )
    choices = []
    for name in names:
        converter = rule._converters[name]
        if isinstance(converter, AnyConverter):
            choices.append(sorted(converter.items))
        else:
            choices.append([objects[name] if name in objects else NOT_OBJECTS[name]])
    adapter = app.url_map.bind("localhost")
    urls = []
    for combo in itertools.product(*choices):
        _domain, url = rule.build(dict(zip(names, combo, strict=True)), append_unknown=False)
        method = sorted(rule.methods - {"HEAD", "OPTIONS"})[0]
        endpoint, _args = adapter.match(url, method=method)
        assert endpoint == rule.endpoint, f"{url} reaches {endpoint}, not {rule.endpoint}"
        urls.append(url)
    return urls


def _has_object(rule: Any, objects: dict[str, int]) -> bool:
    return any(name in objects for name in rule.arguments)


def _call(client: Any, method: str, url: str) -> Any:
    """One request as a browser or an API client sends it, with the client's CSRF token (read
    once per client: the walk sends thousands of requests)."""
    token = getattr(client, "walk_csrf", None)
    if token is None and method != "GET":
        token = client.csrf_token("/account/" if client.logged_in else "/inloggen")
        client.walk_csrf = token
    if url.startswith("/api/"):
        headers = {"X-CSRFToken": token} if method != "GET" and client.logged_in else {}
        return client.http.open(url, method=method, json={}, headers=headers)
    if method == "GET":
        return client.get(url)
    return client.http.post(url, data={"csrf_token": token})


def _walk(app: Any, objects: dict[str, int]) -> Iterator[tuple[Any, str, str]]:
    for rule in _rules(app):
        for url in _urls(app, rule, objects):
            for method in sorted(rule.methods - {"HEAD", "OPTIONS"}):
                yield rule, method, url


def test_the_walk_fills_every_route(app, world):
    """Every route is reached, the export routes with each of their file names."""
    objects, _attackers, _insiders = world
    walked = {(rule.endpoint, url) for rule, _method, url in _walk(app, objects)}
    endpoints = {endpoint for endpoint, _url in walked}
    assert endpoints == {r.endpoint for r in _rules(app)}
    exports = sorted(url for endpoint, url in walked if endpoint == "network.export")
    assert [url.rsplit("/", 1)[1] for url in exports] == [
        "netwerk.graphml",
        "netwerk.json",
        "personen.csv",
        "verbindingen.csv",
    ]


def test_every_route_refuses_every_role_on_another_teams_youth(app, world, client_factory):
    objects, attackers, _insiders = world
    findings = []
    clients = {}
    for role, user in [*attackers.items(), ("anonymous", None)]:
        clients[role] = client_factory()
        if user is not None:
            clients[role].login(user)
    for rule, method, url in _walk(app, objects):
        has_object = _has_object(rule, objects)
        for role, client in clients.items():
            response = _call(client, method, url)
            body = response.get_data(as_text=True)
            if has_object:
                refused = response.status_code in REFUSED or (
                    role == "anonymous"
                    and response.status_code == 302
                    and "/inloggen" in response.headers["Location"]
                )
                if not refused:
                    findings.append(f"{role}: {method} {url} answered {response.status_code}")
            elif TARGET_LAST_NAME in body:
                findings.append(f"{role}: {method} {url} shows the target youth's name")
            if response.status_code >= 500:
                findings.append(f"{role}: {method} {url} crashed with {response.status_code}")
    assert not findings, "\n".join(findings)


@contextmanager
def undone() -> Iterator[None]:
    """Run a request whose changes are rolled back afterwards (a SAVEPOINT around it), so that
    one insider's write does not change what the next route finds."""
    db.session.remove()
    connection = db.session.get_bind()
    savepoint = connection.begin_nested()
    try:
        yield
    finally:
        db.session.remove()
        savepoint.rollback()


def test_an_insider_gets_through_where_strangers_are_refused(app, world, client_factory):
    """On each URL the strangers were refused, someone the file belongs to gets through: 200 for
    a GET, and for a write an answer of the view itself (done, or the body refused) rather than
    the door's refusal. A refusal that every insider also gets proves nothing."""
    objects, _attackers, insiders = world
    clients = {role: client_factory().login(user) for role, user in insiders.items()}
    findings = []
    for rule, method, url in _walk(app, objects):
        if not _has_object(rule, objects):
            continue
        answers = {}
        for role, client in clients.items():
            if method == "GET":
                status = _call(client, method, url).status_code
                if status in GET_SUCCESS.get(rule.endpoint, {200}):
                    break
            else:
                with app.app_context(), undone():
                    status = _call(client, method, url).status_code
                if status not in REFUSED and status < 500:
                    break
            answers[role] = status
        else:
            findings.append(f"{method} {url}: no insider got through {answers}")
    assert not findings, "\n".join(findings)


# --- the walk at the boundaries of the rules ---------------------------------------------------


def _reach(app: Any, client: Any, objects: dict[str, int]) -> set[str]:
    """The GET routes of the target youth that answer 200 to this client."""
    reached = set()
    for rule, method, url in _walk(app, objects):
        if (
            method == "GET"
            and _has_object(rule, objects)
            and _call(client, method, url).status_code == 200
        ):
            reached.add(url)
    return reached


def _under(reach: set[str], *parts: str) -> set[str]:
    return {url for url in reach if any(f"/{part}" in url for part in parts)}


PRIVATE = ("netwerk", "network", "big5", "logboek", "access-log")


def test_the_walk_at_the_boundaries(app, world, client_factory):
    objects, _attackers, insiders = world
    parent, jim, owner = insiders["parent"], insiders["jim"], insiders["owner"]

    def reach_at(user: User, day: date) -> set[str]:
        moment = datetime(day.year, day.month, day.day, 10, tzinfo=AMSTERDAM)
        with time_machine.travel(moment, tick=False):
            return _reach(app, client_factory().login(user), objects)

    # The parent: the whole file the day before the 12th birthday, then only the record and the
    # JIM steps, then nothing from the 16th birthday; a choice made at 17 lapses at 18.
    before_12 = reach_at(parent, birthday(BORN, 12) - timedelta(days=1))
    assert all(_under(before_12, part) for part in ("netwerk", "big5", "logboek", "jim"))
    on_12 = reach_at(parent, birthday(BORN, 12))
    assert on_12 and _under(on_12, "jim") and not _under(on_12, *PRIVATE)
    assert reach_at(parent, birthday(BORN, 16) - timedelta(days=1)) == on_12
    assert reach_at(parent, birthday(BORN, 16)) == set()
    with app.app_context():
        from jimnet.youth.models import ParentShare

        db.session.add(
            ParentShare(
                youth_id=objects["youth_id"],
                user_id=parent.id,
                share_network=True,
                decided_on=birthday(BORN, 17),
            )
        )
        db.session.commit()
    day_before_18 = reach_at(parent, birthday(BORN, 18) - timedelta(days=1))
    assert _under(day_before_18, "netwerk") and not _under(day_before_18, "big5", "jim")
    assert reach_at(parent, birthday(BORN, 18)) == set()

    # The JIM: the shared map while in position with valid consent; nothing private after the
    # consent is withdrawn, nothing at all after the role ends.
    today = WALK_DAY.date()
    in_position = reach_at(jim, today)
    assert _under(in_position, "netwerk") and _under(in_position, "big5")
    with app.app_context():
        nomination = db.session.scalars(
            select(JimNomination).where(JimNomination.jim_user_id == jim.id)
        ).one()
        db.session.execute(
            update(Consent)
            .where(Consent.subject_id == nomination.id, Consent.given_by_role == "youth")
            .values(withdrawn_at=WALK_DAY)
        )
        db.session.commit()
    withdrawn = reach_at(jim, today)
    assert withdrawn and not _under(withdrawn, *PRIVATE)
    with app.app_context():
        nomination = db.session.scalars(
            select(JimNomination).where(JimNomination.jim_user_id == jim.id)
        ).one()
        nomination.state = JimState.ENDED
        from jimnet.youth.models import CaseParticipant

        db.session.execute(
            update(CaseParticipant)
            .where(CaseParticipant.id == nomination.participant_id)
            .values(active=False)
        )
        db.session.commit()
    assert reach_at(jim, today) == set()

    # The professional: the whole file, then nothing once deactivated in the organisation, even
    # with a role kept in another organisation.
    before = reach_at(owner, today)
    assert all(_under(before, part) for part in ("netwerk", "big5", "logboek", "jim"))
    with app.app_context():
        user = db.session.get(User, owner.id)
        other = make_partner_org(app)
        organisations.set_roles(db.session, user, other, {StaffRole.PROFESSIONAL})
        organisations.deactivate(db.session, user, objects["organisation_id"])
        db.session.commit()
        db.session.refresh(user)
        user.memberships  # noqa: B018
        owner = user
    assert reach_at(owner, today) == set()


def make_partner_org(app: Any) -> int:
    from jimnet.organisations.models import Organisation

    org = Organisation(name="Partner van de route")
    db.session.add(org)
    db.session.flush()
    return org.id


def test_refusals_are_in_the_access_log(app, world, client_factory):
    from jimnet.access.models import AccessLogEntry

    objects, attackers, _insiders = world
    client = client_factory().login(attackers["professional_other_org"])
    assert client.get(f"/jongeren/{objects['youth_id']}").status_code == 404
    with app.app_context():
        entry = db.session.scalars(
            select(AccessLogEntry).order_by(AccessLogEntry.id.desc())
        ).first()
        assert entry.outcome == "denied"
        assert entry.actor_user_id == attackers["professional_other_org"].id
        assert entry.object_id == str(objects["youth_id"])
        assert entry.youth_pseudonym is not None
