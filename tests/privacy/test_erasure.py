"""Erasure within the law: recorded by a professional, decided by another person (an org admin),
carried out in one transaction; nothing about her is found afterwards, and the log still
verifies. Derived data goes at once; a file under a protective measure is not destroyed early."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

from sqlalchemy import func, select

from jimnet.access import keyed
from jimnet.access.models import AccessLogEntry, YouthPseudonym
from jimnet.accounts.models import User
from jimnet.accounts.roles import StaffRole
from jimnet.extensions import db
from jimnet.jim.models import JimNomination
from jimnet.network.models import NetworkMember
from jimnet.privacy import erasure, ledger
from jimnet.privacy.models import ErasureRequest, RetentionFacts
from jimnet.youth.models import Youth


def _lisa(make, app, *, measure=False):
    """Lisa (19), care ended a year ago; professional Sanne, org admin Ahmed."""
    org = make.organisation()
    pro = make.user(StaffRole.PROFESSIONAL, org, name="Sanne Zorg")
    admin = make.user(StaffRole.ORG_ADMIN, org, name="Ahmed Beheer")
    lisa = make.youth(
        org,
        professionals=[pro],
        first_name="Lisa",
        last_name="Brouwer",
        date_of_birth=date(2007, 6, 1),
    )
    own = make.participant(lisa, "youth")
    with app.app_context():
        db.session.add(
            RetentionFacts(
                youth_id=lisa.id,
                care_ended_on=date(2025, 11, 1),
                protective_measure=measure,
                measure_ended_on=date(2025, 11, 1) if measure else None,
            )
        )
        db.session.add(
            NetworkMember(
                youth_id=lisa.id,
                display_name="Tante Els",
                relation="aunt_uncle",
                sector="family",
                ring=1,
            )
        )
        db.session.commit()
    return pro, admin, lisa, own


def _record(client, youth, scope="file", requested_by="youth", on="2026-11-20"):
    return client.form(
        f"/jongeren/{youth.id}/gegevens/wissen",
        {
            "er-scope": scope,
            "er-requested_by": requested_by,
            "er-requested_on": on,
            "er-note": "brief van Lisa",
        },
        token_page=f"/jongeren/{youth.id}/gegevens",
    )


def _request_id(app, youth):
    with app.app_context():
        return db.session.scalars(
            select(ErasureRequest.id).where(ErasureRequest.youth_id == youth.id)
        ).one()


def test_recorded_approved_by_another_and_carried_out(app, make, client_factory, clock, log):
    pro, admin, lisa, own = _lisa(make, app)
    pro_client = client_factory().login(pro)
    assert pro_client.get(f"/jongeren/{lisa.id}").status_code == 200
    page = pro_client.get(f"/jongeren/{lisa.id}/gegevens").get_data(as_text=True)
    assert "tot 1 november 2045" in page  # 20 years after the end of care
    assert _record(pro_client, lisa).status_code == 303
    request_id = _request_id(app, lisa)
    # The professional cannot carry it out herself.
    assert (
        pro_client.form(
            f"/jongeren/{lisa.id}/gegevens/wissen/{request_id}/uitvoeren",
            token_page=f"/jongeren/{lisa.id}/gegevens",
        ).status_code
        == 404
    )
    log.sequence()
    pseudonym = keyed.pseudonym_for(app.config["JIMNET_PSEUDONYM_KEY"], lisa.id)
    with app.app_context():
        before = db.session.scalar(
            select(func.count())
            .select_from(AccessLogEntry)
            .where(AccessLogEntry.youth_pseudonym == pseudonym)
        )
    admin_client = client_factory().login(admin)
    assert "Lisa" in admin_client.get("/jongeren/?q=Brouwer").get_data(as_text=True)
    page = admin_client.get(f"/jongeren/{lisa.id}/gegevens").get_data(as_text=True)
    assert "Goedkeuren en het dossier wissen" in page
    done = admin_client.form(
        f"/jongeren/{lisa.id}/gegevens/wissen/{request_id}/uitvoeren",
        token_page=f"/jongeren/{lisa.id}/gegevens",
    )
    assert done.status_code == 303

    with app.app_context():
        assert db.session.get(Youth, lisa.id) is None
        assert db.session.scalar(select(func.count()).select_from(NetworkMember)) == 0
        assert db.session.get(User, own.id) is None  # her own account existed only for her file
        assert db.session.get(User, pro.id) is not None
        assert (
            db.session.scalars(
                select(YouthPseudonym).where(YouthPseudonym.youth_id == lisa.id)
            ).all()
            == []
        )
        row = db.session.get(ErasureRequest, request_id)
        assert (row.status, row.youth_id, row.note) == ("executed", None, None)
        assert row.summary["network_member"] == 1
        assert "Lisa" not in json.dumps(row.summary)
        after = db.session.scalar(
            select(func.count())
            .select_from(AccessLogEntry)
            .where(AccessLogEntry.youth_pseudonym == pseudonym)
        )
        assert after > before  # her entries stay, and the erasure itself is among them
    # Nothing about her is found: not by search, not on a page, not in the API.
    assert "Lisa" not in admin_client.get("/jongeren/?q=Brouwer").get_data(as_text=True)
    assert admin_client.get(f"/jongeren/{lisa.id}").status_code == 404
    assert admin_client.api("GET", f"/api/v1/youth/{lisa.id}").status_code == 404
    search = admin_client.get("/logboek?van=2026-01-01").get_data(as_text=True)
    assert "Lisa" not in search and "Brouwer" not in search
    # The log still verifies.
    log.sequence()
    report = log.verify(full=True)
    assert report.ok, [f.text for f in report.findings]
    lines = list(ledger.read(Path(app.config["JIMNET_ERASURE_LEDGER"])))
    assert any(line.pseudonym == pseudonym and line.request_id == request_id for line in lines)


def test_the_same_person_cannot_record_and_approve(app, make, client, clock):
    org = make.organisation()
    both = make.user(StaffRole.ORG_ADMIN, org)
    with app.app_context():
        from jimnet.accounts.models import Membership

        db.session.add(Membership(user_id=both.id, organisation_id=org.id, role="professional"))
        db.session.commit()
    lisa = make.youth(org, professionals=[both], date_of_birth=date(2007, 6, 1))
    client.login(both)
    assert _record(client, lisa).status_code == 303
    request_id = _request_id(app, lisa)
    refused = client.form(
        f"/jongeren/{lisa.id}/gegevens/wissen/{request_id}/uitvoeren",
        token_page=f"/jongeren/{lisa.id}/gegevens",
    )
    assert refused.status_code == 409
    assert "vier ogen" in refused.get_data(as_text=True)
    with app.app_context():
        assert db.session.get(Youth, lisa.id) is not None


def test_a_file_under_a_protective_measure_is_not_destroyed_early(app, make, client, clock):
    pro, _admin, lisa, _own = _lisa(make, app, measure=True)
    client.login(pro)
    refused = _record(client, lisa)
    assert refused.status_code == 422
    assert "beschermingsmaatregel" in refused.get_data(as_text=True)
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(ErasureRequest)) == 0


def test_a_parent_cannot_ask_for_a_16_year_old(app, make, client, clock):
    pro, _admin, lisa, _own = _lisa(make, app)
    client.login(pro)
    refused = _record(client, lisa, requested_by="parent")
    assert refused.status_code == 422
    assert "Alleen Lisa kan dit nu vragen" in refused.get_data(as_text=True)


def test_a_request_dated_in_the_future_is_refused_with_what_was_typed(app, make, client, clock):
    pro, _admin, lisa, _own = _lisa(make, app)
    client.login(pro)
    refused = _record(client, lisa, on="2027-01-01")
    assert refused.status_code == 422
    body = refused.get_data(as_text=True)
    assert "Deze datum ligt in de toekomst" in body and "brief van Lisa" in body


def test_derived_data_goes_at_once_and_the_file_stays(app, make, client, clock):
    pro, _admin, lisa, _own = _lisa(make, app)
    with app.app_context():
        member = db.session.scalars(
            select(NetworkMember).where(NetworkMember.youth_id == lisa.id)
        ).one()
        db.session.add(
            JimNomination(
                youth_id=lisa.id,
                member_id=member.id,
                nominated_by_role="youth",
                ranking_features={"ring": 1.0},
            )
        )
        db.session.commit()
    client.login(pro)
    assert _record(client, lisa, scope="derived").status_code == 303
    with app.app_context():
        nomination = db.session.scalars(select(JimNomination)).one()
        assert nomination.ranking_features is None
        assert db.session.get(Youth, lisa.id) is not None
        row = db.session.scalars(select(ErasureRequest)).one()
        assert row.status == "executed"
        assert row.summary["jim_nomination.ranking_features"] == 1


def test_an_admin_refuses_with_a_reason_the_young_person_reads(app, make, client_factory, clock):
    pro, admin, lisa, own = _lisa(make, app)
    _record(client_factory().login(pro), lisa)
    request_id = _request_id(app, lisa)
    admin_client = client_factory().login(admin)
    empty = admin_client.form(
        f"/jongeren/{lisa.id}/gegevens/wissen/{request_id}/weigeren",
        {f"refuse{request_id}-reason": ""},
        token_page=f"/jongeren/{lisa.id}/gegevens",
    )
    assert empty.status_code == 422 and "Schrijf op waarom niet" in empty.get_data(as_text=True)
    assert (
        admin_client.form(
            f"/jongeren/{lisa.id}/gegevens/wissen/{request_id}/weigeren",
            {f"refuse{request_id}-reason": "Er loopt nog een zaak bij de rechter."},
            token_page=f"/jongeren/{lisa.id}/gegevens",
        ).status_code
        == 303
    )
    page = client_factory().login(own).get(f"/jongeren/{lisa.id}/gegevens").get_data(as_text=True)
    assert "geweigerd" in page and "Er loopt nog een zaak bij de rechter." in page
    # Decided once: approving afterwards is refused.
    again = admin_client.form(
        f"/jongeren/{lisa.id}/gegevens/wissen/{request_id}/uitvoeren",
        token_page=f"/jongeren/{lisa.id}/gegevens",
    )
    assert again.status_code == 409


def test_the_ledger_erases_again_after_a_restore(app, make, clock):
    pro, admin, lisa, _own = _lisa(make, app)
    context = erasure.Context(
        app.config["JIMNET_PSEUDONYM_KEY"], Path(app.config["JIMNET_ERASURE_LEDGER"])
    )
    with app.app_context():
        youth = db.session.get(Youth, lisa.id)
        from jimnet.clock import today
        from jimnet.db import utcnow

        row = erasure.record_request(
            db.session(),
            youth,
            db.session.get(User, pro.id),
            scope=erasure.ErasureScope.FILE,
            requested_by=erasure.Requester.YOUTH,
            requested_on=date(2026, 11, 20),
            note=None,
            today=today(),
            now=utcnow(),
            context=context,
        )
        erasure.approve(db.session(), row, db.session.get(User, admin.id), utcnow(), context)
        db.session.commit()
        # A backup from before the erasure is restored: the record is back (same id).
        db.session.add(
            Youth(
                id=lisa.id,
                organisation_id=lisa.organisation_id,
                first_name="Lisa",
                last_name="Brouwer",
                date_of_birth=date(2007, 6, 1),
            )
        )
        db.session.commit()
        assert erasure.reapply(db.session(), context) == [lisa.id]
        db.session.commit()
        assert db.session.get(Youth, lisa.id) is None
        assert erasure.reapply(db.session(), context) == []
