"""What a request writes into the access log: complete entries, appended without a lock."""

from __future__ import annotations

import base64

import pytest
from sqlalchemy import select, text
from sqlalchemy.exc import DBAPIError

from jimnet.access import keyed, merkle
from jimnet.access.checkpoint import parse
from jimnet.access.models import AccessLogEntry, AccessLogSubject, YouthPseudonym
from jimnet.accounts.roles import StaffRole
from jimnet.extensions import db
from tests.big5.conftest import Big5Factory


def _entries(app, **where):
    with app.app_context():
        stmt = select(AccessLogEntry).order_by(AccessLogEntry.id)
        for name, value in where.items():
            stmt = stmt.where(getattr(AccessLogEntry, name) == value)
        return db.session.scalars(stmt).all()


def test_a_view_appends_one_keyed_entry_without_locking_anything(app, make, client, count_queries):
    pro = make.user(StaffRole.PROFESSIONAL)
    youth = make.youth(professionals=[pro])
    client.login(pro)
    with count_queries() as statements:
        assert client.get(f"/jongeren/{youth.id}").status_code == 200
    sql = " ".join(s.upper() for s in statements)
    assert "FOR UPDATE" not in sql and "ACCESS_LOG_TREE" not in sql
    (entry,) = _entries(app, action="view", object_type="youth")
    assert (entry.actor_user_id, entry.actor_role, entry.outcome) == (
        pro.id,
        "professional",
        "allowed",
    )
    assert entry.actor_organisation_id == youth.organisation_id and entry.request_id
    fields = {name: getattr(entry, name) for name in keyed.FIELDS}
    assert entry.mac == keyed.mac(app.config["JIMNET_LOG_KEY"].encode(), keyed.canonical_of(fields))
    assert entry.mac != keyed.mac(b"another key", keyed.canonical_of(fields))


def test_a_refusal_is_logged_although_the_request_rolls_back(app, make, client):
    outsider = make.user(StaffRole.PROFESSIONAL)
    youth = make.youth()
    assert client.login(outsider).get(f"/jongeren/{youth.id}").status_code == 404
    (entry,) = _entries(app, outcome="denied")
    with app.app_context():
        link = db.session.get(YouthPseudonym, entry.youth_pseudonym)
    assert link is not None and link.youth_id == youth.id
    # Her role and organisation, although she has no relation to this young person.
    assert (entry.actor_role, entry.actor_organisation_id) == (
        "professional",
        outsider.memberships[0].organisation_id,
    )


def test_an_object_of_another_youth_is_refused_in_the_name_of_its_own_youth(app, make, client):
    """The URL names Noa, the assessment is Sem's: the refusal shows in Sem's log."""
    pro = make.user(StaffRole.PROFESSIONAL)
    noa = make.youth(professionals=[pro])
    sem = make.youth()
    sems = Big5Factory(app).assessment(sem, 3)
    client.login(pro)
    assert client.get(f"/jongeren/{noa.id}/big5/scores/{sems.id}").status_code == 404
    (entry,) = _entries(app, outcome="denied")
    with app.app_context():
        assert entry.youth_pseudonym == keyed.pseudonym_for(
            app.config["JIMNET_PSEUDONYM_KEY"], sem.id
        )
    assert entry.actor_role == "professional" and entry.actor_organisation_id is not None


@pytest.mark.parametrize(
    "path",
    ["/jongeren/{id}/big5/plan", "/jongeren/{id}/netwerk/export/netwerk.json"],
)
def test_prints_and_exports_carry_role_and_organisation(app, make, client, path):
    pro = make.user(StaffRole.PROFESSIONAL)
    youth = make.youth(professionals=[pro])
    assert client.login(pro).get(path.format(id=youth.id)).status_code == 200
    entries = [e for e in _entries(app) if e.action in {"print", "export"}]
    assert entries
    for entry in entries:
        assert entry.actor_role == "professional"
        assert entry.actor_organisation_id == youth.organisation_id


def test_a_list_records_whom_it_showed_in_one_entry(app, make, client, log):
    pro = make.user(StaffRole.PROFESSIONAL)
    shown = [make.youth(professionals=[pro]) for _ in range(3)]
    hidden = make.youth()
    assert client.login(pro).get("/jongeren/").status_code == 200
    (entry,) = _entries(app, action="list")
    key = app.config["JIMNET_PSEUDONYM_KEY"]
    assert entry.subjects == " ".join(sorted(keyed.pseudonym_for(key, y.id) for y in shown))
    assert keyed.pseudonym_for(key, hidden.id) not in entry.subjects
    assert entry.actor_role == "professional" and entry.actor_organisation_id
    log.sequence()  # the per-youth index of lists is the sequencer's work, not the request's
    with app.app_context():
        listed = db.session.scalars(
            select(AccessLogSubject.youth_pseudonym).where(AccessLogSubject.entry_id == entry.id)
        ).all()
    assert sorted(listed) == entry.subjects.split()
    her = make.participant(shown[0], "youth")
    page = client.login(her).get(f"/jongeren/{shown[0].id}/logboek").get_data(as_text=True)
    assert "zag je naam in een lijst" in page  # said to her, per visit


def test_every_log_table_refuses_change(app, make, client, log):
    pro = make.user(StaffRole.PROFESSIONAL)
    make.youth(professionals=[pro])
    client.login(pro).get("/jongeren/")  # a list: a row in every table
    client.get("/jongeren/")  # two leaves make a node
    log.sequence()
    with app.app_context():
        for table in ("access_log", "access_log_leaf", "access_log_node", "access_log_subject"):
            column = _column(table)
            for statement in (f"UPDATE {table} SET {column} = {column}",  # noqa: S608
                              f"DELETE FROM {table}"):  # noqa: S608  # fmt: skip
                with pytest.raises(DBAPIError, match="append-only"), db.session.begin_nested():
                    db.session.execute(text(statement))


