"""Input that never makes a 500: each of these answered 500 before; now a 400/422 that says why.

And the one text rule (jimnet.text), the same at every way in: forms, API schemas, import.
"""

from __future__ import annotations

import io
import json
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import func, select

from jimnet import jsonlimits, text
from jimnet.accounts.roles import StaffRole
from jimnet.extensions import db
from jimnet.network.models import NetworkMember


@pytest.fixture
def world(make: Any, net: Any, client: Any) -> Any:
    pro = make.user(StaffRole.PROFESSIONAL)
    youth = make.youth(professionals=[pro])
    member = net.member(youth, "Sam")
    client.login(pro)
    return pro, youth, member


def _raw(client: Any, method: str, url: str, body: str) -> Any:
    headers = {"Content-Type": "application/json", "X-CSRFToken": client.csrf_token("/account/")}
    return client.http.open(url, method=method, data=body, headers=headers)


def _members(app: Any, youth_id: int) -> int:
    with app.app_context():
        return int(
            db.session.scalar(
                select(func.count())
                .select_from(NetworkMember)
                .where(NetworkMember.youth_id == youth_id)
            )
            or 0
        )


# --- JSON bounds --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "body",
    ["[" * 5000 + "]" * 5000, '{"a":' * 5000 + "1" + "}" * 5000],
    ids=["array", "object"],
)
def test_json_nested_5000_deep_is_a_400_before_parsing(world: Any, client: Any, body: str) -> None:
    _pro, youth, member = world
    url = f"/api/v1/youth/{youth.id}/network/members/{member.id}"
    response = _raw(client, "PATCH", url, body)
    assert response.status_code == 400
    assert response.mimetype == "application/problem+json"
    assert response.json["type"].endswith("/json-too-complex")
    assert "te diep genest" in response.json["detail"]


@pytest.mark.parametrize("number", ["9" * 5000, "1e400", "-1e400", "NaN", "Infinity"])
def test_a_huge_or_non_finite_number_in_json_is_a_400(world: Any, client: Any, number: str) -> None:
    _pro, youth, member = world
    url = f"/api/v1/youth/{youth.id}/network/members/{member.id}"
    response = _raw(client, "PATCH", url, '{"version": 1, "ring": ' + number + "}")
    assert response.status_code == 400, number
    assert response.json["type"].endswith("/json-too-complex")


@pytest.mark.parametrize("value", ["1e40", "1e400", "12345678901234567890", "-1", "2.5"])
def test_a_number_that_is_no_id_in_a_json_body_is_a_422(
    world: Any, client: Any, value: str
) -> None:
    _pro, youth, member = world
    body = '{"a_id": ' + value + ', "b_id": ' + str(member.id) + "}"
    response = _raw(client, "POST", f"/api/v1/youth/{youth.id}/network/ties", body)
    assert response.status_code in (400, 422), value
    assert response.mimetype == "application/problem+json"


def test_the_bounds_are_linear_and_leave_strings_alone() -> None:
    jsonlimits.check('{"a": "' + "[" * 10_000 + "9" * 10_000 + '"}')
    jsonlimits.check("[" * 64 + "]" * 64)
    with pytest.raises(jsonlimits.JsonTooComplex):
        jsonlimits.check("[" * 65 + "]" * 65)
    assert jsonlimits.loads('{"x": [1, 2.5, -3e10]}') == {"x": [1, 2.5, -3e10]}


def test_a_json_import_with_a_5000_digit_integer_is_refused_with_a_reason(
    app: Any, world: Any, client: Any
) -> None:
    _pro, youth, _member = world
    doc = '{"directed": false, "multigraph": false, "graph": {}, "nodes": [{"id": "m1", '
    doc += '"display_name": "Ali", "relation": "friend", "ring": ' + "9" * 5000 + '}], "links": []}'
    before = _members(app, youth.id)
    response = client.form(
        f"/jongeren/{youth.id}/netwerk/importeren",
        {"file": (io.BytesIO(doc.encode()), "kaart.json")},
        content_type="multipart/form-data",
    )
    assert response.status_code in (200, 400, 422)
    assert "te lang" in response.get_data(as_text=True)  # the import names the number too long
    assert _members(app, youth.id) == before


# --- ids and dates in query strings ---------------------------------------------------------------


@pytest.fixture
def admin(make: Any, client: Any) -> Any:
    org = make.organisation()
    user = make.user(StaffRole.ORG_ADMIN, org)
    client.login(user)
    return user


@pytest.mark.parametrize("value", ["12345678901234567890", "1e40", "-5", "0"])
def test_a_youth_number_that_is_no_id_in_the_log_search_is_a_400(
    admin: Any, client: Any, value: str
) -> None:
    response = client.get(f"/logboek?jongere={value}")
    assert response.status_code == 400
    assert "Dit nummer bestaat niet" in response.get_data(as_text=True)


@pytest.mark.parametrize(
    "query", ["van=0001-01-01&tot=0001-01-02", "tot=9999-12-31", "van=2026-02-30", "van=gisteren"]
)
def test_a_date_outside_the_log_in_the_log_search_is_a_400(
    admin: Any, client: Any, query: str
) -> None:
    response = client.get(f"/logboek?{query}")
    assert response.status_code == 400
    assert "Vul een datum in als jjjj-mm-dd" in response.get_data(as_text=True)


def test_a_good_search_still_works(admin: Any, client: Any) -> None:
    assert client.get("/logboek?van=2026-01-01&tot=2026-12-31&jongere=7").status_code == 200


