"""Demo JIMs: young people in every state of the workflow, with histories to learn from.

Every nomination is walked through the real workflow (:mod:`jimnet.jim.services`) on a simulated
clock, so the demo obeys the same rules as the app: a suitable outcome and valid consent for
the age on the day before anyone is active. Outcomes for the later candidate ranking: JIMs still
active after 6 and after 12 months, roles that ended early (with a reason), candidates who were
not suitable or declined, nominations withdrawn.

Noa Visser (the demo youth, 15) has her aunt Anouk de Boer (``jim@jimnet.test``) as active JIM,
with a full history: nominated on Noa's phone, conversation, consent of Noa and her mother in
the app, invitation by e-mail, acceptance, positioning meeting and check-ins.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from jimnet.accounts.models import User
from jimnet.demo.seed import DemoContext
from jimnet.jim import candidates, services, workflow
from jimnet.jim.consent import records_for
from jimnet.jim.invitations import EMAIL_DAYS
from jimnet.jim.models import (
    EndReason,
    HowItGoes,
    InvitationChannel,
    JimNomination,
    Outcome,
    Reachability,
    Willingness,
)
from jimnet.jim.workflow import Actor, Role
from jimnet.network.models import AddedBy, NetworkMember
from jimnet.youth.models import (
    CareTeamMember,
    CaseParticipant,
    ConsentGiver,
    ConsentMethod,
    ParentalAuthority,
    Youth,
)

ANOUK_EMAIL = "jim@jimnet.test"
# What happens to the young people after Noa, in this order (and again), as (story, weight).
STORIES: tuple[tuple[str, int], ...] = (
    ("active_long", 10),  # active for more than 12 months
    ("active_half", 10),  # active for 6 to 12 months
    ("active_recent", 6),  # active for less than 6 months
    ("ended_early", 14),  # ended within a year, with a reason
    ("ended_late", 4),  # ended after more than a year
    ("standby", 3),
    ("standby_consent", 2),  # standby because a consent was withdrawn
    ("nominated", 5),
    ("in_conversation", 5),
    ("suitable", 3),
    ("not_suitable", 6),
    ("awaiting_consent", 6),
    ("invited", 4),
    ("invited_expired", 2),
    ("declined", 4),
    ("withdrawn", 4),
    ("none", 16),  # no nomination yet
)
END_REASONS = (
    (EndReason.YOUTH_WISH, "Het klikte toch niet zo goed."),
    (EndReason.JIM_WISH, "Door een nieuwe baan had de JIM te weinig tijd."),
    (EndReason.CARE_ENDED, "De hulp is afgesloten; het contact blijft, maar buiten jimnet."),
    (EndReason.OTHER, "De JIM is verhuisd naar het buitenland."),
)
NOT_SUITABLE_REASONS = (
    "Je oom wil je graag helpen, maar heeft nu te weinig tijd. Kies samen iemand anders.",
    "De buurvrouw woont binnenkort te ver weg om er snel voor je te zijn.",
    "Er is op dit moment te veel spanning tussen jouw JIM en je ouders. We zoeken samen verder.",
)
FALLBACK_MEMBERS = (
    ("aunt_uncle", "family", "Tante"),
    ("neighbour", "leisure", "Buurvrouw"),
    ("sports_coach", "leisure", "Trainer"),
    ("grandparent", "family", "Opa"),
    ("other_family", "family", "Nicht"),
)


# How long ago the first nomination must be for a story to have happened by today (days).
WANTS = {
    "active_long": 420,
    "ended_late": 460,
    "active_half": 240,
    "ended_early": 200,
    "active_recent": 90,
    "standby": 120,
    "standby_consent": 120,
    "invited_expired": 90,
    "declined": 70,
    "invited": 60,
    "awaiting_consent": 45,
}


def _moment(day: date, hour: int = 10) -> datetime:
    return datetime.combine(day, time(hour, 0), UTC)


@dataclass
class Story:
    """Walks one nomination through the workflow on a simulated clock."""

    ctx: DemoContext
    youth: Youth
    member: NetworkMember
    professional: User
    day: date
    youth_user: User | None = None
    nomination: JimNomination | None = None
    secret: str | None = None

    @property
    def session(self) -> Session:
        return self.ctx.session

    def at(self, days: int = 0) -> datetime:
        """The moment of the next step, ``days`` later (never after today)."""
        self.day = min(self.day + timedelta(days=days), self.ctx.today)
        return _moment(self.day, 9 + self.ctx.rng.randint(0, 8))

    def pro(self) -> Actor:
        return Actor(Role.PROFESSIONAL, self.professional.id, self.professional.name)

    def young(self) -> Actor:
        if self.youth_user is not None:
            return Actor(Role.YOUTH, self.youth_user.id, self.youth_user.name)
        return Actor(Role.YOUTH, None, self.youth.full_name)

    def nominate(self) -> None:
        by_youth = self.youth_user is not None or self.ctx.rng.random() < 0.3
        actor = self.young() if by_youth else self.pro()
        motivation = self.ctx.rng.choice(
            [
                "Zij luistert echt naar me.",
                "Bij hem kan ik altijd terecht.",
                "Ze kent mij al mijn hele leven.",
                None,
            ]
        )
        self.nomination = workflow.nominate(
            self.session, self.youth, self.member.id, actor, motivation=motivation, at=self.at()
        )

    def conversation(self, outcome: Outcome, reason: str) -> None:
        assert self.nomination is not None
        services.start_conversation(self.session, self.nomination, self.pro(), at=self.at(3))
        held = self.at(self.ctx.rng.randint(3, 14))
        willing = Willingness.WILLING if outcome == Outcome.SUITABLE else Willingness.HESITANT
        data = services.ConversationInput(
            held_on=self.day,
            willingness=willing,
            reachability=self.ctx.rng.choice(list(Reachability)),
            concerns=self.ctx.rng.choice([None, "Werkt onregelmatig.", "Spanning met vader."]),
            concerns_handling=self.ctx.rng.choice([None, "Vaste afspraak in het weekend."]),
            outcome=outcome,
            reason_for_youth=reason,
        )
        services.record_conversation(self.session, self.nomination, self.pro(), data, at=held)

    def consents(
        self, complete: bool = True, parent_actors: dict[int, Actor] | None = None
    ) -> bool:
        """Ask for consent; then whoever the law asks for on the day consents, one by one (all,
        or all but the last). Returns whether the consent is complete."""
        assert self.nomination is not None
        services.request_consent(self.session, self.nomination, self.pro(), at=self.at(1))
        while True:
            at = self.at(self.ctx.rng.randint(1, 6))
            check = workflow.consent_check(self.session, self.nomination, self.day, self.youth)
            todo: list[tuple[ConsentGiver, int | None]] = []
            if check.youth_missing:
                todo.append((ConsentGiver.YOUTH, None))
            todo += [(ConsentGiver.PARENT, a) for a in check.authorities_missing]
            if check.valid or not todo or (not complete and len(todo) == 1):
                return check.valid
            giver, authority_id = todo[0]
            parent_actor = (parent_actors or {}).get(authority_id or 0)
            if giver == ConsentGiver.YOUTH and self.youth_user is not None:
                actor, method = self.young(), ConsentMethod.APP
            elif parent_actor is not None:
                actor, method = parent_actor, ConsentMethod.APP
            else:
                actor = self.pro()
                method = self.ctx.rng.choice([ConsentMethod.PAPER, ConsentMethod.IN_PERSON])
            data = services.ConsentInput(giver, method, self.day, authority_id)
            services.give_consent(self.session, self.nomination, self.youth, actor, data, at=at)

    def invite(self, channel: InvitationChannel = InvitationChannel.EMAIL) -> None:
        assert self.nomination is not None
        email = self.member.email if channel == InvitationChannel.EMAIL else None
        if channel == InvitationChannel.EMAIL and not email:
            email = _member_email(self.member)
        issued = services.invite(
            self.session, self.nomination, self.pro(), channel, email, at=self.at(2)
        )
        self.secret = issued.secret

    def accept(self, user: User) -> None:
        assert self.secret is not None
        services.accept(self.session, self.secret, user, at=self.at(self.ctx.rng.randint(1, 7)))

    def positioning(self) -> None:
        assert self.nomination is not None
        data = services.PositioningInput(
            held_on=self.at(self.ctx.rng.randint(5, 14)).date(),
            attendees=f"{self.youth.first_name}, {self.member.display_name}, {self.professional.name}",
            jim_tasks=self.ctx.rng.choice(
                [
                    "Elke week even bellen; mee naar gesprekken op school.",
                    "Samen sporten op zaterdag; meedenken over werk en geld.",
                    "Aanspreekpunt als het thuis moeilijk is; mee naar het teamoverleg.",
                ]
            ),
            contact_agreement="De JIM en de professional bellen elke maand.",
            check_in_every_weeks=self.ctx.rng.choice([4, 6, 8]),
        )
        services.record_positioning(self.session, self.nomination, self.pro(), data, at=self.at())

    def check_ins(self, until: date, jim_user: User) -> None:
        assert self.nomination is not None
        day = self.day
        while True:
            day += timedelta(days=self.ctx.rng.randint(35, 60))
            if day >= until:
                return
            role = self.ctx.rng.choice([Role.YOUTH, Role.JIM, Role.PROFESSIONAL])
            actor = {
                Role.YOUTH: self.young(),
                Role.JIM: Actor(Role.JIM, jim_user.id, jim_user.name),
                Role.PROFESSIONAL: self.pro(),
            }[role]
            how = self.ctx.rng.choices(list(HowItGoes), weights=[6, 3, 1])[0]
            services.check_in(self.session, self.nomination, actor, how, None, at=_moment(day))
            self.day = day


def _member_email(member: NetworkMember) -> str:
    slug = "".join(ch for ch in member.display_name.lower() if ch.isalnum())
    return f"{slug}.{member.id}@demo.jimnet.test"


def _jim_account(ctx: DemoContext, member: NetworkMember) -> User:
    email = _member_email(member)
    user = ctx.session.scalars(select(User).where(User.email == email)).first()
    if user is None:
        user = User(
            email=email, name=member.display_name, password_hash=ctx.password_hash, locale="nl"
        )
        ctx.session.add(user)
        ctx.session.flush()
    return user


def _lead(ctx: DemoContext, youth: Youth) -> User:
    member = ctx.session.scalars(
        select(CareTeamMember)
        .where(CareTeamMember.youth_id == youth.id)
        .order_by(CareTeamMember.is_lead.desc(), CareTeamMember.id)
    ).first()
    assert member is not None, "every demo youth has a care team"
    return member.user


def _eligible(ctx: DemoContext, youth: Youth, taken: set[int]) -> NetworkMember:
    """An adult from the youth's map who may be a JIM (the network demo's, or a new one)."""
    members = ctx.session.scalars(
        select(NetworkMember)
        .where(NetworkMember.youth_id == youth.id, NetworkMember.removed_at.is_(None))
        .order_by(NetworkMember.ring, NetworkMember.id)
    ).all()
    for member in members:
        if member.id not in taken and candidates.refusal(member, youth.id) is None:
            return member
    relation, sector, word = ctx.rng.choice(FALLBACK_MEMBERS)
    member = NetworkMember(
        youth_id=youth.id,
        display_name=f"{word} {ctx.fake.first_name()}",
        relation=relation,
        sector=sector,
        ring=ctx.rng.choice([1, 2, 2, 3]),
        contact_frequency=ctx.rng.choice(["daily", "weekly", "weekly", "monthly"]),
        is_adult=True,
        quality="positive",
        added_by_role=AddedBy.DEMO,
    )
    ctx.session.add(member)
    ctx.session.flush()
    return member


def _anouk(ctx: DemoContext, noa: Youth) -> NetworkMember:
    """Noa's aunt as the network demo made her, or made here when the map has no Anouk yet."""
    found = ctx.session.scalars(
        select(NetworkMember).where(
            NetworkMember.youth_id == noa.id,
            NetworkMember.removed_at.is_(None),
            (NetworkMember.email == ANOUK_EMAIL) | (NetworkMember.display_name == "Anouk de Boer"),
        )
    ).first()
    if found is not None:
        return found
    anouk = NetworkMember(
        youth_id=noa.id,
        display_name="Anouk de Boer",
        relation="aunt_uncle",
        sector="family",
        ring=1,
        contact_frequency="weekly",
        known_since=noa.date_of_birth,
        is_adult=True,
        quality="positive",
        email=ANOUK_EMAIL,
        added_by_role=AddedBy.DEMO,
    )
    ctx.session.add(anouk)
    ctx.session.flush()
    return anouk


