"""A client with nothing but a bearer token: it creates a young person, imports her map from a
file and reads her analysis, through the API alone."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from flask import Flask

from jimnet.accounts import services as accounts
from jimnet.accounts.models import User
from jimnet.accounts.roles import StaffRole
from jimnet.clock import today
from jimnet.extensions import db

GRAPHML = """<?xml version="1.0" encoding="UTF-8"?>
<graphml xmlns="http://graphml.graphdrawing.org/xmlns">
  <key id="label" for="node" attr.name="label" attr.type="string"/>
  <key id="relation" for="node" attr.name="relation" attr.type="string"/>
  <key id="ring" for="node" attr.name="ring" attr.type="int"/>
  <key id="supports" for="node" attr.name="supports" attr.type="string"/>
  <key id="quality" for="edge" attr.name="quality" attr.type="string"/>
  <graph edgedefault="undirected">
    <node id="oma"><data key="label">Oma Ria</data><data key="relation">grandparent</data>
      <data key="ring">1</data><data key="supports">emotional:support</data></node>
    <node id="trainer"><data key="label">Trainer Bas</data><data key="relation">sports_coach</data>
      <data key="ring">2</data></node>
    <edge source="oma" target="trainer"><data key="quality">positive</data></edge>
  </graph>
</graphml>
"""


def test_create_import_and_analyse_with_a_bearer_token_only(app: Flask, make: Any) -> None:
    org = make.organisation()
    pro = make.user(StaffRole.PROFESSIONAL, org)
    with app.app_context():
        token, _ = accounts.create_api_token(db.session(), db.session.get(User, pro.id), "e2e")
        db.session.commit()
    http = app.test_client()
    headers = {"Authorization": f"Bearer {token}"}

    me = http.get("/api/v1/me", headers=headers).json
    organisation_id = me["staff_roles"][0]["organisation_id"]
    created = http.post(
        "/api/v1/youth",
        headers=headers,
        json={
            "first_name": "Noor",
            "last_name": "Bakker",
            "date_of_birth": (today() - timedelta(days=16 * 366)).isoformat(),
            "organisation_id": organisation_id,
        },
    )
    assert created.status_code == 201, created.json
    youth_id = created.json["id"]
    assert [y["id"] for y in http.get("/api/v1/youth", headers=headers).json["items"]] == [youth_id]

    imported = http.post(
        f"/api/v1/youth/{youth_id}/network/import",
        headers={**headers, "Content-Type": "application/graphml+xml"},
        data=GRAPHML.encode(),
    )
    assert imported.status_code == 201, imported.json
    assert (imported.json["members"], imported.json["ties"]) == (2, 1)

    analysis = http.get(f"/api/v1/youth/{youth_id}/network/analysis", headers=headers)
    assert analysis.status_code == 200
    body = analysis.json
    assert body["size"] == 2 and body["adults"] == 2
    supporters = body["coverage"]["support"]["emotional"]
    assert [p["name"] for p in supporters] == ["Oma Ria"]
    assert "support" not in body["uncovered"] and "work" in body["uncovered"]
    assert any(f["topic"] == "gap" for f in body["findings"])
    big5 = http.get(f"/api/v1/youth/{youth_id}/big5", headers=headers)
    assert big5.status_code == 200 and big5.json["youth_id"] == youth_id
