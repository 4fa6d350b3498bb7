"""The network's export routes go through the same door as every other route: another
organisation's professional (or another team's) gets 404 where the owner downloads the file."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from jimnet.access.models import AccessLogEntry
from jimnet.accounts.roles import StaffRole
from jimnet.clock import today
from jimnet.extensions import db
from jimnet.network import snapshots
from jimnet.youth.models import Youth

EXPORTS = ("netwerk.graphml", "netwerk.json", "personen.csv", "verbindingen.csv")


@pytest.fixture
def world(app, make):
    org = make.organisation()
    owner = make.user(StaffRole.PROFESSIONAL, org)
    youth = make.youth(org, professionals=[owner], last_name="Exportgeheim")
    with app.app_context():
        snapshot = snapshots.take_snapshot(
            db.session(),
            db.session.get(Youth, youth.id),
            label="M1",
            note=None,
            taken_on=today(),
            taken_by_id=owner.id,
            today=today(),
        )
        db.session.commit()
        snapshot_id = snapshot.id
    strangers = {
        "other_org": make.user(StaffRole.PROFESSIONAL, make.organisation()),
        "same_org_not_on_team": make.user(StaffRole.PROFESSIONAL, org),
        "org_admin": make.user(StaffRole.ORG_ADMIN, org),
    }
    return youth, owner, snapshot_id, strangers


@pytest.mark.parametrize("name", EXPORTS)
@pytest.mark.parametrize("of_snapshot", [False, True], ids=["now", "snapshot"])
def test_only_the_door_opens_an_export(app, world, client_factory, name, of_snapshot):
    youth, owner, snapshot_id, strangers = world
    base = f"/jongeren/{youth.id}/netwerk"
    url = f"{base}/metingen/{snapshot_id}/export/{name}" if of_snapshot else f"{base}/export/{name}"
    response = client_factory().login(owner).get(url)
    assert response.status_code == 200
    assert "attachment" in response.headers["Content-Disposition"]
    for who, stranger in strangers.items():
        refused = client_factory().login(stranger).get(url)
        assert refused.status_code == 404, who
        assert "Exportgeheim" not in refused.get_data(as_text=True)
    with app.app_context():
        denied = db.session.scalars(
            select(AccessLogEntry.actor_user_id).where(
                AccessLogEntry.outcome == "denied", AccessLogEntry.action == "view_network"
            )
        ).all()
    assert {s.id for s in strangers.values()} <= set(denied)
