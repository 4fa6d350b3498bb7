"""Every route, every role, against a young person of ANOTHER care team: always refused.

A route added later that forgets the door fails here: its parameters must be known (each domain
supplies ``tests/<domain>/idor_objects.py``), and any answer other than a refusal is a finding.
Pages without parameters are checked for leaking the target's name instead.
"""

from __future__ import annotations

import importlib
import pkgutil
import re
from pathlib import Path
from typing import Any

import pytest

import tests
from jimnet.accounts.roles import StaffRole

TARGET_LAST_NAME = "Zwartvleugel"
REFUSED = {401, 403, 404}
# Parameters that do not name an object of a youth: links by token, static files, model
# versions (the installation's, managed by org admins; tests/matching covers who may).
NOT_OBJECTS = {"token", "filename", "version_id"}
PARAM = re.compile(r"<(?:[a-z]+:)?(\w+)>")


def _object_builders() -> list[Any]:
    builders = []
    root = Path(tests.__file__).parent
    for info in pkgutil.iter_modules([str(root)]):
        if info.ispkg and (root / info.name / "idor_objects.py").exists():
            builders.append(importlib.import_module(f"tests.{info.name}.idor_objects").build)
    return builders


@pytest.fixture
def world(make, app):
    """The target youth with her own team in organisation X, and attackers around her."""
    org_x, org_y = make.organisation(), make.organisation()
    owner = make.user(StaffRole.PROFESSIONAL, org_x)
    target = make.youth(org_x, professionals=[owner], last_name=TARGET_LAST_NAME, age=15)
    make.participant(target, "youth")
    make.participant(target, "parent")
    objects: dict[str, int] = {"youth_id": target.id}
    for build in _object_builders():
        supplied = build(make, app, target)
        clash = objects.keys() & supplied.keys()
        # One name, two kinds of object: the walk would try only one of them on every route.
        assert not clash, f"{build.__module__} reuses URL parameter names {sorted(clash)}"
        objects.update(supplied)

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
    return objects, attackers


# Logging out would end the attacker's session halfway through the walk.
SKIP_ENDPOINTS = {"static", "accounts.logout"}


def _rules(app) -> list[Any]:
    return [r for r in app.url_map.iter_rules() if r.endpoint not in SKIP_ENDPOINTS]


def _url(rule: Any, objects: dict[str, int]) -> str | None:
    params = [p for p in PARAM.findall(rule.rule)]
    if any(p in NOT_OBJECTS for p in params):
        return None
    missing = [p for p in params if p not in objects]
    assert not missing, (
        f"route {rule.rule} has parameters {missing} that the route walk does not know: "
        "add them to tests/<domain>/idor_objects.py"
    )
    url = rule.rule
    for name in params:
        url = re.sub(rf"<(?:[a-z]+:)?{name}>", str(objects[name]), url)
    return url


def _call(client: Any, method: str, url: str) -> Any:
    if url.startswith("/api/"):
        return client.api(method, url, json={})
    if method == "GET":
        return client.get(url)
    return client.form(url, {})


def test_every_route_refuses_every_role_on_another_teams_youth(app, world, client_factory):
    objects, attackers = world
    findings = []
    for role, user in [*attackers.items(), ("anonymous", None)]:
        client = client_factory()
        if user is not None:
            client.login(user)
        for rule in _rules(app):
            url = _url(rule, objects)
            if url is None:
                continue
            has_object = bool(PARAM.findall(rule.rule))
            for method in sorted(rule.methods - {"HEAD", "OPTIONS"}):
                response = _call(client, method, url)
                body = response.get_data(as_text=True)
                if has_object:
                    refused = response.status_code in REFUSED or (
                        user is None
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


def test_refusals_are_in_the_access_log(app, world, client_factory):
    from sqlalchemy import select

    from jimnet.access.models import AccessLogEntry
    from jimnet.extensions import db

    objects, attackers = world
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
