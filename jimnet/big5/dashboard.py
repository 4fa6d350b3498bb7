"""The coach's dashboard: the case load (or, for an org admin, the whole organisation) on the way
to 18, read from the precomputed readiness rows with a fixed number of SQL statements.

One page costs: the count, the page's rows (young person + readiness facts, one outer join),
their domain levels, the counts per domain and level over the whole filtered set, and the
choices for the team filter. None of these grows with the case load; the sorting columns are
``youth.date_of_birth`` and the readiness facts, and ``big5_readiness_domain`` is indexed by
``(domain_key, level)`` for the domain filter.
"""

from __future__ import annotations

import enum
import math
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from sqlalchemy import ColumnElement, Select, and_, case, exists, func, literal, or_, select
from sqlalchemy.orm import Session

from jimnet.accounts.models import Membership, User
from jimnet.accounts.roles import StaffRole
from jimnet.big5 import countdown, scale
from jimnet.big5 import domains as domain_sets
from jimnet.big5.models import Big5Readiness, Big5ReadinessDomain
from jimnet.big5.readiness import ReadinessStatus, attention_sql, status_sql
from jimnet.organisations.models import Organisation
from jimnet.youth.models import CareTeamMember, Youth

STALE_MONTHS = 3
DEFAULT_PER_PAGE = 50
MAX_PER_PAGE = 200
MIN_AGE, MAX_AGE = 12, 30
DEFAULT_MIN_AGE, DEFAULT_MAX_AGE = 14, 23


class Scope(enum.StrEnum):
    MINE = "mine"  # the young people on whose care team I am
    ORGANISATION = "organisation"  # every young person of the organisations I administer


class Sort(enum.StrEnum):
    COUNTDOWN = (
        "countdown"  # soonest 18 first (then the 18+ by the end of extended care), then readiness
    )
    ATTENTION = "attention"  # not ready first, then soonest 18
    NAME = "name"


class LevelFilter(enum.StrEnum):
    BELOW = "below"  # below 4
    UNKNOWN = "unknown"
    L1 = "1"
    L2 = "2"
    L3 = "3"
    L4 = "4"
    L5 = "5"


@dataclass(frozen=True)
class Filters:
    scope: Scope = Scope.MINE
    domain: str | None = None
    level: LevelFilter = LevelFilter.BELOW
    team_user_id: int | None = None
    status: ReadinessStatus | None = None
    stale: bool = False
    min_age: int = DEFAULT_MIN_AGE
    max_age: int = DEFAULT_MAX_AGE
    sort: Sort = Sort.COUNTDOWN


@dataclass(frozen=True)
class Cell:
    level: int | None
    youth_level: int | None
    jim_level: int | None
    gap: bool
    open_actions: int


@dataclass(frozen=True)
class Row:
    youth_id: int
    first_name: str
    last_name: str
    date_of_birth: date
    organisation_id: int
    youth_status: str
    status: ReadinessStatus
    turns_18_on: date
    months_to_18: int
    age: int
    last_assessed_on: date | None
    stale: bool
    open_actions: int
    overdue: bool
    gaps: int
    unplanned: int
    cells: dict[str, Cell] = field(default_factory=dict)

    @property
    def full_name(self) -> str:
        return f"{self.first_name} {self.last_name}"


@dataclass(frozen=True)
class Column:
    key: str
    name: str


@dataclass(frozen=True)
class Page:
    rows: list[Row]
    total: int
    page: int
    per_page: int
    columns: list[Column]
    counts: dict[str, dict[int | None, int]]  # domain -> level (None: unknown) -> young people
    status_counts: dict[ReadinessStatus, int]
    team_choices: list[tuple[int, str]]
    scope: Scope

    @property
    def pages(self) -> int:
        return max(1, math.ceil(self.total / self.per_page))

    @property
    def has_prev(self) -> bool:
        return self.page > 1

    @property
    def has_next(self) -> bool:
        return self.page < self.pages


def admin_organisations(viewer: User) -> set[int]:
    return viewer.organisations_with(StaffRole.ORG_ADMIN)


def may_use(viewer: User) -> bool:
    return bool(viewer.staff_roles & {StaffRole.PROFESSIONAL, StaffRole.COACH, StaffRole.ORG_ADMIN})


def effective_scope(viewer: User, wanted: Scope) -> Scope:
    """An org admin may look at the whole organisation; everyone else sees their case load.
    An org admin without a case load of their own starts with the organisation."""
    admin = bool(admin_organisations(viewer))
    if wanted == Scope.ORGANISATION and admin:
        return Scope.ORGANISATION
    if admin and not viewer.staff_roles & {StaffRole.PROFESSIONAL, StaffRole.COACH}:
        return Scope.ORGANISATION
    return Scope.MINE


