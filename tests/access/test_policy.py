"""The policy as a table: every action × every relation, in the states that change a relation.

The expected table is written out here, not derived from ``policy.ALLOWED``: a change to the
policy that nobody meant (a coach who may edit, an action nobody declared, a relation that
outlives its membership) fails a row. A new action must be added to ``EXPECTED``.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

import pytest
from sqlalchemy import select, update

from jimnet.access import policy
from jimnet.accounts.models import Membership, User
from jimnet.accounts.roles import StaffRole
from jimnet.clock import today
from jimnet.extensions import db
from jimnet.jim.models import JimNomination, JimState
from jimnet.pool.models import MentorMatch, MentorRequest, Volunteer
from jimnet.youth.models import CaseParticipant, ParentalAuthority, Youth
from tests.jim.conftest import JimFactory

# The relations as people: who is asked about the young person.
PEOPLE = (
    "professional",
    "coach",
    "org_admin",
    "youth",
    "parent",
    "jim",
    "coordinator",
    "mentor",
    "intake_same_org",
    "professional_not_on_team",
    "professional_other_org",
)

CARE = {"professional", "coach"}

# Who may do what to a young person of 10 (a parent with authority sees the whole file), with an
# active JIM and an active volunteer mentor who were shared the network and BIG5 (the defaults),
# not case notes.
EXPECTED: dict[str, set[str]] = {
    "view": CARE | {"org_admin", "youth", "parent", "jim", "mentor"},
    "edit": {"professional"},
    "manage_team": {"professional", "org_admin"},
    "view_log": CARE | {"org_admin", "youth", "parent"},
    "view_network": CARE | {"youth", "parent", "jim", "mentor"},
    "edit_network": CARE | {"youth"},
    "snapshot_network": CARE,
    "import_network": CARE,
    "view_jim": CARE | {"youth", "parent"},
    "nominate_jim": CARE | {"youth"},
    "manage_jim": CARE,
    "consent_jim": {"youth", "parent"},
    "withdraw_jim": CARE | {"youth"},
    "share_jim": CARE | {"youth"},
    "jim_role": CARE | {"youth", "jim"},
    "view_jim_role": {"jim"},
    "refer_mentor": CARE,
    "view_mentor": CARE | {"youth", "coordinator"},
    "answer_mentor": CARE | {"youth"},
    "coordinate_mentor": {"coordinator"},
    "mentor_role": {"mentor"},
    "view_big5": CARE | {"org_admin", "youth", "parent", "jim", "mentor"},
    "edit_big5": CARE,
    "self_assess_big5": {"youth"},
    "jim_assess_big5": {"jim"},
    # The privacy rights (jimnet.privacy.permissions): at 10 the parents exercise them.
    "view_privacy": CARE | {"org_admin", "youth", "parent"},
    "export_data": {"parent"},
    "record_erasure": {"professional"},
    "decide_erasure": {"org_admin"},
    "share_with_parents": {"youth"},
    # Notes on members and their contact details: nobody shared them with the parent, the JIM or
    # the mentor.
    "view_member_details": CARE | {"youth"},
}


@dataclass
class Case:
    youth: Youth
    people: dict[str, User]
    nomination_id: int
    match_id: int


def build_case(app: Any, make: Any, *, age: int = 10, dob: date | None = None) -> Case:
    jim = JimFactory(app, make)
    org, other_org = make.organisation(), make.organisation()
    professional = make.user(StaffRole.PROFESSIONAL, org)
    coach = make.user(StaffRole.COACH, org)
    youth = make.youth(
        org, professionals=[professional], coaches=[coach], age=age, date_of_birth=dob
    )
    people: dict[str, User] = {
        "professional": professional,
        "coach": coach,
        "org_admin": make.user(StaffRole.ORG_ADMIN, org),
        "youth": make.participant(youth, "youth"),
        "parent": make.participant(youth, "parent"),
        "coordinator": make.user(StaffRole.COORDINATOR, org),
        "intake_same_org": make.user(StaffRole.INTAKE, org),
        "professional_not_on_team": make.user(StaffRole.PROFESSIONAL, org),
        "professional_other_org": make.user(StaffRole.PROFESSIONAL, other_org),
    }
    with app.app_context():
        authority_id = db.session.scalars(
            select(ParentalAuthority.id).where(
                ParentalAuthority.user_id == people["parent"].id,
                ParentalAuthority.youth_id == youth.id,
            )
        ).one()
    member = jim.member(youth)
    jim_user = make.user()
    consents: tuple[tuple[str, int | None], ...] = (("parent", authority_id),)
    if age >= 12:
        consents += (("youth", None),)
    nomination = jim.nomination(
        youth, member, JimState.ACTIVE, suitable=True, consents=consents, jim_user=jim_user
    )
    people["jim"] = jim_user
    mentor_user = make.user()
    with app.app_context():
        volunteer = Volunteer(
            organisation_id=org.id,
            name="Mentor Vrijwilliger",
            email=mentor_user.email,
            birth_year=today().year - 40,
            postcode="3811 AB",
            status="approved",
            capacity=1,
            user_id=mentor_user.id,
        )
        request = MentorRequest(youth_id=youth.id, organisation_id=org.id)
        db.session.add_all([volunteer, request])
        db.session.flush()
        participant = CaseParticipant(youth_id=youth.id, user_id=mentor_user.id, role="mentor")
        db.session.add(participant)
        db.session.flush()
        match = MentorMatch(
            request_id=request.id,
            youth_id=youth.id,
            volunteer_id=volunteer.id,
            score=0.5,
            state="active",
            participant_id=participant.id,
        )
        db.session.add(match)
        db.session.commit()
        match_id = match.id
    people["mentor"] = mentor_user
    return Case(youth=youth, people=people, nomination_id=nomination.id, match_id=match_id)


@pytest.fixture
def case(app, make) -> Case:
    return build_case(app, make)


def allowed(app: Any, case: Case, who: str, action: str) -> bool:
    with app.app_context():
        session = db.session()
        session.info.pop("jimnet_relations", None)
        user = session.get(User, case.people[who].id)
        youth = session.get(Youth, case.youth.id)
        assert user is not None and youth is not None
        return policy.decide(session, user, youth, action).allowed


def table(app: Any, case: Case, actions: Any = None) -> dict[str, set[str]]:
    return {
        action: {who for who in PEOPLE if allowed(app, case, who, action)}
        for action in (actions or EXPECTED)
    }


def test_every_declared_action_is_in_the_table(app):
    assert set(policy.ALLOWED) == set(EXPECTED)


def test_the_table_at_age_ten(app, case):
    got = table(app, case)
    wrong = {a: (got[a], EXPECTED[a]) for a in EXPECTED if got[a] != EXPECTED[a]}
    assert not wrong, "\n".join(f"{a}: got {g}, expected {e}" for a, (g, e) in wrong.items())


def test_coaches_cannot_edit_the_record(app, case):
    assert not allowed(app, case, "coach", policy.Action.EDIT)
    assert allowed(app, case, "professional", policy.Action.EDIT)


@pytest.mark.parametrize("action", ["delete_everything", "", "VIEW", "view_case_notes"])
def test_an_unknown_action_is_never_allowed(app, case, action):
    """Deny by default: an action nobody declared raises for everyone, the strongest relation
    included, and is not silently allowed because a condition happens to be registered."""
    for who in ("professional", "youth", "jim", "mentor"):
        with pytest.raises(KeyError):
            allowed(app, case, who, action)


def test_no_one_is_allowed_anything_when_logged_out_or_inactive(app, case):
    with app.app_context():
        youth = db.session.get(Youth, case.youth.id)
        assert youth is not None
        assert not policy.decide(db.session(), None, youth, "view").allowed
        user = db.session.get(User, case.people["professional"].id)
        assert user is not None
        user.active = False
        db.session.flush()
        assert not policy.decide(db.session(), user, youth, "view").allowed
        db.session.rollback()


def test_a_jim_sees_only_what_is_shared(app, case):
    with app.app_context():
        db.session.execute(
            update(JimNomination)
            .where(JimNomination.id == case.nomination_id)
            .values(share_network=False, share_big5=False)
        )
        db.session.commit()
    got = table(app, case, ["view", "view_network", "view_big5", "jim_assess_big5"])
    assert "jim" in got["view"]
    assert "jim" not in got["view_network"] | got["view_big5"] | got["jim_assess_big5"]


def test_an_ended_jim_sees_nothing(app, case):
    with app.app_context():
        nomination = db.session.get(JimNomination, case.nomination_id)
        assert nomination is not None
        nomination.state = JimState.ENDED
        db.session.execute(
            update(CaseParticipant)
            .where(CaseParticipant.id == nomination.participant_id)
            .values(active=False)
        )
        db.session.commit()
    got = table(app, case)
    assert not any("jim" in who for who in got.values())


def test_an_ended_mentor_sees_nothing(app, case):
    with app.app_context():
        db.session.execute(
            update(MentorMatch).where(MentorMatch.id == case.match_id).values(state="ended")
        )
        db.session.commit()
    got = table(app, case)
    assert not any("mentor" in who for who in got.values())


def test_a_parent_without_authority_is_no_parent(app, case):
    """Being a parent account is not enough: the authority (gezag) is what grants the rights."""
    with app.app_context():
        db.session.execute(
            update(ParentalAuthority)
            .where(ParentalAuthority.user_id == case.people["parent"].id)
            .values(active=False)
        )
        db.session.commit()
    got = table(app, case)
    assert not any("parent" in who for who in got.values())


def test_an_unticked_role_ends_the_relation(app, case):
    """An org admin unticks every role of the professional: the care-team row no longer counts."""
    with app.app_context():
        db.session.execute(
            update(Membership)
            .where(Membership.user_id == case.people["professional"].id)
            .values(active=False)
        )
        db.session.commit()
    got = table(app, case)
    assert not any("professional" in who for who in got.values())
