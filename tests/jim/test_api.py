"""The JIM's API: in the OpenAPI document, role-aware answers, candidates, problem details."""

from __future__ import annotations

from jimnet.jim.models import JimState

S = JimState


def test_the_jim_routes_are_in_the_openapi_document(client):
    doc = client.get("/api/v1/openapi.json").json
    paths = doc["paths"]
    base = "/api/v1/youth/{youth_id}/jim"
    assert {"get", "post"} <= set(paths[base])
    for step in [
        "start_conversation",
        "conversation",
        "request_consent",
        "consents",
        "invite",
        "pause",
        "resume",
        "end",
        "withdraw",
        "positioning",
        "check_ins",
        "sharing",
    ]:
        assert "post" in paths[f"{base}/{{nomination_id}}/{step}"], step
    assert "post" in paths[f"{base}/{{nomination_id}}/consents/{{consent_id}}/withdraw"]
    assert "post" in paths["/api/v1/jim/invitation/accept"]
    assert "409" in paths[f"{base}/{{nomination_id}}/invite"]["post"]["responses"]
    assert "JimNomination" in doc["components"]["schemas"]


def test_current_and_past_nominations_with_their_events(app, jim, make, client_factory):
    w = jim.world(age=15)
    jim.nomination(
        w.youth,
        jim.member(w.youth, "Oom Kees", relation="aunt_uncle"),
        S.NOT_SUITABLE,
        suitable=False,
    )
    current = jim.nomination(
        w.youth, w.aunt, S.AWAITING_CONSENT, suitable=True, consents=(("youth", None),)
    )
    body = client_factory().login(w.professional).get(f"/api/v1/youth/{w.youth.id}/jim").json
    assert body["current"]["id"] == current.id
    assert [n["state"] for n in body["nominations"]] == ["awaiting_consent", "not_suitable"]
    assert body["current"]["events"][0]["step"] == "nominate"
    status = body["current"]["consent_status"]
    assert status["valid"] is False and status["age_band"] == "12_15"
    assert status["authorities_missing"] == [w.authority_id]
    assert "concerns" in body["current"]["conversations"][0]


def test_the_youth_does_not_get_the_professionals_notes_on_the_candidate(app, jim, client_factory):
    w = jim.world(age=15)
    jim.nomination(w.youth, w.aunt, S.SUITABLE, suitable=True)
    body = client_factory().login(w.youth_user).get(f"/api/v1/youth/{w.youth.id}/jim").json
    conversation = body["current"]["conversations"][0]
    assert "concerns" not in conversation and conversation["reason_for_youth"]


def test_candidates_are_adults_from_the_network_who_are_not_parents_or_professionals(
    app, jim, client_factory
):
    w = jim.world()
    jim.member(w.youth, "Mama", relation="parent")
    jim.member(w.youth, "Jeugdwerker", relation="professional", sector="professional")
    jim.member(w.youth, "Klasgenoot", relation="friend", sector="friends", is_adult=False)
    jim.member(w.youth, "Trainer Bas", relation="sports_coach", sector="leisure", ring=2)
    items = (
        client_factory()
        .login(w.youth_user)
        .get(f"/api/v1/youth/{w.youth.id}/jim/candidates")
        .json["items"]
    )
    assert [i["display_name"] for i in items] == ["Anouk de Boer", "Trainer Bas"]
    assert items[0]["has_email"] is True and items[0]["ring"] == 1


def test_a_parent_sees_the_jim_only_while_the_youth_is_under_16(app, jim, client_factory):
    young, older = jim.world(age=15), jim.world(age=16)
    for w, expected in ((young, 200), (older, 404)):
        jim.nomination(w.youth, w.aunt, S.AWAITING_CONSENT, suitable=True)
        client = client_factory().login(w.parent_user)
        assert client.get(f"/api/v1/youth/{w.youth.id}/jim").status_code == expected
        assert client.get(f"/jongeren/{w.youth.id}/jim").status_code == expected


def test_the_youth_page_links_to_the_jim_and_the_menu_to_the_pipeline(app, jim, client_factory):
    w = jim.world()
    professional = client_factory().login(w.professional)
    assert f'href="/jongeren/{w.youth.id}/jim"' in professional.get(
        f"/jongeren/{w.youth.id}"
    ).get_data(as_text=True)
    assert 'href="/jim/overzicht"' in professional.get("/").get_data(as_text=True)
    youth = client_factory().login(w.youth_user)
    assert 'href="/jim/overzicht"' not in youth.get("/").get_data(as_text=True)