def stale_before(today: date) -> date:
    return countdown.add_months(today, -STALE_MONTHS)


def filtered(viewer: User, filters: Filters, today: date) -> Select[Any]:
    """The ids of the young people the dashboard shows (before paging)."""
    scope = effective_scope(viewer, filters.scope)
    where: list[ColumnElement[bool]]
    if scope == Scope.ORGANISATION:
        where = [Youth.organisation_id.in_(sorted(admin_organisations(viewer)))]
    else:
        where = [
            exists().where(CareTeamMember.youth_id == Youth.id, CareTeamMember.user_id == viewer.id)
        ]
    earliest, latest = countdown.birth_bounds_for_age(today, filters.min_age, filters.max_age)
    where += [
        Youth.date_of_birth >= earliest,
        Youth.date_of_birth <= latest,
        Youth.status != "closed",
    ]
    if filters.team_user_id is not None:
        where.append(
            exists().where(
                CareTeamMember.youth_id == Youth.id, CareTeamMember.user_id == filters.team_user_id
            )
        )
    if filters.domain:
        rd = Big5ReadinessDomain
        in_domain = and_(rd.youth_id == Youth.id, rd.domain_key == filters.domain)
        if filters.level == LevelFilter.UNKNOWN:
            where.append(~exists().where(in_domain, rd.level.is_not(None)))
        elif filters.level == LevelFilter.BELOW:
            where.append(exists().where(in_domain, rd.level < scale.READY_LEVEL))
        else:
            where.append(exists().where(in_domain, rd.level == int(filters.level)))
    if filters.status is not None:
        where.append(status_sql(today) == filters.status.value)
    if filters.stale:
        r = Big5Readiness
        where.append(or_(r.last_assessed_on.is_(None), r.last_assessed_on < stale_before(today)))
    return (
        select(Youth.id).outerjoin(Big5Readiness, Big5Readiness.youth_id == Youth.id).where(*where)
    )


def _order(filters: Filters, today: date) -> list[object]:
    adult_from = countdown.birth_bounds_for_age(today, 18, 200)[1]
    adult = case((Youth.date_of_birth <= adult_from, literal(1)), else_=literal(0))
    attention = attention_sql(today)
    if filters.sort == Sort.ATTENTION:
        return [attention, adult, Youth.date_of_birth, Youth.last_name, Youth.id]
    if filters.sort == Sort.NAME:
        return [Youth.last_name, Youth.first_name, Youth.id]
    return [adult, Youth.date_of_birth, attention, Youth.last_name, Youth.id]


def columns_for(session: Session, viewer: User, scope: Scope, locale: str) -> list[Column]:
    """The domains of the viewer's consortia (usually one set), in order."""
    if scope == Scope.ORGANISATION:
        org_ids = admin_organisations(viewer)
    else:
        org_ids = {m.organisation_id for m in viewer.memberships if m.active}
    consortium_ids = sorted(
        {
            m.organisation.consortium_id
            for m in viewer.memberships
            if m.active and m.organisation_id in org_ids
        },
        key=lambda c: (c is None, c or 0),
    ) or [None]
    columns: list[Column] = []
    for consortium_id in consortium_ids:
        for domain in domain_sets.view(
            domain_sets.set_for_consortium(session, consortium_id), locale
        ).domains:
            if all(c.key != domain.key for c in columns):
                columns.append(Column(domain.key, domain.name))
    return columns


def team_choices(session: Session, viewer: User, scope: Scope) -> list[tuple[int, str]]:
    """Colleagues to filter on: for the organisation its professionals and coaches; for a case
    load the colleagues on the same care teams."""
    if scope == Scope.ORGANISATION:
        stmt = (
            select(User.id, User.name)
            .join(Membership, Membership.user_id == User.id)
            .where(
                Membership.organisation_id.in_(sorted(admin_organisations(viewer))),
                Membership.active.is_(True),
                Membership.role.in_([StaffRole.PROFESSIONAL, StaffRole.COACH]),
            )
        )
    else:
        mine = select(CareTeamMember.youth_id).where(CareTeamMember.user_id == viewer.id)
        stmt = (
            select(User.id, User.name)
            .join(CareTeamMember, CareTeamMember.user_id == User.id)
            .where(CareTeamMember.youth_id.in_(mine), User.id != viewer.id)
        )
    return [(i, n) for i, n in session.execute(stmt.distinct().order_by(User.name, User.id))]


