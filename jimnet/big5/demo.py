"""Demo BIG5 histories: two years of assessments for the 14–22-year-olds, with actions, some
young people ready and some not, some large gaps between their own view and the professional's.
The demo youth Noa gets a full history from all three perspectives.

Runs after the network's and the JIM's demo (``EXTENSIONS`` order), so that the support domain is
proposed from each young person's network map and JIM, and confirmed or overruled with a reason,
as in the app; Noa's JIM scores from the time her aunt Anouk became her JIM.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date, timedelta

from flask_babel import force_locale

from jimnet.accounts.models import User
from jimnet.accounts.roles import StaffRole
from jimnet.big5 import countdown, readiness, texts
from jimnet.big5 import domains as domain_sets
from jimnet.big5.models import (
    ActionOwner,
    ActionStatus,
    Big5Action,
    Big5Assessment,
    Big5Score,
    Perspective,
)
from jimnet.big5.support import Proposal, proposal_for
from jimnet.demo.seed import DemoContext
from jimnet.jim.status import active_jim
from jimnet.youth.models import Youth

MIN_AGE, MAX_AGE = 14, 22
HISTORY_DAYS = 730

# What a plan in each domain looks like (Dutch, as a coach would write it down).
ACTIONS: dict[str, tuple[str, ...]] = {
    "work": (
        "Cv maken en twee vacatures uitzoeken",
        "Proefdag bij de supermarkt afspreken",
        "Bijbaan zoeken voor de zaterdag",
        "Gesprek met jobcoach over dagbesteding",
    ),
    "income": (
        "Bankrekening op eigen naam openen",
        "Zorgtoeslag aanvragen",
        "Budgetplan maken met het geld van de bijbaan",
        "Studiefinanciering aanvragen",
    ),
    "existence_security": (
        "Zorgverzekering kiezen en afsluiten",
        "DigiD aanvragen",
        "Inschrijven als woningzoekende",
        "ID-kaart verlengen",
        "Betalingsregeling treffen voor de telefoonrekening",
    ),
    "school": (
        "Aanmelden bij het mbo voor niveau 2",
        "Afspraak met de mentor over verzuim",
        "Stage zoeken voor het tweede jaar",
        "Huiswerkbegeleiding regelen",
    ),
    "support": (
        "Netwerkkaart bijwerken met oma en de buurvrouw",
        "Vragen wie JIM wil zijn",
        "Samen met tante afspreken wie belt als het misgaat",
    ),
}
OTHER_OWNERS = ("Schuldhulpmaatje", "Mentor school", "Jobcoach", "Buurvrouw Els")
OVERRULE_REASONS = (
    "De netwerkkaart is niet helemaal bij; oom Kees helpt ook elke week.",
    "Het contact met oma is de laatste tijd minder; daarom lager.",
    "De JIM is net begonnen; we kijken eerst hoe het loopt.",
)


@dataclass
class Trajectory:
    start: dict[str, int]
    end: dict[str, int]

    def level(self, key: str, progress: float, rng: random.Random) -> int:
        value = (
            self.start[key] + (self.end[key] - self.start[key]) * progress + rng.uniform(-0.6, 0.6)
        )
        return max(1, min(5, round(value)))


def _trajectory(keys: list[str], rng: random.Random, ready: bool) -> Trajectory:
    start = {k: rng.randint(1, 3) for k in keys}
    if ready:
        end = {k: rng.randint(4, 5) for k in keys}
    else:
        end = {k: rng.choice([2, 3, 3, 4, 4, 5]) for k in keys}
    return Trajectory(start, end)


def _dates(first: date, last: date, rng: random.Random, every: tuple[int, int]) -> list[date]:
    days, day = [], first
    while day <= last:
        days.append(day)
        day += timedelta(days=rng.randint(*every))
    return days


def _proposal(
    ctx: DemoContext, youth: Youth, domain_set: domain_sets.DomainSetView
) -> Proposal | None:
    if next((d for d in domain_set.domains if d.uses_network), None) is None:
        return None
    return proposal_for(ctx.session, youth.id)


def _assessment(
    youth: Youth,
    domain_set: domain_sets.DomainSetView,
    perspective: Perspective,
    on: date,
    levels: dict[str, int | None],
    assessor: tuple[int | None, str],
    role: str,
) -> Big5Assessment:
    return Big5Assessment(
        youth_id=youth.id,
        perspective=perspective,
        assessed_on=on,
        domain_set_id=domain_set.id,
        domain_set_version=domain_set.version,
        assessor_id=assessor[0],
        assessor_name=assessor[1],
        assessor_role=role,
        scores=[Big5Score(domain_key=k, level=v) for k, v in levels.items()],
    )


def _support_from_map(
    assessment: Big5Assessment,
    proposal: Proposal | None,
    domain_set: domain_sets.DomainSetView,
    rng: random.Random,
) -> None:
    """The latest assessment's support score: the map's proposal, confirmed or overruled."""
    if proposal is None or proposal.level is None:
        return
    score = next((s for s in assessment.scores if s.domain_key == "support"), None)
    if score is None:
        return
    score.proposed_level = proposal.level
    score.proposal_reason = texts.proposal_text(proposal, domain_set)
    if rng.random() < 0.2:
        score.level = max(1, min(5, proposal.level + rng.choice([-1, 1])))
        score.overrule_reason = rng.choice(OVERRULE_REASONS)
    else:
        score.level = proposal.level


def _actions(
    ctx: DemoContext,
    youth: Youth,
    latest: dict[str, int],
    creator: User,
    plan_well: bool,
) -> list[Big5Action]:
    rng, today = ctx.rng, ctx.today
    made: list[Big5Action] = []
    for key, level in latest.items():
        catalogue = ACTIONS.get(key, ("Afspraak maken over de volgende stap",))
        # Earlier steps that were done (history).
        for _ in range(rng.randint(0, 2)):
            due = today - timedelta(days=rng.randint(30, 400))
            made.append(
                Big5Action(
                    youth_id=youth.id,
                    domain_key=key,
                    what=rng.choice(catalogue),
                    owner_kind=rng.choice(
                        [ActionOwner.YOUTH, ActionOwner.PARENT, ActionOwner.PROFESSIONAL]
                    ),
                    due_on=due,
                    status=ActionStatus.DONE,
                    done_on=due - timedelta(days=rng.randint(0, 10)),
                    created_by_id=creator.id,
                )
            )
        if level >= 4 or (not plan_well and rng.random() < 0.45):
            continue
        owner = rng.choice(list(ActionOwner))
        overdue = rng.random() < (0.08 if plan_well else 0.3)
        made.append(
            Big5Action(
                youth_id=youth.id,
                domain_key=key,
                what=rng.choice(catalogue),
                owner_kind=owner,
                owner_name=rng.choice(OTHER_OWNERS) if owner == ActionOwner.OTHER else None,
                due_on=today
                + timedelta(days=-rng.randint(3, 40) if overdue else rng.randint(7, 150)),
                status=ActionStatus.OPEN,
                created_by_id=creator.id,
            )
        )
    return made


def _history(
    ctx: DemoContext,
    youth: Youth,
    domain_set: domain_sets.DomainSetView,
    professional: User,
    youth_user: User | None,
    jim_user: User | None,
    *,
    full: bool,
) -> tuple[list[Big5Assessment], dict[str, int]]:
    rng, today = ctx.rng, ctx.today
    keys = domain_set.keys
    first = today - timedelta(days=HISTORY_DAYS)
    if not full:
        first = max(first, countdown.birthday(youth.date_of_birth, MIN_AGE)) + timedelta(
            days=rng.randint(0, 90)
        )
    trajectory = _trajectory(keys, rng, ready=rng.random() < 0.45)
    if full:
        # Noa: school goes well, work and money lag behind, her network is growing.
        trajectory = Trajectory(
            start={k: {"school": 3, "work": 1, "income": 1}.get(k, 2) for k in keys},
            end={k: {"school": 4, "work": 3, "income": 2, "support": 4}.get(k, 4) for k in keys},
        )
    span = max((today - first).days, 1)
    made: list[Big5Assessment] = []
    latest: dict[str, int] = {}
    # The professional: every three to five months; now and then the last one is long ago.
    last = today - timedelta(days=rng.randint(0, 150 if not full else 20))
    for on in _dates(first, last, rng, (90, 150) if not full else (85, 100)):
        progress = (on - first).days / span
        levels: dict[str, int | None] = {k: trajectory.level(k, progress, rng) for k in keys}
        made.append(
            _assessment(
                youth,
                domain_set,
                Perspective.PROFESSIONAL,
                on,
                levels,
                (professional.id, professional.name),
                "professional",
            )
        )
        latest = {k: v for k, v in levels.items() if v is not None}
    # The young person's own view: usually a bit rosier, sometimes far apart (a conversation).
    if full or rng.random() < 0.6:
        own = (
            (youth_user.id, youth_user.name) if youth_user is not None else (None, youth.full_name)
        )
        gap_domain = rng.choice(keys)
        for on in _dates(first + timedelta(days=20), today, rng, (80, 100) if full else (150, 220)):
            progress = (on - first).days / span
            levels = {}
            for k in keys:
                base = trajectory.level(k, progress, rng)
                shift = (
                    2 if k == gap_domain and (full or rng.random() < 0.5) else rng.choice([0, 0, 1])
                )
                levels[k] = None if rng.random() < 0.06 else max(1, min(5, base + shift))
            made.append(_assessment(youth, domain_set, Perspective.YOUTH, on, levels, own, "youth"))
    if jim_user is not None:
        jim = active_jim(ctx.session, youth.id)
        since = max(
            today - timedelta(days=360),
            (jim.since if jim else today - timedelta(days=360)) + timedelta(days=14),
        )
        for on in _dates(since, today - timedelta(days=5), rng, (120, 150)):
            progress = (on - first).days / span
            levels = {k: trajectory.level(k, progress, rng) for k in keys}
            made.append(
                _assessment(
                    youth,
                    domain_set,
                    Perspective.JIM,
                    on,
                    levels,
                    (jim_user.id, jim_user.name),
                    "jim",
                )
            )
    return made, latest


def seed(ctx: DemoContext) -> str:
    session = ctx.session
    domain_sets.ensure_builtin_sets(session)
    demo = ctx.demo_youth
    chosen = [y for y in ctx.youth if MIN_AGE <= y.age_on(ctx.today) <= MAX_AGE or y is demo]
    sets = domain_sets.sets_for_youth_ids(session, [y.id for y in chosen])
    assessments = actions = 0
    with force_locale("nl"):
        for youth in chosen:
            domain_set = domain_sets.view(sets[youth.id], "nl")
            full = youth is demo
            lead = _lead_professional(ctx, youth)
            youth_user = ctx.accounts.get("youth@jimnet.test") if full else None
            jim_user = ctx.accounts.get("jim@jimnet.test") if full else None
            made, latest = _history(ctx, youth, domain_set, lead, youth_user, jim_user, full=full)
            professional_rows = [a for a in made if a.perspective == Perspective.PROFESSIONAL]
            if professional_rows:
                _support_from_map(
                    professional_rows[-1], _proposal(ctx, youth, domain_set), domain_set, ctx.rng
                )
                latest.update(
                    {
                        s.domain_key: s.level
                        for s in professional_rows[-1].scores
                        if s.level is not None
                    }
                )
            plan_well = full or ctx.rng.random() < 0.6
            made_actions = _actions(ctx, youth, latest, lead, plan_well)
            if full:
                made_actions += _noa_actions(ctx, youth, lead)
            session.add_all(made)
            session.add_all(made_actions)
            assessments += len(made)
            actions += len(made_actions)
    session.flush()
    readiness.refresh_many(session, [y.id for y in chosen])
    return (
        f"BIG5: {assessments} assessments and {actions} actions for {len(chosen)} young people aged "
        f"{MIN_AGE}–{MAX_AGE} (Noa: youth, professional and JIM over two years)."
    )


def _lead_professional(ctx: DemoContext, youth: Youth) -> User:
    if youth is ctx.demo_youth:
        return ctx.accounts["professional@jimnet.test"]
    staff = ctx.staff.get(youth.organisation_id, {})
    pool = staff.get(StaffRole.PROFESSIONAL) or staff.get(StaffRole.COACH) or []
    return pool[youth.id % len(pool)] if pool else ctx.accounts["professional@jimnet.test"]


def _noa_actions(ctx: DemoContext, youth: Youth, lead: User) -> list[Big5Action]:
    """Noa's own plan, with the 17½ milestones already in view."""
    today = ctx.today
    half = countdown.half_year_before_18(youth.date_of_birth)
    rows = [
        (
            "income",
            "Bankrekening op eigen naam openen",
            ActionOwner.PARENT,
            "Marieke (moeder)",
            today + timedelta(days=45),
        ),
        (
            "school",
            "Open dag mbo Zorg & Welzijn bezoeken",
            ActionOwner.YOUTH,
            None,
            today + timedelta(days=20),
        ),
        (
            "work",
            "Bijbaan zoeken voor de zaterdag",
            ActionOwner.JIM,
            "Anouk",
            today - timedelta(days=6),
        ),
        ("existence_security", "DigiD aanvragen", ActionOwner.YOUTH, None, half),
        (
            "existence_security",
            "Zorgverzekering kiezen met moeder",
            ActionOwner.PARENT,
            None,
            half + timedelta(days=60),
        ),
    ]
    return [
        Big5Action(
            youth_id=youth.id,
            domain_key=key,
            what=what,
            owner_kind=owner,
            owner_name=name,
            due_on=due,
            status=ActionStatus.OPEN,
            created_by_id=lead.id,
        )
        for key, what, owner, name, due in rows
    ]
