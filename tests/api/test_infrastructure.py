"""The shared request layer of the API (jimnet.api.blueprint, problems, common), exercised on a
probe blueprint in an app of its own: guards in their order, problem details for every error
the library raises, and the document the library generates from the schemas."""

from __future__ import annotations

from typing import Any

import pytest
from flask import Flask
from marshmallow import fields

from jimnet import create_app
from jimnet.api.blueprint import ApiBlueprint
from jimnet.api.common import (
    ApiSchema,
    Id,
    Integer,
    PageArgsSchema,
    PatchSchema,
    StrictBoolean,
    Text,
    Version,
    enum_field,
)
from jimnet.api.problems import problem
from jimnet.extensions import api, db
from jimnet.network.models import Relation
from tests.conftest import TEST_CONFIG

SECRET_YOUTH = 13


class ItemSchema(ApiSchema):
    id = Id(dump_only=True)
    name = Text(20, min_length=1, required=True)
    relation = enum_field(Relation, required=True)
    ring = Integer(1, 4, required=True)
    adult = StrictBoolean(load_default=False)
    note = Text(50, allow_none=True, load_default=None)
    tags = fields.List(fields.Nested(lambda: TagSchema()), load_default=list)
    version = Version(dump_only=True)


class TagSchema(ApiSchema):
    label = Text(10, min_length=1, required=True)


class ItemPatchSchema(PatchSchema, ItemSchema):
    version = Version(required=True)


def _door(youth_id: int) -> Any:
    return problem(404, "Not found, or not yours to see.") if youth_id == SECRET_YOUTH else None


@pytest.fixture(scope="module")
def probe_app(tmp_path_factory: pytest.TempPathFactory) -> Any:
    bp = ApiBlueprint("probe_api", __name__, door=_door)

    @bp.route("/probe/<int:youth_id>/items", methods=["POST"])
    @bp.arguments(ItemSchema)
    @bp.response(201, ItemSchema)
    def create_item(body: dict[str, Any], youth_id: int) -> Any:
        return {**body, "id": 7, "version": 1}

    @bp.route("/probe/<int:youth_id>/items/<int:item_id>", methods=["PATCH"])
    @bp.arguments(ItemPatchSchema)
    @bp.response(200, ItemSchema)
    def patch_item(body: dict[str, Any], youth_id: int, item_id: int) -> Any:
        base = {"id": item_id, "name": "Sam", "relation": "friend", "ring": 2, "version": 3}
        if body["version"] != 3:
            from jimnet.api.problems import conflict

            return conflict("Changed by someone else.", ItemSchema().dump(base), current_version=3)
        return {**base, **body, "version": 4}

    @bp.route("/probe/pages")
    @bp.arguments(PageArgsSchema, location="query", as_kwargs=True)
    @bp.response(200)
    def pages(page: int, per_page: int) -> Any:
        return {"page": page, "per_page": per_page}

    # The tests' own session (conftest) serves this app's requests too: no tables of its own.
    path = tmp_path_factory.mktemp("probe") / "probe.sqlite"
    app = create_app({**TEST_CONFIG, "SQLALCHEMY_DATABASE_URI": f"sqlite:///{path}"})
    api.register_blueprint(bp)
    yield app
    with app.app_context():
        db.engine.dispose()


@pytest.fixture
def call(probe_app: Flask, make: Any) -> Any:
    """Requests to the probe app with a bearer token (the test's session serves both apps)."""
    from jimnet.accounts import services
    from jimnet.accounts.roles import StaffRole

    user = make.user(StaffRole.PROFESSIONAL)
    with probe_app.app_context():
        raw, _ = services.create_api_token(db.session(), user, "probe")
        db.session.commit()
    http = probe_app.test_client()

    def request(method: str, url: str, **kwargs: Any) -> Any:
        headers = {"Authorization": f"Bearer {raw}", **kwargs.pop("headers", {})}
        return http.open(url, method=method, headers=headers, **kwargs)

    return request


GOOD = {"name": "Sam", "relation": "friend", "ring": 2}


def test_a_fitting_body_is_loaded_and_the_answer_dumped(call: Any) -> None:
    response = call("POST", "/api/v1/probe/1/items", json={**GOOD, "tags": [{"label": "a"}]})
    assert response.status_code == 201, response.json
    assert response.json == {
        "id": 7,
        "name": "Sam",
        "relation": "friend",
        "ring": 2,
        "adult": False,
        "note": None,
        "tags": [{"label": "a"}],
        "version": 1,
    }


@pytest.mark.parametrize(
    ("body", "pointers"),
    [
        ({**GOOD, "ring": 5}, {"/ring"}),
        ({**GOOD, "ring": "2"}, {"/ring"}),
        ({**GOOD, "relation": "boss"}, {"/relation"}),
        ({**GOOD, "name": ""}, {"/name"}),
        ({**GOOD, "adult": "true"}, {"/adult"}),
        ({**GOOD, "extra": 1}, {"/extra"}),
        ({**GOOD, "id": 9}, {"/id"}),
        ({"ring": 0}, {"/name", "/relation", "/ring"}),
        ({**GOOD, "tags": [{"label": "ok"}, {"label": ""}]}, {"/tags/1/label"}),
        ([GOOD], {"/"}),
    ],
)
def test_every_error_is_listed_with_its_pointer(call: Any, body: Any, pointers: set[str]) -> None:
    response = call("POST", "/api/v1/probe/1/items", json=body)
    assert response.status_code == 422
    assert response.mimetype == "application/problem+json"
    problem_ = response.json
    assert problem_["type"].endswith("/validation") and problem_["status"] == 422
    assert {e["pointer"] for e in problem_["errors"]} == pointers
    assert all(e["detail"] for e in problem_["errors"])