def _column(table: str) -> str:
    columns = {"access_log": "id", "access_log_node": "level", "access_log_subject": "entry_id"}
    return columns.get(table, "seq")


def test_her_log_page_shows_that_it_was_checked_against_the_public_log(app, make, client, log):
    pro = make.user(StaffRole.PROFESSIONAL, name="Sanne Zorgverlener")
    youth = make.youth(professionals=[pro])
    her = make.participant(youth, "youth")
    client.login(pro).get(f"/jongeren/{youth.id}")
    own = client.login(her)
    before = own.get(f"/jongeren/{youth.id}/logboek").get_data(as_text=True)
    assert "nog niet in het openbare logboek" in before
    log.sequence()
    page = own.get(f"/jongeren/{youth.id}/logboek").get_data(as_text=True)
    assert "Deze lijst is gecontroleerd tegen het openbare logboek van" in page
    # The same proof, for anyone: verify it with nothing but the public key.
    proof = own.get(f"/jongeren/{youth.id}/logboek/bewijs.json").get_json()
    checkpoint = parse(proof["checkpoint"], log.settings.public_key)
    assert proof["entries"]
    for item in proof["entries"]:
        leaf = merkle.leaf_hash(base64.b64decode(item["leaf"]))
        path = [base64.b64decode(h) for h in item["inclusion_path"]]
        assert merkle.verify_inclusion(
            leaf, item["leaf_index"], checkpoint.size, path, checkpoint.root
        )


def test_her_log_page_says_so_when_an_entry_does_not_match(app, make, client, log):
    from jimnet.access import append_only

    pro = make.user(StaffRole.PROFESSIONAL)
    youth = make.youth(professionals=[pro])
    her = make.participant(youth, "youth")
    client.login(pro).get(f"/jongeren/{youth.id}")
    log.sequence()
    with app.app_context():
        for statement in append_only.all_statements(db.session.get_bind().dialect.name, drop=True):
            db.session.execute(text(statement))
        db.session.execute(text("UPDATE access_log SET outcome = 'denied'"))
        db.session.commit()
    page = client.login(her).get(f"/jongeren/{youth.id}/logboek").get_data(as_text=True)
    assert "klopt niet met het openbare logboek" in page


def test_the_public_checkpoint_and_consistency_proofs(app, make, client, log):
    pro = make.user(StaffRole.PROFESSIONAL)
    youth = make.youth(professionals=[pro])
    client.login(pro)
    assert client.get("/logboek/controlepunt").status_code == 404  # nothing published yet
    client.get(f"/jongeren/{youth.id}")
    first = log.sequence()
    for _ in range(3):
        client.get(f"/jongeren/{youth.id}")
    second = log.sequence()
    note = client.get("/logboek/controlepunt").get_data(as_text=True)
    assert parse(note, log.settings.public_key).size == second.size
    answer = client.get(f"/logboek/consistentie?van={first.size}&tot={second.size}").get_json()
    proof = [base64.b64decode(h) for h in answer["proof"]]
    with app.app_context():
        from jimnet.access import tree

        old_root = tree.root(db.session(), first.size)
    new_root = parse(note, log.settings.public_key).root
    assert merkle.verify_consistency(first.size, second.size, old_root, new_root, proof)
    bad = client.get(f"/logboek/consistentie?van=0&tot={second.size + 5}")
    assert bad.status_code == 400 and bad.mimetype == "application/problem+json"


def test_another_youths_jim_nomination_is_refused_in_her_name(app, make, client):
    from tests.jim.conftest import JimFactory

    jim = JimFactory(app, make)
    noa = jim.world()
    sem = make.youth()
    sems = jim.nomination(sem, jim.member(sem, name="Kees Smit"))
    client.login(noa.professional)
    url = f"/jongeren/{noa.youth.id}/jim/{sems.id}/gesprek"
    assert client.get(url).status_code == 404
    denied = [e for e in _entries(app, outcome="denied") if e.object_type == "jim_nomination"]
    assert len(denied) == 1
    assert denied[0].youth_pseudonym == keyed.pseudonym_for(
        app.config["JIMNET_PSEUDONYM_KEY"], sem.id
    )


def test_a_worker_remembers_committed_pseudonym_links_only(app, make, client, count_queries):
    """With the link cache on, a second visit writes only the entry; a rolled-back link is
    written again."""
    from jimnet.access import log as access_log

    pro = make.user(StaffRole.PROFESSIONAL)
    youth = make.youth(professionals=[pro])
    client.login(pro)
    app.config["JIMNET_LOG_LINK_CACHE_SECONDS"] = 60
    access_log._linked.seen.clear()
    try:
        with count_queries() as first:
            client.get(f"/jongeren/{youth.id}")
        with count_queries() as second:
            client.get(f"/jongeren/{youth.id}")
        linking = [s for s in first if "INTO youth_pseudonym" in s]
        assert linking and not [s for s in second if s in linking]
        access_log._linked.seen.clear()
        with app.app_context():
            access_log.write(db.session(), [({}, youth.id)])
            db.session.rollback()
        assert access_log._linked.seen == {}  # rolled back: not remembered
    finally:
        app.config["JIMNET_LOG_LINK_CACHE_SECONDS"] = 0
        access_log._linked.seen.clear()
