"""Demo pool: a coordinator, about 60 volunteers across the region (some with an expired VOG,
some not yet screened, capacities 1 to 3), a few young people waiting with their wishes, two
matches running, past matches with outcomes from which the learned matcher is trained (through
the model store), and a proposal round already made with it, so that ``make run`` shows it.

Sem (16, ``youth2@jimnet.test``) waits for a woman mentor who speaks Tigrinya; only the demo
volunteer Hanna Tesfay (``volunteer@jimnet.test``) fits, so the round proposes her to him.
"""

from __future__ import annotations

import math
from datetime import timedelta

from flask import current_app
from sqlalchemy import select

from jimnet.accounts.models import Membership, User
from jimnet.accounts.roles import ParticipantRole, StaffRole
from jimnet.clock import years_before
from jimnet.db import utcnow
from jimnet.demo.seed import DemoContext
from jimnet.jim.models import IN_POSITION, JimNomination
from jimnet.matching import store
from jimnet.pool import labels, learning, region, services, workflow
from jimnet.pool.models import (
    EndReason,
    MatchState,
    MentorMatch,
    MentorRequest,
    RequestStatus,
    Volunteer,
    VolunteerStatus,
)
from jimnet.pool.workflow import Actor, Role
from jimnet.youth.models import CaseParticipant, Youth

COORDINATOR_EMAIL = "coordinator@jimnet.test"
VOLUNTEER_EMAIL = "volunteer@jimnet.test"
YOUTH_EMAIL = "youth2@jimnet.test"
VOLUNTEERS = 60
INTERESTS = list(labels.INTERESTS)
# Dutch for nearly everyone, often with a second language.
SECOND_LANGUAGES = ["en", "en", "en", "ar", "tr", "pl", "pap", "so", "uk", "fr"]


def _postcode(ctx: DemoContext) -> str:
    place = ctx.rng.choice(region.PLACES[:11])  # the places around Amersfoort
    number = ctx.rng.randint(place.first, place.last)
    letters = "".join(ctx.rng.choice("ABCDEGHJKLMNPRSTVWXZ") for _ in range(2))
    return f"{number} {letters}"


def _coordinator(ctx: DemoContext) -> User:
    user = User(
        email=COORDINATOR_EMAIL,
        name="Fatima El Amrani",
        password_hash=ctx.password_hash,
        locale="nl",
        totp_secret=_secret(ctx),
    )
    ctx.session.add(user)
    ctx.session.flush()
    ctx.session.add(
        Membership(
            user_id=user.id, organisation_id=ctx.organisations[0].id, role=StaffRole.COORDINATOR
        )
    )
    ctx.session.flush()
    ctx.session.refresh(user, ["memberships"])
    ctx.accounts[COORDINATOR_EMAIL] = user
    return user


def _secret(ctx: DemoContext) -> str:
    alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567"
    return "".join(ctx.rng.choice(alphabet) for _ in range(32))


def _volunteers(ctx: DemoContext) -> list[Volunteer]:
    rng, fake, today = ctx.rng, ctx.fake, ctx.today
    rows = []
    for index in range(VOLUNTEERS):
        gender = rng.choice(["woman", "woman", "man", "man", "other", "unsaid"])
        first = fake.first_name_female() if gender == "woman" else fake.first_name_male()
        last = fake.last_name()
        roll = rng.random()
        status = (
            VolunteerStatus.REGISTERED
            if roll < 0.12
            else VolunteerStatus.REJECTED
            if roll < 0.15
            else VolunteerStatus.APPROVED
        )
        screened = status != VolunteerStatus.REGISTERED
        # Roughly one in six approved volunteers has a VOG older than three years.
        vog_age = rng.randint(1100, 1500) if rng.random() < 0.17 else rng.randint(20, 1000)
        languages = ["nl"] + ([rng.choice(SECOND_LANGUAGES)] if rng.random() < 0.6 else [])
        postcode = _postcode(ctx)
        place = region.place_of(postcode)
        volunteer = Volunteer(
            organisation_id=ctx.organisations[index % len(ctx.organisations)].id,
            name=f"{first} {last}",
            email=f"vrijwilliger{index + 1}@example.test",
            phone=f"06 {rng.randint(10000000, 99999999)}",
            birth_year=today.year - rng.randint(21, 68),
            gender=gender,
            postcode=postcode,
            municipality=place.name if place else None,
            travel_km=rng.choice([5, 10, 10, 15, 20, 25]),
            interests=sorted(rng.sample(INTERESTS, rng.randint(2, 5))),
            languages=sorted(set(languages)),
            availability=sorted(rng.sample(list(labels.AVAILABILITY), rng.randint(1, 3))),
            youth_age_min=rng.choice([12, 12, 14, 16]),
            youth_age_max=rng.choice([18, 21, 23, 23]),
            motivation=rng.choice(
                [
                    "Ik had zelf vroeger iemand nodig.",
                    "Ik wil iets terugdoen voor de buurt.",
                    "Ik werk met jongeren en wil ook buiten werk helpen.",
                    None,
                ]
            ),
            status=status,
            interviewed_on=today - timedelta(days=vog_age + 10) if screened else None,
            vog_issued_on=today - timedelta(days=vog_age) if screened else None,
            training_done_on=today - timedelta(days=max(vog_age - 14, 5)) if screened else None,
            capacity=rng.choice([1, 1, 2, 2, 3]),
            screened_at=utcnow() if screened else None,
        )
        ctx.session.add(volunteer)
        rows.append(volunteer)
    ctx.session.flush()
    return rows


