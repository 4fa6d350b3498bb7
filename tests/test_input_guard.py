from __future__ import annotations

from jimnet.accounts.roles import StaffRole
from jimnet.input_guard import nul_pointers


def test_nul_pointers_finds_every_nul():
    data = {"a": "ok", "b": ["x", "y\x00"], "c\x00": 1, "d": {"e": "\x00"}}
    assert sorted(nul_pointers(data)) == ["/b/1", "/c\x00", "/d/e"]
    assert list(nul_pointers("clean")) == []


def test_a_nul_in_a_form_is_refused_before_anything_happens(make, client):
    pro = make.user(StaffRole.PROFESSIONAL)
    youth = make.youth(professionals=[pro])
    client.login(pro)
    response = client.form(
        f"/jongeren/{youth.id}/bewerken",
        {
            "first_name": "Lot\x00te",
            "last_name": "K",
            "date_of_birth": "2010-01-01",
            "version": "1",
        },
        token_page=f"/jongeren/{youth.id}/bewerken",
    )
    assert response.status_code == 400


def test_a_nul_in_a_query_string_is_refused(make, client):
    client.login(make.user(StaffRole.PROFESSIONAL))
    assert client.get("/jongeren/?q=a%00b").status_code == 400


def test_a_nul_in_a_json_body_is_a_422_with_its_pointer(make, client):
    pro = make.user(StaffRole.PROFESSIONAL)
    youth = make.youth(professionals=[pro])
    client.login(pro)
    response = client.api(
        "POST",
        f"/api/v1/youth/{youth.id}/network/members",
        json={"display_name": "A\x00", "ring": 2, "relation": "friend"},
    )
    assert response.status_code == 422
    assert {
        "pointer": "/display_name",
        "detail": "Text may not contain a NUL character.",
    } in response.json["errors"]
