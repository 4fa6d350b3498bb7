"""The pool is suggested by the JIM ranking's own verdict: the two matchers agree on who has
nobody suitable in their own network."""

from __future__ import annotations

from jimnet.clock import today
from jimnet.extensions import db
from jimnet.matching import ranking, store
from jimnet.pool.suggest import suggest_pool
from jimnet.youth.models import Youth
from tests.matching.conftest import add_member

NOTICE = "staat niemand met een grote kans als JIM"


def _verdicts(app, youth_id):
    with app.test_request_context():
        session = db.session()
        youth = session.get(Youth, youth_id)
        directory = store.models_dir(app.config)
        ranked = ranking.rank(session, youth, today(), directory)
        return ranking.has_good_candidate(ranked), suggest_pool(session, youth, today(), directory)


def test_an_empty_map_suggests_the_pool(app, pool, client_factory):
    w = pool.world()
    assert _verdicts(app, w.youth.id) == (False, True)
    html = client_factory().login(w.professional).get(f"/jongeren/{w.youth.id}/jim")
    assert NOTICE in html.get_data(as_text=True)


def test_only_people_with_a_smaller_chance_suggest_the_pool(app, pool, client_factory):
    """An adult who may be nominated but whom the ranking gives a smaller chance: the old rule
    ("anyone eligible") said no; the ranking's verdict says yes, and both pages agree."""
    w = pool.world()
    add_member(app, w.youth, "Verre Kennis", relation="other", sector="leisure", ring=4,
               contact_frequency="rarely")  # fmt: skip
    assert _verdicts(app, w.youth.id) == (False, True)
    pro = client_factory().login(w.professional)
    assert NOTICE in pro.get(f"/jongeren/{w.youth.id}/jim").get_data(as_text=True)
    assert NOTICE in pro.get(f"/jongeren/{w.youth.id}/mentor").get_data(as_text=True)
    assert NOTICE in pro.get(f"/jongeren/{w.youth.id}/mentor/aanmelden").get_data(as_text=True)


def test_someone_in_the_good_band_means_no_suggestion(app, pool, client_factory):
    w = pool.world()
    add_member(app, w.youth, "Tante Anouk", ring=1, contact_frequency="daily", years=8,
               supports=[("emotional", "support"), ("practical", "income")])  # fmt: skip
    assert _verdicts(app, w.youth.id) == (True, False)
    pro = client_factory().login(w.professional)
    page = pro.get(f"/jongeren/{w.youth.id}/jim").get_data(as_text=True)
    assert "Aanmelden bij de mentorpool" in page and NOTICE not in page


def test_someone_good_but_in_conflict_does_not_count(app, pool):
    w = pool.world()
    add_member(app, w.youth, "Oom Kees", ring=1, contact_frequency="daily", years=8,
               quality="conflict", supports=[("emotional", "support")])  # fmt: skip
    assert _verdicts(app, w.youth.id) == (False, True)