def _hanna(ctx: DemoContext) -> Volunteer:
    user = User(email=VOLUNTEER_EMAIL, name="Hanna Tesfay", password_hash=ctx.password_hash)
    ctx.session.add(user)
    ctx.session.flush()
    ctx.accounts[VOLUNTEER_EMAIL] = user
    volunteer = Volunteer(
        organisation_id=ctx.organisations[0].id,
        name="Hanna Tesfay",
        email=VOLUNTEER_EMAIL,
        phone="06 41234567",
        birth_year=ctx.today.year - 34,
        gender="woman",
        postcode="3813 KL",
        municipality="Amersfoort",
        travel_km=15,
        interests=["cooking", "music", "school", "sport"],
        languages=["en", "nl", "ti"],
        availability=["weekday_evening", "weekend"],
        youth_age_min=14,
        youth_age_max=21,
        motivation="Ik kwam zelf op mijn zestiende naar Nederland.",
        status=VolunteerStatus.APPROVED,
        interviewed_on=ctx.today - timedelta(days=220),
        vog_issued_on=ctx.today - timedelta(days=200),
        training_done_on=ctx.today - timedelta(days=180),
        capacity=2,
        screened_at=utcnow(),
        user_id=user.id,
    )
    ctx.session.add(volunteer)
    ctx.session.flush()
    return volunteer


def _waiting_candidates(ctx: DemoContext) -> list[Youth]:
    """Young people of the demo professional's case load without a JIM in position."""
    with_jim = set(
        ctx.session.scalars(
            select(JimNomination.youth_id).where(JimNomination.state.in_(IN_POSITION))
        )
    )
    first_org = ctx.organisations[0].id
    return [
        y
        for index, y in enumerate(ctx.youth)
        if y is not ctx.demo_youth
        and y.organisation_id == first_org
        and index % 12 < 6
        and y.id not in with_jim
    ]


WISHES = [
    # (age, interests, languages, mentor gender, max km)
    (16, ["cooking", "music", "school"], ["ti"], "woman", 15),  # Sem: only Hanna fits
    (14, ["sport", "gaming"], [], "man", None),
    (17, ["work", "money"], ["nl"], "any", 10),
    (13, ["animals", "nature"], [], "any", None),
    (19, ["tech", "gaming", "film"], ["ar"], "any", 20),
    (15, ["art", "fashion"], [], "woman", None),
    (18, ["sport", "work"], ["tr"], "man", 15),
]


def seed(ctx: DemoContext) -> str:
    coordinator = _coordinator(ctx)
    volunteers = _volunteers(ctx)
    hanna = _hanna(ctx)
    professional = ctx.accounts["professional@jimnet.test"]
    candidates = _waiting_candidates(ctx)
    picked = candidates[: len(WISHES) + 1]
    requests: list[MentorRequest] = []
    for index, youth in enumerate(picked[: len(WISHES)]):
        age, interests, languages, gender, max_km = WISHES[index]
        youth.date_of_birth = years_before(ctx.today, age) - timedelta(days=30 + index)
        youth.postcode = "3814 AB" if index == 0 else _postcode(ctx)
        request = services.refer(
            ctx.session,
            youth,
            professional,
            services.Wishes(
                reason="Niemand in het netwerk kan JIM worden.",
                interests=interests,
                languages=languages,
                mentor_gender=gender,
                max_km=max_km,
            ),
        )
        request.referred_at = utcnow() - timedelta(days=60 - 7 * index)
        requests.append(request)
    if requests:
        sem = picked[0]
        sem.first_name, sem.last_name = "Sem", "Bakker"
        youth_user = User(email=YOUTH_EMAIL, name="Sem Bakker", password_hash=ctx.password_hash)
        ctx.session.add(youth_user)
        ctx.session.flush()
        ctx.accounts[YOUTH_EMAIL] = youth_user
        ctx.session.add(
            CaseParticipant(youth_id=sem.id, user_id=youth_user.id, role=ParticipantRole.YOUTH)
        )
    ctx.session.flush()
    running = _running_match(ctx, picked[len(WISHES)] if len(picked) > len(WISHES) else None, hanna)
    past = _past_matches(ctx, volunteers)
    matcher = learning.train_and_save(
        ctx.session,
        store.models_dir(current_app.config),
        ctx.today,
        created_by="flask seed-demo",
        seed=SEED,
    )
    actor = Actor(Role.COORDINATOR, coordinator.id, coordinator.name)
    round_ = services.run_round(
        ctx.session,
        {o.id for o in ctx.organisations},
        actor,
        ctx.today,
        models_dir=store.models_dir(current_app.config),
    )
    expired = sum(
        1
        for v in volunteers
        if v.status == VolunteerStatus.APPROVED and not services.matchable(v, ctx.today)
    )
    return (
        f"Pool: {len(volunteers) + 1} volunteers ({expired} with an expired VOG), "
        f"{len(requests)} young people waiting, {running} match running; {past} past matches, "
        f"matcher: {matcher.message} A proposal round ({round_.method}) proposed "
        f"{round_.proposed} of {round_.waiting} over {round_.places} free places."
    )


