"""Property: any Unicode at all (lone surrogates, controls, bidi marks, noncharacters) through
the name and id fields of an import ends in a refusal (4xx) or a stored value, never a 500,
and every export of what was stored stays well-formed XML, JSON and CSV."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterator
from datetime import date
from typing import Any

import defusedxml.ElementTree as ET
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from jimnet.accounts.roles import StaffRole
from jimnet.extensions import limiter
from jimnet.network.graph import build_graph
from jimnet.network.importing import ImportRefused, parse_file, plan_import
from jimnet.network.io_csv import members_csv
from jimnet.network.io_graphml import export_graphml
from jimnet.network.io_json import export_json
from jimnet.network.models import NetworkMember

TODAY = date(2026, 6, 1)
# Every code point, surrogates included (hypothesis leaves category Cs out unless asked).
ANY_CHAR = st.characters(codec=None, categories=None, exclude_categories=())
TEXT = st.text(ANY_CHAR, max_size=40) | st.sampled_from(
    ["\ud800", "A\udfffB", "\x00", "\x01", "\u202eevil", "\u200b", "\ufffe", "Zoë", " "]
)


def _well_formed(graphml: bytes, node_link: str, people: str) -> None:
    ET.fromstring(graphml)
    json.loads(node_link.encode("utf-8").decode("utf-8"))
    list(csv.reader(io.StringIO(people.encode("utf-8").decode("utf-8-sig"))))


@settings(max_examples=300, deadline=None)
@given(name=TEXT, ident=TEXT, relation=TEXT)
def test_any_text_is_refused_or_exported_well_formed(name: str, ident: str, relation: str) -> None:
    body = json.dumps(
        {"nodes": [{"id": ident, "label": name, "relation": relation}], "edges": []}
    ).encode()
    try:
        plan = plan_import(parse_file(body, "x.json"), TODAY)
    except ImportRefused as refused:
        assert refused.problems
        return
    members = [
        NetworkMember(
            id=i + 1,
            youth_id=1,
            display_name=data.display_name,
            relation=data.relation,
            sector=data.sector,
            ring=data.ring,
            quality=data.quality,
            is_adult=data.is_adult,
            added_by_role="import",
            youth_supports_member=False,
            supports=[],
        )
        for i, (_, data, _) in enumerate(plan.members)
    ]
    graph = build_graph(name, 1, members, [], taken_on=TODAY)
    _well_formed(export_graphml(graph), export_json(graph), members_csv(graph))


@pytest.fixture
def no_rate_limit() -> Iterator[None]:
    limiter.enabled = False
    yield
    limiter.enabled = True


@settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(name=TEXT)
def test_the_api_answers_4xx_or_stores_and_every_export_stays_well_formed(
    make: Any, client: Any, no_rate_limit: None, name: str
) -> None:
    pro = make.user(StaffRole.PROFESSIONAL)
    youth = make.youth(professionals=[pro])
    client.login(pro)
    base = f"/api/v1/youth/{youth.id}/network"
    body = json.dumps({"nodes": [{"id": "a", "label": name}], "edges": []}).encode()
    response = client.api(
        "POST", base + "/import", data=body, headers={"Content-Type": "application/json"}
    )
    assert response.status_code in (201, 422), response.data
    if response.status_code == 422:
        assert response.json["errors"]
        return
    graphml = client.api("GET", base + ".graphml")
    node_link = client.api("GET", base + ".json")
    people = client.api("GET", base + "/members.csv")
    assert {graphml.status_code, node_link.status_code, people.status_code} == {200}
    _well_formed(graphml.data, node_link.data.decode("utf-8"), people.data.decode("utf-8"))
    page = client.get(f"/jongeren/{youth.id}/netwerk").get_data(as_text=True)
    ET.fromstring(page[page.index("<svg") : page.index("</svg>") + len("</svg>")])