def _noa(ctx: DemoContext) -> None:
    noa = ctx.demo_youth
    assert noa is not None
    session = ctx.session
    aunt_user = ctx.accounts[ANOUK_EMAIL]
    youth_user = ctx.accounts["youth@jimnet.test"]
    parent_user = ctx.accounts["parent@jimnet.test"]
    authority = session.scalars(
        select(ParentalAuthority).where(
            ParentalAuthority.youth_id == noa.id, ParentalAuthority.user_id == parent_user.id
        )
    ).one()
    # The foundation gave Anouk her place beside Noa; the workflow gives it again on acceptance.
    for row in session.scalars(
        select(CaseParticipant).where(
            CaseParticipant.youth_id == noa.id, CaseParticipant.user_id == aunt_user.id
        )
    ):
        row.active = False
    session.flush()
    story = Story(
        ctx,
        noa,
        _anouk(ctx, noa),
        ctx.accounts["professional@jimnet.test"],
        ctx.today - timedelta(days=170),
        youth_user=youth_user,
    )
    story.nominate()
    story.conversation(
        Outcome.SUITABLE,
        "Anouk wil graag je JIM zijn. Ze woont dichtbij en jullie zien elkaar elke week.",
    )
    story.consents(
        parent_actors={authority.id: Actor(Role.PARENT, parent_user.id, parent_user.name)}
    )
    story.invite(InvitationChannel.EMAIL)
    story.accept(aunt_user)
    story.positioning()
    story.check_ins(ctx.today, aunt_user)