def test_nul_anywhere_in_the_body_is_refused_with_its_pointer(call: Any) -> None:
    body = {**GOOD, "tags": [{"label": "a\x00b"}], "k\x00": 1}
    response = call("POST", "/api/v1/probe/1/items", json=body)
    assert response.status_code == 422
    assert {e["pointer"] for e in response.json["errors"]} == {"/tags/0/label", "/k\x00"}


def test_not_json_is_415_and_broken_json_is_400(call: Any) -> None:
    as_form = call("POST", "/api/v1/probe/1/items", data={"name": "Sam"})
    assert as_form.status_code == 415 and as_form.mimetype == "application/problem+json"
    broken = call(
        "POST", "/api/v1/probe/1/items", data="{oops", headers={"Content-Type": "application/json"}
    )
    assert broken.status_code == 400 and broken.json["type"].endswith("/malformed-json")
    huge = call(
        "POST",
        "/api/v1/probe/1/items",
        data='{"ring": ' + "9" * 5000 + "}",
        headers={"Content-Type": "application/json"},
    )
    assert huge.status_code == 400


def test_the_door_answers_before_the_body_is_looked_at(call: Any) -> None:
    for body in ({"ring": "nonsense"}, GOOD):
        response = call("POST", f"/api/v1/probe/{SECRET_YOUTH}/items", json=body)
        assert response.status_code == 404
        assert response.json["detail"] == "Not found, or not yours to see."
    assert call("POST", f"/api/v1/probe/{SECRET_YOUTH}/items", data="x").status_code == 404


def test_patch_needs_only_the_version_and_a_stale_one_gets_the_current_state(call: Any) -> None:
    missing = call("PATCH", "/api/v1/probe/1/items/5", json={"ring": 1})
    assert missing.status_code == 422
    assert [e["pointer"] for e in missing.json["errors"]] == ["/version"]
    fresh = call("PATCH", "/api/v1/probe/1/items/5", json={"version": 3, "ring": 1})
    assert fresh.status_code == 200 and (fresh.json["ring"], fresh.json["version"]) == (1, 4)
    stale = call("PATCH", "/api/v1/probe/1/items/5", json={"version": 2, "ring": 1})
    assert stale.status_code == 409 and stale.mimetype == "application/problem+json"
    assert stale.json["current"]["ring"] == 2
    assert stale.json["errors"] == [
        {"pointer": "/version", "detail": "Changed by someone else.", "current_version": 3}
    ]


def test_bad_query_strings_are_400_with_the_schemas_problem_type(call: Any) -> None:
    assert call("GET", "/api/v1/probe/pages?page=2").json == {"page": 2, "per_page": 50}
    response = call("GET", "/api/v1/probe/pages?per_page=0&page=x")
    assert response.status_code == 400
    assert response.json["type"].endswith("/bad-paging")
    assert {e["pointer"] for e in response.json["errors"]} == {"?per_page", "?page"}


def test_unknown_routes_and_methods_are_problems(call: Any) -> None:
    assert call("GET", "/api/v1/probe/1/items").status_code == 405
    response = call("DELETE", "/api/v1/probe/1/items/5")
    assert response.status_code == 405 and response.mimetype == "application/problem+json"
    assert call("GET", "/api/v1/probe/1/nothing").json["status"] == 404


def test_the_document_is_generated_from_the_schemas_and_validates(probe_app: Flask) -> None:
    from openapi_spec_validator import validate

    doc = probe_app.test_client().get("/api/v1/openapi.json").json
    validate(doc)
    assert doc["openapi"] == "3.1.0"
    schemas = doc["components"]["schemas"]
    item = schemas["Item"]
    assert item["properties"]["id"]["readOnly"] is True
    assert item["properties"]["relation"]["enum"][:2] == [r.value for r in Relation][:2]
    assert item["properties"]["note"]["type"] == ["string", "null"]
    assert item["additionalProperties"] is False
    assert set(item["required"]) == {"name", "relation", "ring"}
    assert schemas["ItemPatch"]["required"] == ["version"]
    post = doc["paths"]["/api/v1/probe/{youth_id}/items"]["post"]
    assert {"201", "400", "415", "422", "default"} <= set(post["responses"])
    for ref in post["responses"].values():
        if "$ref" in ref:
            name = ref["$ref"].rsplit("/", 1)[-1]
            assert set(doc["components"]["responses"][name]["content"]) == {
                "application/problem+json"
            }
    assert set(doc["components"]["securitySchemes"]) == {"bearer", "cookie"}