def test_a_member_number_that_is_no_id_on_the_ties_page_is_a_400(world: Any, client: Any) -> None:
    _pro, youth, _member = world
    response = client.get(f"/jongeren/{youth.id}/netwerk/verbindingen?a=12345678901234567890")
    assert response.status_code == 400


# --- the one text rule ----------------------------------------------------------------------------

BAD_NAMES = {
    "control": "Sam\x01",
    "surrogate": "Sam\ud800",
    "bidi": "Sam\u202eenna",
    "isolate": "\u2067Sam",
    "invisible": "\u200b",
    "invisible_mix": "\u200b\u200d\ufeff \u00ad",
}


@pytest.mark.parametrize("kind", sorted(BAD_NAMES))
def test_the_rule_refuses_each_kind(kind: str) -> None:
    with pytest.raises(text.TextRefused):
        text.clean(BAD_NAMES[kind], required=True)


def test_the_rule_normalises_and_keeps_what_people_type() -> None:
    assert text.clean("Zoe\u0308") == "Zoë"
    assert text.clean("regel 1\r\nregel 2\tmet tab", multiline=True) == "regel 1\nregel 2\tmet tab"
    assert text.clean("مريم") == "مريم"  # right-to-left script itself is fine
    assert text.clean("👩‍👧") == "👩‍👧"  # a joiner between visible characters is fine
    with pytest.raises(text.TextRefused):
        text.clean("regel 1\nregel 2")  # one line only


@pytest.mark.parametrize("kind", sorted(BAD_NAMES))
def test_a_bad_name_through_the_api_is_a_422_with_its_pointer(
    app: Any, world: Any, client: Any, kind: str
) -> None:
    _pro, youth, member = world
    before = _members(app, youth.id)
    body = json.dumps({"display_name": BAD_NAMES[kind], "relation": "friend", "ring": 2})
    response = _raw(client, "POST", f"/api/v1/youth/{youth.id}/network/members", body)
    assert response.status_code == 422, kind
    assert [e["pointer"] for e in response.json["errors"]] == ["/display_name"]
    patch = json.dumps({"version": 1, "display_name": BAD_NAMES[kind]})
    url = f"/api/v1/youth/{youth.id}/network/members/{member.id}"
    assert _raw(client, "PATCH", url, patch).status_code == 422, kind
    assert _members(app, youth.id) == before


@pytest.mark.parametrize("kind", sorted(set(BAD_NAMES) - {"surrogate"}))
def test_a_bad_name_through_the_form_is_shown_by_the_field(
    app: Any, world: Any, client: Any, kind: str
) -> None:
    # A form cannot carry a lone surrogate: the browser's UTF-8 and werkzeug replace it.
    _pro, youth, _member = world
    before = _members(app, youth.id)
    response = client.form(
        f"/jongeren/{youth.id}/netwerk/nieuw",
        {"display_name": BAD_NAMES[kind], "relation": "friend", "ring": "2", "quality": "positive"},
    )
    assert response.status_code == 200, kind
    assert "Typ de tekst opnieuw" in response.get_data(
        as_text=True
    ) or "alleen uit onzichtbare tekens" in response.get_data(as_text=True)
    assert _members(app, youth.id) == before


def test_a_bad_name_in_an_import_is_refused(app: Any, world: Any, client: Any) -> None:
    _pro, youth, _member = world
    before = _members(app, youth.id)
    doc = {
        "directed": False,
        "multigraph": False,
        "graph": {},
        "nodes": [{"id": "m1", "display_name": "Ali\u202e", "relation": "friend", "ring": 2}],
        "links": [],
    }
    response = client.form(
        f"/jongeren/{youth.id}/netwerk/importeren",
        {"file": (io.BytesIO(json.dumps(doc).encode()), "kaart.json")},
        content_type="multipart/form-data",
    )
    assert "leesrichting" in response.get_data(as_text=True)
    assert _members(app, youth.id) == before


def test_a_note_keeps_its_lines_and_a_name_is_stored_nfc(app: Any, world: Any, client: Any) -> None:
    _pro, youth, member = world
    url = f"/api/v1/youth/{youth.id}/network/members/{member.id}"
    body = json.dumps({"version": 1, "display_name": "Zoe\u0308", "note": "een\ntwee"})
    response = _raw(client, "PATCH", url, body)
    assert response.status_code == 200, response.json
    assert (response.json["display_name"], response.json["note"]) == ("Zoë", "een\ntwee")


@settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(name=st.text(min_size=1, max_size=40), note=st.text(max_size=40))
def test_any_unicode_in_a_name_or_note_is_stored_or_refused_never_a_500(
    world: Any, client: Any, name: str, note: str
) -> None:
    _pro, youth, _member = world
    body = json.dumps({"display_name": name, "note": note, "relation": "friend", "ring": 2})
    response = _raw(client, "POST", f"/api/v1/youth/{youth.id}/network/members", body)
    assert response.status_code in (201, 422), (name, note, response.get_data(as_text=True))
    if response.status_code == 201:
        stored = response.json["display_name"]
        assert text.clean(stored, required=True) == stored  # what is stored passes the rule


@pytest.mark.parametrize("value", ["12345678901234567890", "-12345678901234567890"])
def test_a_twenty_digit_number_in_a_choice_form_is_refused_by_the_field(
    app: Any, make: Any, client_factory: Any, value: str
) -> None:
    from tests.jim.conftest import JimFactory

    w = JimFactory(app, make).world(age=14)
    client = client_factory().login(w.youth_user)
    response = client.form(f"/jongeren/{w.youth.id}/jim/voordragen", {"nominate-member_id": value})
    assert response.status_code in (200, 422)
    assert "Dit nummer bestaat niet" in response.get_data(as_text=True)