def _run(ctx: DemoContext, youth: Youth, kind: str, taken: set[int]) -> str:
    rng = ctx.rng
    start = youth.care_started_on or (ctx.today - timedelta(days=300))
    available = (ctx.today - start).days
    if available < WANTS.get(kind, 20) + 30:
        kind = "nominated" if available > 50 else "none"
    wants = WANTS.get(kind, 20)
    if kind == "none":
        return kind
    professional = _lead(ctx, youth)
    member = _eligible(ctx, youth, taken)
    taken.add(member.id)
    if kind in ("active_long", "ended_late"):
        first = ctx.today - timedelta(days=rng.randint(wants, min(available - 20, wants + 260)))
    elif kind in ("active_half", "ended_early"):
        first = ctx.today - timedelta(days=rng.randint(wants, min(available - 20, 330)))
    else:
        first = ctx.today - timedelta(days=rng.randint(wants, min(available - 5, wants + 60)))
    first = max(first, start + timedelta(days=rng.randint(7, 20)))
    story = Story(ctx, youth, member, professional, first)
    story.nominate()
    assert story.nomination is not None
    if kind == "nominated":
        return kind
    if kind == "withdrawn":
        services.withdraw(
            ctx.session,
            story.nomination,
            story.young(),
            reason="Ik wil toch iemand anders vragen.",
            at=story.at(rng.randint(2, 10)),
        )
        return kind
    if kind == "in_conversation":
        services.start_conversation(ctx.session, story.nomination, story.pro(), at=story.at(3))
        return kind
    if kind == "not_suitable":
        story.conversation(Outcome.NOT_SUITABLE, rng.choice(NOT_SUITABLE_REASONS))
        return kind
    story.conversation(Outcome.SUITABLE, f"{member.display_name} wil graag en is goed bereikbaar.")
    if kind == "suitable":
        return kind
    if kind == "awaiting_consent":
        story.consents(complete=False)
        return kind
    if not story.consents():
        return "awaiting_consent"
    story.invite(rng.choice([InvitationChannel.EMAIL, InvitationChannel.LETTER]))
    if kind == "invited" and story.day < ctx.today - timedelta(days=EMAIL_DAYS - 2):
        # The first link ran out: the professional sent a new one a few days ago.
        story.day = ctx.today - timedelta(days=rng.randint(1, 5))
        story.invite(InvitationChannel.EMAIL)
    if kind in ("invited", "invited_expired"):
        return kind
    if kind == "declined":
        assert story.secret is not None
        services.decline(
            ctx.session, story.secret, None, "Ik heb er nu helaas geen tijd voor.", at=story.at(4)
        )
        return kind
    jim_user = _jim_account(ctx, member)
    story.accept(jim_user)
    story.positioning()
    if kind in ("ended_early", "ended_late"):
        days = rng.randint(30, 330) if kind == "ended_early" else rng.randint(380, 440)
        until = min(story.day + timedelta(days=days), ctx.today - timedelta(days=1))
        story.check_ins(until, jim_user)
        reason, note = rng.choice(END_REASONS)
        actor = (
            story.pro()
            if reason != EndReason.JIM_WISH
            else Actor(Role.JIM, jim_user.id, jim_user.name)
        )
        services.end(ctx.session, story.nomination, actor, reason, reason=note, at=_moment(until))
        return kind
    story.check_ins(ctx.today - timedelta(days=rng.randint(1, 20)), jim_user)
    if kind == "standby":
        services.pause(
            ctx.session,
            story.nomination,
            story.pro(),
            reason="Even rustiger aan tijdens de examens.",
            at=_moment(ctx.today - timedelta(days=rng.randint(1, 10))),
        )
    if kind == "standby_consent":
        at = _moment(ctx.today - timedelta(days=rng.randint(1, 10)))
        record = next(c for c in records_for(ctx.session, [story.nomination.id]) if c.active)
        why = (
            "Ik wil er eerst nog eens over nadenken."
            if record.given_by_role == ConsentGiver.YOUTH
            else "De ouder wil eerst nog een gesprek met de JIM."
        )
        services.withdraw_consent(
            ctx.session, story.nomination, youth, record, story.pro(), reason=why, at=at
        )
    return kind


def seed(ctx: DemoContext) -> str:
    _noa(ctx)
    plan = [kind for kind, weight in STORIES for _ in range(weight)]
    others = [y for y in ctx.youth if y is not ctx.demo_youth]
    taken: set[int] = set()
    counts: dict[str, int] = {}
    for index, youth in enumerate(others):
        kind = _run(ctx, youth, plan[index % len(plan)], taken)
        counts[kind] = counts.get(kind, 0) + 1
    ctx.session.flush()
    by_state = ctx.session.execute(
        select(JimNomination.state, func.count())
        .group_by(JimNomination.state)
        .order_by(JimNomination.state)
    ).all()
    summary = ", ".join(f"{n} {state}" for state, n in by_state)
    return (
        f"JIM: Noa Visser has her aunt Anouk de Boer as active JIM; nominations by state: {summary}; "
        f"{counts.get('none', 0)} young people have no nomination yet."
    )
