from __future__ import annotations

from jimnet.accounts.roles import StaffRole


def test_smoke(make, net, client) -> None:  # type: ignore[no-untyped-def]
    pro = make.user(StaffRole.PROFESSIONAL)
    youth = make.youth(professionals=[pro])
    a = net.member(youth, "Mam", relation="parent", sector="family", ring=1, supports=[("emotional", "support")])
    b = net.member(youth, "Lisa", is_adult=False)
    net.tie(a, b, "conflict")
    client.login(pro)
    for url in [
        f"/jongeren/{youth.id}/netwerk",
        f"/jongeren/{youth.id}/netwerk/kaart.svg",
        f"/jongeren/{youth.id}/netwerk/nieuw",
        f"/jongeren/{youth.id}/netwerk/snel",
        f"/jongeren/{youth.id}/netwerk/personen/{a.id}",
        f"/jongeren/{youth.id}/netwerk/verbindingen",
        f"/jongeren/{youth.id}/netwerk/metingen",
        f"/jongeren/{youth.id}/netwerk/importeren",
        f"/jongeren/{youth.id}/netwerk/export/netwerk.graphml",
        f"/jongeren/{youth.id}/netwerk/export/netwerk.json",
        f"/jongeren/{youth.id}/netwerk/export/personen.csv",
        f"/jongeren/{youth.id}/netwerk/export/verbindingen.csv",
        f"/api/v1/youth/{youth.id}/network",
        f"/api/v1/youth/{youth.id}/network.graphml",
        f"/api/v1/youth/{youth.id}/network/analysis",
    ]:
        r = client.get(url)
        assert r.status_code == 200, (url, r.status_code, r.get_data(as_text=True)[:3000])
    r = client.form(f"/jongeren/{youth.id}/netwerk/metingen", {"taken_on": "2026-01-01", "label": "x"})
    assert r.status_code == 302, r.get_data(as_text=True)[:3000]
    r = client.api("GET", f"/api/v1/youth/{youth.id}/network/snapshots")
    sid = r.json["items"][0]["id"]
    for url in [
        f"/jongeren/{youth.id}/netwerk/metingen",
        f"/jongeren/{youth.id}/netwerk/metingen/{sid}",
        f"/jongeren/{youth.id}/netwerk/metingen/{sid}/vergelijk",
        f"/jongeren/{youth.id}/netwerk/metingen/{sid}/vergelijk/{sid}",
        f"/api/v1/youth/{youth.id}/network/snapshots/{sid}/compare",
    ]:
        r = client.get(url)
        assert r.status_code == 200, (url, r.status_code, r.get_data(as_text=True)[:3000])
