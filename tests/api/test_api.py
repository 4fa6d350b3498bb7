from __future__ import annotations

from jimnet.accounts.roles import StaffRole
from jimnet.extensions import db
from tests.factories import TEST_PASSWORD


def _token(app, user):
    from jimnet.accounts import services

    with app.app_context():
        raw, _ = services.create_api_token(db.session, db.session.get(type(user), user.id), "test")
        db.session.commit()
    return raw


def test_me_with_a_bearer_token(app, make, client):
    pro = make.user(StaffRole.PROFESSIONAL)
    response = client.api("GET", "/api/v1/me", token=_token(app, pro))
    assert response.status_code == 200
    assert response.json["email"] == pro.email
    assert response.json["staff_roles"][0]["role"] == "professional"


def test_me_with_the_session_cookie(make, client):
    pro = make.user(StaffRole.PROFESSIONAL)
    client.login(pro)
    assert client.api("GET", "/api/v1/me").json["id"] == pro.id


def test_unauthenticated_calls_get_problem_details(client):
    response = client.api("GET", "/api/v1/youth")
    assert response.status_code == 401
    assert response.headers["Content-Type"] == "application/problem+json"
    assert response.json["status"] == 401
    assert "WWW-Authenticate" in response.headers


def test_a_revoked_token_is_refused(app, make, client):
    from jimnet.accounts import services

    pro = make.user(StaffRole.PROFESSIONAL)
    raw = _token(app, pro)
    assert client.api("GET", "/api/v1/me", token=raw).status_code == 200
    with app.app_context():
        token = services.tokens_of(db.session, pro)[0]
        services.revoke_api_token(db.session, pro, token.id)
        db.session.commit()
    response = client.api("GET", "/api/v1/me", token=raw)
    assert response.status_code == 401
    assert "revoked" in response.json["detail"]


def test_tokens_are_stored_hashed(app, make):
    from sqlalchemy import select

    from jimnet.accounts.models import ApiToken

    pro = make.user(StaffRole.PROFESSIONAL)
    raw = _token(app, pro)
    with app.app_context():
        stored = db.session.scalars(select(ApiToken)).all()
        assert all(raw not in (t.token_hash, t.prefix) for t in stored)


def test_youth_list_holds_only_those_the_caller_may_see(make, client):
    pro = make.user(StaffRole.PROFESSIONAL)
    mine = make.youth(professionals=[pro], first_name="Mijn")
    make.youth(first_name="Niet")
    client.login(pro)
    data = client.api("GET", "/api/v1/youth").json
    assert [y["id"] for y in data["items"]] == [mine.id]
    assert data["total"] == 1


def test_youth_detail_and_refusal(make, client):
    pro = make.user(StaffRole.PROFESSIONAL)
    mine = make.youth(professionals=[pro])
    other = make.youth()
    client.login(pro)
    detail = client.api("GET", f"/api/v1/youth/{mine.id}")
    assert detail.status_code == 200
    assert detail.json["care_team"][0]["user_id"] == pro.id
    refused = client.api("GET", f"/api/v1/youth/{other.id}")
    assert refused.status_code == 404
    assert refused.headers["Content-Type"] == "application/problem+json"
    assert client.api("GET", "/api/v1/youth/999999").status_code == 404


def test_bad_paging_is_a_problem_not_a_crash(make, client):
    client.login(make.user(StaffRole.PROFESSIONAL))
    response = client.api("GET", "/api/v1/youth?per_page=0")
    assert response.status_code == 400
    assert response.json["type"].endswith("bad-paging")


def test_unknown_api_route_is_a_problem(make, client):
    client.login(make.user(StaffRole.PROFESSIONAL))
    response = client.api("GET", "/api/v1/nothing-here")
    assert response.status_code == 404
    assert response.headers["Content-Type"] == "application/problem+json"


def test_openapi_document_describes_every_api_route(app, client):
    import re

    doc = client.get("/api/v1/openapi.json").json
    assert doc["openapi"].startswith("3.1")
    documented = {(path, method) for path, ops in doc["paths"].items() for method in ops}
    for rule in app.url_map.iter_rules():
        if not rule.rule.startswith("/api/v1/") or rule.endpoint == "api-docs.openapi_json":
            continue
        path = re.sub(r"<(?:[a-z]+:)?(\w+)>", r"{\1}", rule.rule)
        for method in rule.methods - {"HEAD", "OPTIONS"}:
            assert (path, method.lower()) in documented, (
                f"{method} {path} is not in the OpenAPI document"
            )


def test_openapi_document_is_valid(client):
    from openapi_spec_validator import validate

    validate(client.get("/api/v1/openapi.json").json)


def _change_password(client, user):
    client.login(user)
    return client.form(
        "/account/wachtwoord",
        {
            "pw-current": TEST_PASSWORD,
            "pw-password": "a brand new passphrase",
            "pw-confirm": "a brand new passphrase",
        },
    )


def test_a_password_change_ends_every_api_token(app, make, client_factory):
    pro = make.user(StaffRole.PROFESSIONAL)
    raw, other = _token(app, pro), _token(app, make.user(StaffRole.PROFESSIONAL))
    caller = client_factory()
    assert caller.api("GET", "/api/v1/me", token=raw).status_code == 200
    assert _change_password(client_factory(), pro).status_code == 302
    response = caller.api("GET", "/api/v1/me", token=raw)
    assert response.status_code == 401
    # Someone else's token lives on.
    assert caller.api("GET", "/api/v1/me", token=other).status_code == 200


def test_a_password_reset_ends_every_api_token(app, make, client):
    from jimnet.accounts import services
    from jimnet.accounts.models import TokenPurpose

    pro = make.user(StaffRole.PROFESSIONAL)
    raw = _token(app, pro)
    with app.app_context():
        issued = services.issue_token(db.session, TokenPurpose.RESET, pro.email, 1, user=pro)
        db.session.commit()
    path = f"/wachtwoord-herstellen/{issued.token}"
    new = {"password": "nieuw lang wachtwoord", "confirm": "nieuw lang wachtwoord"}
    assert client.form(path, new, token_page=path).status_code == 302
    assert client.api("GET", "/api/v1/me", token=raw).status_code == 401
