"""Views that follow the young person's choice: her JIM sees her name and age, not her postcode,
birth date or parents; each sharing switch offered guards a page, proven one by one; the switch
that guarded nothing ("reports of my professional") is no longer offered."""

from __future__ import annotations

import pytest

from jimnet.extensions import db
from jimnet.jim.models import JimNomination, JimState
from tests.jim.conftest import JimFactory


@pytest.fixture
def jim(app, make):
    return JimFactory(app, make)


def _active_jim(jim, make, **share):
    w = jim.world(age=15)
    jim_user = make.user(name="Anouk de Boer")
    nomination = jim.nomination(
        w.youth,
        w.aunt,
        JimState.ACTIVE,
        suitable=True,
        consents=(("youth", None), ("parent", w.authority_id)),
        jim_user=jim_user,
    )
    with jim.app.app_context():
        row = db.session.get(JimNomination, nomination.id)
        for flag, value in share.items():
            setattr(row, flag, value)
        db.session.commit()
    return w, jim_user, nomination


def test_her_jim_does_not_see_her_postcode_birth_date_or_parents(app, jim, make, client_factory):
    w, jim_user, _n = _active_jim(jim, make)
    as_jim = client_factory().login(jim_user).get(f"/jongeren/{w.youth.id}")
    assert as_jim.status_code == 200
    html = as_jim.get_data(as_text=True)
    assert w.youth.first_name in html
    assert w.youth.postcode not in html
    assert "Ouders met gezag" not in html and w.parent_user.name not in html
    pro = (
        client_factory().login(w.professional).get(f"/jongeren/{w.youth.id}").get_data(as_text=True)
    )
    assert w.youth.postcode in pro and w.parent_user.name in pro


@pytest.mark.parametrize(("flag", "path"), [("share_network", "netwerk"), ("share_big5", "big5")])
def test_each_sharing_switch_guards_a_page(app, jim, make, client_factory, flag, path):
    w, jim_user, _n = _active_jim(jim, make, share_network=False, share_big5=False)
    url = f"/jongeren/{w.youth.id}/{path}"
    assert client_factory().login(jim_user).get(url).status_code == 404
    shared = {"share_network": False, "share_big5": False, flag: True}
    w2, jim_user2, _n2 = _active_jim(jim, make, **shared)
    assert (
        client_factory().login(jim_user2).get(f"/jongeren/{w2.youth.id}/{path}").status_code == 200
    )


def test_only_switches_that_guard_something_are_offered(app, jim, make, client_factory):
    # The notes switch guards the notes and contact details of the people on her map
    # (view_member_details: tests/access/test_redaction.py), so it is offered with the others.
    w, _jim_user, _nomination = _active_jim(jim, make)
    page = client_factory().login(w.youth_user).get(f"/jongeren/{w.youth.id}/jim")
    html = page.get_data(as_text=True)
    assert "share_network" in html and "share_big5" in html and "share_case_notes" in html