def load_page(
    session: Session,
    viewer: User,
    filters: Filters,
    today: date,
    *,
    page: int = 1,
    per_page: int = DEFAULT_PER_PAGE,
    locale: str = "nl",
    clamp: bool = False,
) -> Page:
    """One page of the dashboard; with ``clamp`` a page past the end shows the last one."""
    scope = effective_scope(viewer, filters.scope)
    ids = filtered(viewer, filters, today).subquery()
    total = session.scalar(select(func.count()).select_from(ids)) or 0
    if clamp:
        page = max(1, min(page, math.ceil(total / per_page)))
    status_expr = status_sql(today)
    r = Big5Readiness
    rows_stmt = (
        select(
            Youth.id,
            Youth.first_name,
            Youth.last_name,
            Youth.date_of_birth,
            Youth.organisation_id,
            Youth.status,
            status_expr.label("readiness"),
            r.last_assessed_on,
            r.open_actions,
            r.first_open_due,
            r.gaps,
            r.unplanned,
        )
        .outerjoin(r, r.youth_id == Youth.id)
        .where(Youth.id.in_(select(ids.c.id)))
        .order_by(*_order(filters, today))  # type: ignore[arg-type]
        .limit(per_page)
        .offset((page - 1) * per_page)
    )
    raw = session.execute(rows_stmt).all()
    page_ids = [row.id for row in raw]
    cells: dict[int, dict[str, Cell]] = defaultdict(dict)
    if page_ids:
        rd = Big5ReadinessDomain
        for d in session.execute(
            select(
                rd.youth_id,
                rd.domain_key,
                rd.level,
                rd.youth_level,
                rd.jim_level,
                rd.gap,
                rd.open_actions,
            ).where(rd.youth_id.in_(page_ids))
        ):
            cells[d.youth_id][d.domain_key] = Cell(
                d.level, d.youth_level, d.jim_level, d.gap, d.open_actions
            )
    stale_limit = stale_before(today)
    rows = [
        Row(
            youth_id=row.id,
            first_name=row.first_name,
            last_name=row.last_name,
            date_of_birth=row.date_of_birth,
            organisation_id=row.organisation_id,
            youth_status=row.status,
            status=ReadinessStatus(row.readiness),
            turns_18_on=countdown.turns_18_on(row.date_of_birth),
            months_to_18=countdown.months_between(today, countdown.turns_18_on(row.date_of_birth)),
            age=countdown.age_on(row.date_of_birth, today),
            last_assessed_on=row.last_assessed_on,
            stale=row.last_assessed_on is None or row.last_assessed_on < stale_limit,
            open_actions=row.open_actions or 0,
            overdue=row.first_open_due is not None and row.first_open_due < today,
            gaps=row.gaps or 0,
            unplanned=row.unplanned or 0,
            cells=cells.get(row.id, {}),
        )
        for row in raw
    ]
    # Counts per domain and level, and per status, over the whole filtered set: two grouped queries.
    rd = Big5ReadinessDomain
    counts: dict[str, dict[int | None, int]] = defaultdict(dict)
    for key, level, n in session.execute(
        select(rd.domain_key, rd.level, func.count())
        .where(rd.youth_id.in_(select(ids.c.id)), rd.level.is_not(None))
        .group_by(rd.domain_key, rd.level)
    ):
        counts[key][level] = n
    status_counts = {s: 0 for s in ReadinessStatus}
    for status, n in session.execute(
        select(status_expr, func.count())
        .select_from(Youth)
        .outerjoin(r, r.youth_id == Youth.id)
        .where(Youth.id.in_(select(ids.c.id)))
        .group_by(status_expr)
    ):
        status_counts[ReadinessStatus(status)] = n
    columns = columns_for(session, viewer, scope, locale)
    for column in columns:
        known = sum(counts[column.key].values())
        counts[column.key][None] = total - known
    return Page(
        rows=rows,
        total=total,
        page=page,
        per_page=per_page,
        columns=columns,
        counts=dict(counts),
        status_counts=status_counts,
        team_choices=team_choices(session, viewer, scope),
        scope=scope,
    )


def organisation_names(session: Session, ids: set[int]) -> dict[int, str]:
    if not ids:
        return {}
    return dict(
        session.execute(
            select(Organisation.id, Organisation.name).where(Organisation.id.in_(sorted(ids)))
        ).all()
    )
