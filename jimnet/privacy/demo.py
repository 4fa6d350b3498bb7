"""The privacy part of the demo: Lisa Brouwer (19, care ended last year, on Sanne's case load)
for the erasure request, and former clients whose retention term has ended (what
``flask retention`` lists) or is held longer by a protective measure."""

from __future__ import annotations

from datetime import date, timedelta

from jimnet.accounts.roles import CareTeamRole
from jimnet.demo.seed import DemoContext
from jimnet.privacy.models import RetentionFacts
from jimnet.privacy.retention import add_years
from jimnet.youth.models import CareTeamMember, Youth, YouthStatus

FORMER = (
    # first, last, care ended (years ago), protective measure ended (years ago) or None
    ("Kevin", "de Boer", 23, None),
    ("Sanne", "Kuipers", 21, None),
    ("Dewi", "Pranoto", 24, 12),  # the measure ended later: kept until 20 years after it
)


def _youth(ctx: DemoContext, first: str, last: str, born: date, ended: date) -> Youth:
    youth = Youth(
        organisation_id=ctx.organisations[0].id,
        first_name=first,
        last_name=last,
        date_of_birth=born,
        postcode=None,
        status=YouthStatus.CLOSED,
        care_started_on=ended - timedelta(days=3 * 365),
    )
    ctx.session.add(youth)
    ctx.session.flush()
    return youth


def seed(ctx: DemoContext) -> str:
    professional = ctx.accounts["professional@jimnet.test"]
    ended = ctx.today - timedelta(days=300)
    lisa = _youth(ctx, "Lisa", "Brouwer", add_years(ctx.today, -19) - timedelta(days=40), ended)
    ctx.session.add(
        CareTeamMember(
            youth_id=lisa.id, user_id=professional.id, role=CareTeamRole.PROFESSIONAL, is_lead=True
        )
    )
    ctx.session.add(RetentionFacts(youth_id=lisa.id, care_ended_on=ended))
    for first, last, years, measure in FORMER:
        care_end = add_years(ctx.today, -years)
        former = _youth(ctx, first, last, add_years(care_end, -17), care_end)
        ctx.session.add(
            RetentionFacts(
                youth_id=former.id,
                care_ended_on=care_end,
                protective_measure=measure is not None,
                measure_ended_on=add_years(ctx.today, -measure) if measure else None,
            )
        )
    ctx.session.flush()
    return (
        "Privacy: Lisa Brouwer (19, care ended) for an erasure request; "
        f"{len(FORMER)} former clients, {len(FORMER) - 1} past their retention term"
    )
