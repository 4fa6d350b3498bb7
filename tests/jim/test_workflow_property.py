"""Property: whatever people do, in whatever order and on whatever day, a nomination reaches
``active`` only with a suitable outcome and with consent that is valid for the young person's
age on that day (judged by an independent, day-by-day reading of the law), and a young person
never has two JIMs in position.

Runs the real services on the database; the clock is simulated so that birthdays pass.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta

from hypothesis import HealthCheck, event, given, settings, target
from hypothesis import strategies as st
from sqlalchemy import select

from jimnet.accounts.models import User
from jimnet.extensions import db
from jimnet.jim import services, workflow
from jimnet.jim.consent import ConsentFact
from jimnet.jim.errors import JimError
from jimnet.jim.models import IN_POSITION, JimConversation, JimNomination, JimState
from jimnet.jim.workflow import Actor, Role
from jimnet.network.models import NetworkMember
from jimnet.organisations.models import Organisation
from jimnet.youth.models import (
    CaseParticipant,
    Consent,
    ConsentGiver,
    ConsentMethod,
    ParentalAuthority,
    Youth,
)
from tests.jim.test_consent_rule import oracle

ROLES = [Role.YOUTH, Role.PARENT, Role.PROFESSIONAL, Role.COACH, Role.JIM, Role.CANDIDATE]
STEPS = ["start_conversation", "request_consent", "pause", "resume", "withdraw", "end", "invite"]

action = st.one_of(
    st.tuples(st.just("advance"), st.integers(0, 240)),
    st.tuples(
        st.just("nominate"),
        st.sampled_from(["aunt", "neighbour", "mother", "cousin_minor"]),
        st.sampled_from(ROLES),
    ),
    st.tuples(st.just("step"), st.sampled_from(STEPS), st.sampled_from(ROLES)),
    st.tuples(
        st.just("conversation"),
        st.sampled_from(["suitable", "not_suitable"]),
        st.sampled_from(ROLES),
    ),
    st.tuples(
        st.just("consent"),
        st.sampled_from(
            ["youth", "parent0", "parent1", "paper_youth", "paper_parent0", "paper_parent1"]
        ),
        st.integers(0, 30),
    ),
    st.tuples(st.just("withdraw_consent"), st.integers(0, 5), st.sampled_from(ROLES)),
    st.tuples(
        st.just("accept"),
        st.sampled_from(["aunt_account", "youth_account", "parent_account"]),
        st.booleans(),
    ),
    st.tuples(st.just("decline"), st.just(""), st.just(0)),
)


HAPPY = [
    ("nominate", "aunt", Role.YOUTH),
    ("step", "start_conversation", Role.PROFESSIONAL),
    ("conversation", "suitable", Role.PROFESSIONAL),
    ("step", "request_consent", Role.PROFESSIONAL),
    ("consent", "youth", 0),
    ("consent", "parent0", 0),
    ("consent", "paper_parent1", 3),
    ("step", "invite", Role.PROFESSIONAL),
    ("accept", "aunt_account", True),
    ("step", "pause", Role.JIM),
    ("step", "resume", Role.YOUTH),
]


@st.composite
def plans(draw: st.DrawFn) -> list[tuple]:
    """Mostly the way to an active JIM, with steps left out, wrong roles, other outcomes, days
    passing (birthdays!), consents withdrawn, and random actions in between."""
    plan: list[tuple] = []
    for act in HAPPY:
        plan.extend(draw(st.lists(action, max_size=2)))
        if draw(st.integers(0, 9)) == 0:
            continue  # left out
        if act[0] in ("step", "conversation", "nominate") and draw(st.integers(0, 5)) == 0:
            act = (*act[:2], draw(st.sampled_from(ROLES)))
        if act[0] == "conversation" and draw(st.integers(0, 6)) == 0:
            act = ("conversation", "not_suitable", act[2])
        plan.append(act)
    plan.extend(draw(st.lists(action, max_size=4)))
    return plan


def _moment(day: date) -> datetime:
    return datetime.combine(day, time(10, 0), UTC)


class Run:
    def __init__(
        self, session, org_id: int, start_age_days: int, parents: int, start: date
    ) -> None:
        self.session = session
        self.day = start
        dob = start - timedelta(days=start_age_days)
        self.youth = Youth(
            organisation_id=org_id,
            first_name="Prop",
            last_name="Test",
            date_of_birth=dob,
            care_started_on=start,
        )
        session.add(self.youth)
        session.flush()

        def mk(name: str) -> User:
            return User(email=f"{name}.{self.youth.id}@prop.test", name=name, password_hash="x")

        self.users = {
            n: mk(n) for n in ["youth", "parent0", "parent1", "professional", "aunt_account"]
        }
        session.add_all(self.users.values())
        session.flush()
        session.add(
            CaseParticipant(youth_id=self.youth.id, user_id=self.users["youth"].id, role="youth")
        )
        self.authorities = []
        for i in range(parents):
            user = self.users[f"parent{i}"]
            session.add(CaseParticipant(youth_id=self.youth.id, user_id=user.id, role="parent"))
            authority = ParentalAuthority(
                youth_id=self.youth.id, name=f"Ouder {i}", user_id=user.id
            )
            session.add(authority)
            session.flush()
            self.authorities.append(authority)

        def member(name, relation, sector, adult=True):
            m = NetworkMember(
                youth_id=self.youth.id,
                display_name=name,
                relation=relation,
                sector=sector,
                ring=1,
                is_adult=adult,
                quality="positive",
            )
            session.add(m)
            return m

        self.members = {
            "aunt": member("Tante", "aunt_uncle", "family"),
            "neighbour": member("Buurvrouw", "neighbour", "leisure"),
            "mother": member("Moeder", "parent", "family"),
            "cousin_minor": member("Neefje", "cousin", "family", adult=False),
        }
        session.flush()
        self.nomination: JimNomination | None = None
        self.secret: str | None = None

    def actor(self, role: Role) -> Actor:
        user = {Role.YOUTH: "youth", Role.PARENT: "parent0", Role.JIM: "aunt_account"}.get(
            role, "professional"
        )
        return Actor(role, self.users[user].id, role.value)

    @property
    def at(self) -> datetime:
        return _moment(self.day)

    def do(self, act) -> None:
        kind = act[0]
        s = self.session
        n = self.nomination
        if kind == "advance":
            self.day += timedelta(days=act[1])
        elif kind == "nominate":
            created = workflow.nominate(
                s, self.youth, self.members[act[1]].id, self.actor(act[2]), at=self.at
            )
            self.nomination = created
        elif n is None:
            return
        elif kind == "step":
            step, role = act[1], act[2]
            if step == "invite":
                issued = services.invite(s, n, self.actor(role), "letter", None, at=self.at)
                self.secret = issued.secret
            elif step == "end":
                services.end(s, n, self.actor(role), "other", at=self.at)
            else:
                getattr(services, step)(s, n, self.actor(role), at=self.at)
        elif kind == "conversation":
            data = services.ConversationInput(
                self.day, "willing", "easy", None, None, act[1], "uitleg"
            )
            services.record_conversation(s, n, self.actor(act[2]), data, at=self.at)
        elif kind == "consent":
            who, days_back = act[1], act[2]
            given_on = max(self.day - timedelta(days=days_back), n.nominated_at.date())
            paper = who.startswith("paper_")
            giver = who.removeprefix("paper_")
            if giver == "youth":
                data = services.ConsentInput(
                    ConsentGiver.YOUTH,
                    ConsentMethod.PAPER if paper else ConsentMethod.APP,
                    given_on if paper else self.day,
                )
                actor = self.actor(Role.PROFESSIONAL if paper else Role.YOUTH)
            else:
                index = int(giver[-1])
                if index >= len(self.authorities):
                    return
                authority = self.authorities[index]
                data = services.ConsentInput(
                    ConsentGiver.PARENT,
                    ConsentMethod.PAPER if paper else ConsentMethod.APP,
                    given_on if paper else self.day,
                    authority.id,
                )
                actor = (
                    self.actor(Role.PROFESSIONAL)
                    if paper
                    else Actor(Role.PARENT, authority.user_id, "ouder")
                )
            services.give_consent(s, n, self.youth, actor, data, at=self.at)
        elif kind == "withdraw_consent":
            records = [
                r
                for r in s.scalars(
                    select(Consent).where(Consent.subject_id == n.id).order_by(Consent.id)
                )
                if r.active
            ]
            if act[1] < len(records):
                services.withdraw_consent(
                    s, n, self.youth, records[act[1]], self.actor(Role.PROFESSIONAL), at=self.at
                )
        elif kind == "accept" and self.secret:
            user = {
                "aunt_account": "aunt_account",
                "youth_account": "youth",
                "parent_account": "parent0",
            }[act[1]]
            services.accept(s, self.secret, self.users[user], at=self.at)
        elif kind == "decline" and self.secret:
            services.decline(s, self.secret, None, None, at=self.at)

    def check_invariants(self, before: str | None) -> None:
        s = self.session
        in_position = s.scalars(
            select(JimNomination).where(
                JimNomination.youth_id == self.youth.id, JimNomination.state.in_(IN_POSITION)
            )
        ).all()
        assert len(in_position) <= 1
        n = self.nomination
        if n is None or n.state != JimState.ACTIVE or before == JimState.ACTIVE:
            return
        last = s.scalars(
            select(JimConversation)
            .where(JimConversation.nomination_id == n.id)
            .order_by(JimConversation.id.desc())
        ).first()
        assert last is not None and last.outcome == "suitable"
        facts = [
            ConsentFact(
                r.given_by_role,
                r.given_on,
                r.authority_id,
                r.withdrawn_at.date() if r.withdrawn_at else None,
            )
            for r in s.scalars(select(Consent).where(Consent.subject_id == n.id))
        ]
        assert oracle(
            self.youth.date_of_birth, [a.id for a in self.authorities], facts, self.day
        ), "active without valid consent for the age on that day"
        assert n.jim_user_id is not None


@settings(
    max_examples=100,
    deadline=None,
    stateful_step_count=40,
    suppress_health_check=[
        HealthCheck.function_scoped_fixture,
        HealthCheck.too_slow,
        HealthCheck.data_too_large,
    ],
)
@given(
    start_age_days=st.integers(min_value=10 * 365, max_value=17 * 365),
    parents=st.integers(min_value=0, max_value=2),
    actions=st.one_of(plans(), st.lists(action, min_size=1, max_size=30)),
)
def test_no_sequence_reaches_active_without_suitability_and_valid_consent(
    app, start_age_days, parents, actions
):
    with app.test_request_context():
        session = db.session()
        org = Organisation(name=f"Prop {datetime.now(UTC).timestamp()}")
        session.add(org)
        session.flush()
        run = Run(session, org.id, start_age_days, parents, date(2026, 1, 5))
        activated = 0
        for act in actions:
            before = run.nomination.state if run.nomination else None
            try:
                savepoint = session.begin_nested()
                run.do(act)
                savepoint.commit()
            except JimError:
                savepoint.rollback()
                if run.nomination is not None:
                    session.refresh(run.nomination)
            run.check_invariants(before)
            if (
                run.nomination is not None
                and run.nomination.state == JimState.ACTIVE
                and before != JimState.ACTIVE
            ):
                activated += 1
        event(f"activated {min(activated, 2)}x")
        target(float(activated))
        session.rollback()


def test_happy_path_through_the_runner(app):
    with app.test_request_context():
        session = db.session()
        org = Organisation(name="Prop happy")
        session.add(org)
        session.flush()
        run = Run(session, org.id, 17 * 365, 0, date(2026, 1, 5))
        for act in [
            ("nominate", "aunt", Role.YOUTH),
            ("step", "start_conversation", Role.PROFESSIONAL),
            ("conversation", "suitable", Role.PROFESSIONAL),
            ("step", "request_consent", Role.PROFESSIONAL),
            ("consent", "youth", 0),
            ("step", "invite", Role.PROFESSIONAL),
            ("accept", "aunt_account", True),
        ]:
            before = run.nomination.state if run.nomination else None
            run.do(act)
            run.check_invariants(before)
        assert run.nomination.state == JimState.ACTIVE
        session.rollback()
