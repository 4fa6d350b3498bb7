"""The matching's API: the ranked shortlist and the model versions."""

from __future__ import annotations

from tests.matching.test_pages import _map


def test_candidates_are_ranked_with_bands_reasons_and_the_ranker(app, jim, client_factory, saved):
    w = _map(app, jim)
    version = saved(activate=True)
    response = (
        client_factory().login(w.youth_user).get(f"/api/v1/youth/{w.youth.id}/jim/candidates")
    )
    assert response.status_code == 200
    body = response.json
    assert body["ranker"]["kind"] == "logistic" and body["ranker"]["version_id"] == version.id
    items = body["items"]
    assert [i["position"] for i in items] == list(range(1, len(items) + 1))
    assert sum(i["shortlisted"] for i in items) == 3
    assert items[-1]["display_name"] == "Gerda Buur" and items[-1]["in_conflict"] is True
    assert items[-1]["reasons"][0] == {
        "code": "conflict_youth",
        "text": "jullie hebben ruzie",
        "helps": False,
    }
    assert all(i["band"] in {"good", "fair", "low"} and len(i["reasons"]) <= 3 for i in items)
    names = {i["display_name"] for i in items}
    assert "Karin Visser" not in names and "Daan" not in names  # a parent, a minor


def test_a_refused_model_file_is_said_in_the_api_too(app, jim, client_factory, saved, models_dir):
    w = _map(app, jim)
    version = saved(activate=True)
    (models_dir / version.file_name).write_bytes(b"changed")
    body = (
        client_factory()
        .login(w.professional)
        .get(f"/api/v1/youth/{w.youth.id}/jim/candidates")
        .json
    )
    assert body["ranker"]["kind"] == "fallback" and body["ranker"]["why_fallback"] == "refused"
    assert "controlesom" in body["ranker"]["refused"]


def test_a_stranger_gets_404(app, jim, client_factory):
    w, other = jim.world(), jim.world()
    response = (
        client_factory().login(other.professional).get(f"/api/v1/youth/{w.youth.id}/jim/candidates")
    )
    assert response.status_code == 404


def test_models_for_org_admins_only(app, jim, client_factory, saved):
    w = jim.world()
    version = saved(activate=True)
    assert client_factory().login(w.professional).get("/api/v1/models").status_code == 404
    body = client_factory().login(w.org_admin).get("/api/v1/models").json
    assert body["in_use"]["version_id"] == version.id
    assert body["items"][0]["sha256"] == version.sha256 and body["items"][0]["refused"] is None