# The demo's past matches: their outcome is drawn from a documented ground truth, in which
# living close by matters most (the documented rule weighs shared interests most), so the
# learned matcher has something to learn:
# P(lasted six months) = sigmoid(-2.2 + 1.0·interests + 0.5·languages + 3.5·distance).
PAST_MATCHES = 150
PAST_YOUTH = 50
SEED = 7


def _past_matches(ctx: DemoContext, volunteers: list[Volunteer]) -> int:
    """Ended matches of archive young people (the ranking demo's archive), 8 to 30 months ago."""
    session, rng = ctx.session, ctx.rng
    youths = list(
        session.scalars(
            select(Youth).where(Youth.first_name == "Archief").order_by(Youth.id).limit(PAST_YOUTH)
        )
    )
    mentors = [v for v in volunteers if v.status == VolunteerStatus.APPROVED]
    if not youths or not mentors:
        return 0
    requests = []
    for youth in youths:
        request = MentorRequest(
            youth_id=youth.id,
            organisation_id=youth.organisation_id,
            status=RequestStatus.CLOSED,
            referred_at=utcnow() - timedelta(days=1000),
        )
        requests.append(request)
    session.add_all(requests)
    session.flush()
    for index in range(PAST_MATCHES):
        request = requests[index % len(requests)]
        interests, languages, distance = rng.random(), rng.choice([0.5, 1.0]), rng.random()
        logit = -2.2 + 1.0 * interests + 0.5 * languages + 3.5 * distance
        lasted = rng.random() < 1 / (1 + math.exp(-logit))
        started = utcnow() - timedelta(days=rng.randint(240, 900))
        days = rng.randint(190, 400) if lasted else rng.randint(20, 150)
        session.add(
            MentorMatch(
                request_id=request.id,
                youth_id=request.youth_id,
                volunteer_id=rng.choice(mentors).id,
                state=MatchState.ENDED,
                state_since=started + timedelta(days=days),
                score=round(0.45 * interests + 0.25 * languages + 0.30 * distance, 4),
                features={
                    "interests": round(interests, 4),
                    "languages": languages,
                    "distance": round(distance, 4),
                },
                active_since=started,
                ended_at=started + timedelta(days=days),
                end_reason=EndReason.GOAL_REACHED if lasted else EndReason.NO_CLICK,
            )
        )
    session.flush()
    return PAST_MATCHES


def _running_match(ctx: DemoContext, youth: Youth | None, hanna: Volunteer) -> int:
    """Hanna already mentors one young person, who shares the network map only."""
    if youth is None:
        return 0
    coordinator = ctx.accounts[COORDINATOR_EMAIL]
    request = services.refer(
        ctx.session,
        youth,
        ctx.accounts["professional@jimnet.test"],
        services.Wishes(
            reason="Wil iemand om mee te koken en te praten.",
            interests=["cooking"],
            languages=[],
            mentor_gender="woman",
            max_km=None,
        ),
    )
    youth.postcode = "3815 CD"
    ctx.session.flush()
    match = MentorMatch(
        request_id=request.id,
        youth_id=youth.id,
        volunteer_id=hanna.id,
        state=MatchState.PROPOSED,
        score=0.7,
        reasons=[
            {"code": "interests", "values": ["cooking"]},
            {"code": "gender", "value": "woman"},
        ],
        features={"interests": 0.5, "languages": 1.0, "distance": 1.0},
        share_big5=False,
    )
    ctx.session.add(match)
    ctx.session.flush()
    staff = Actor(Role.COORDINATOR, coordinator.id, coordinator.name)
    youth_actor = Actor(Role.PROFESSIONAL, ctx.accounts["professional@jimnet.test"].id, "")
    for step, who in (
        ("approve", staff),
        ("accept", youth_actor),
        ("introduce", staff),
        ("activate", staff),
    ):
        workflow.apply(ctx.session, match, step, who)
    match.active_since = utcnow() - timedelta(days=75)
    ctx.session.flush()
    return 1