def test_a_jim_has_a_menu_item_to_their_own_page(app, jim, make, client_factory):
    w = jim.world(age=16)
    aunt = make.user()
    jim.nomination(
        w.youth, w.aunt, S.ACTIVE, suitable=True, consents=(("youth", None),), jim_user=aunt
    )
    client = client_factory().login(aunt)
    assert 'href="/jim/mijn-rol"' in client.get("/").get_data(as_text=True)
    response = client.get("/jim/mijn-rol")
    assert response.status_code == 302 and response.headers["Location"].endswith(
        f"/jongeren/{w.youth.id}/jim/mijn-rol"
    )
    # The overview of the youth is not theirs: they are sent to their own page.
    assert client.get(f"/jongeren/{w.youth.id}/jim").headers["Location"].endswith("/mijn-rol")
    assert client.get(f"/api/v1/youth/{w.youth.id}/jim").status_code == 404


def test_get_jim_includes_the_check_ins_and_only_the_care_team_reads_their_notes(
    app, jim, make, client_factory
):
    w = jim.world(age=16)
    aunt = make.user()
    nomination = jim.nomination(
        w.youth, w.aunt, S.ACTIVE, suitable=True, consents=(("youth", None),), jim_user=aunt
    )
    url = f"/api/v1/youth/{w.youth.id}/jim"
    youth = client_factory().login(w.youth_user)
    said = youth.api("POST", f"{url}/{nomination.id}/check_ins", json={"how": "good"})
    assert said.status_code == 201, said.json
    assert (said.json["by_role"], said.json["how"]) == ("youth", "good")
    professional = client_factory().login(w.professional)
    noted = professional.api(
        "POST", f"{url}/{nomination.id}/check_ins", json={"how": "hard", "note": "Weinig contact"}
    )
    assert noted.status_code == 201
    seen = professional.get(url).json["current"]["check_ins"]
    assert [(c["by_role"], c["how"], c["note"]) for c in seen] == [
        ("youth", "good", None),
        ("professional", "hard", "Weinig contact"),
    ]
    assert all(c["created_at"] for c in seen)
    told = youth.get(url).json["current"]["check_ins"]
    assert [c["how"] for c in told] == ["good", "hard"]
    assert all("note" not in c for c in told)


def test_a_stale_step_answers_409_with_the_nomination_as_it_is(app, jim, client_factory):
    w = jim.world(age=16)
    nomination = jim.nomination(w.youth, w.aunt, S.SUITABLE, suitable=True)
    url = f"/api/v1/youth/{w.youth.id}/jim/{nomination.id}/sharing"
    client = client_factory().login(w.professional)
    body = {"network": True, "big5": False, "case_notes": False}
    stale = client.api("POST", url, json={**body, "version": nomination.version + 5})
    assert stale.status_code == 409, stale.json
    assert stale.json["current"]["id"] == nomination.id
    assert stale.json["current"]["version"] == nomination.version
    assert stale.json["errors"][0]["pointer"] == "/version"
    fresh = client.api("POST", url, json={**body, "version": nomination.version})
    assert fresh.status_code == 200 and fresh.json["share"]["network"] is True


def test_get_jim_costs_the_same_queries_for_one_and_many_check_ins(
    app, jim, make, client_factory, count_queries
):
    w = jim.world(age=16)
    aunt = make.user()
    nomination = jim.nomination(
        w.youth, w.aunt, S.ACTIVE, suitable=True, consents=(("youth", None),), jim_user=aunt
    )
    url = f"/api/v1/youth/{w.youth.id}/jim"
    professional = client_factory().login(w.professional)
    youth = client_factory().login(w.youth_user)
    youth.api("POST", f"{url}/{nomination.id}/check_ins", json={"how": "good"})
    professional.get(url)
    with count_queries() as one:
        assert len(professional.get(url).json["current"]["check_ins"]) == 1
    for how in ("okay", "hard", "good", "okay", "hard"):
        youth.api("POST", f"{url}/{nomination.id}/check_ins", json={"how": how})
    with count_queries() as six:
        assert len(professional.get(url).json["current"]["check_ins"]) == 6
    assert len(six) == len(one)
