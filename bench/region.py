"""What the builders share while they fill the database: the region's people and their ids."""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from typing import Any

from faker import Faker
from sqlalchemy.engine import Connection

from bench.scale import Scale


@dataclass
class YouthFacts:
    id: int
    organisation_id: int
    first_name: str
    last_name: str
    date_of_birth: date
    care_started_on: date

    def age_on(self, day: date) -> int:
        years = day.year - self.date_of_birth.year
        if (day.month, day.day) < (self.date_of_birth.month, self.date_of_birth.day):
            years -= 1
        return years


@dataclass
class Region:
    conn: Connection
    scale: Scale
    rng: random.Random
    today: date
    password_hash: str
    first_names: list[str]
    last_names: list[str]
    consortium_id: int = 0
    organisation_ids: list[int] = field(default_factory=list)
    youth: list[YouthFacts] = field(default_factory=list)
    user_names: dict[int, str] = field(default_factory=dict)
    user_emails: dict[int, str] = field(default_factory=dict)
    totp: dict[int, str] = field(default_factory=dict)
    lead_of: dict[int, int] = field(default_factory=dict)  # youth -> lead professional
    team_of: dict[int, list[tuple[int, str]]] = field(default_factory=dict)  # youth -> (user, role)
    caseloads: dict[int, list[int]] = field(default_factory=dict)  # professional -> youth
    coach_loads: dict[int, list[int]] = field(default_factory=dict)  # coach -> youth
    admins: dict[int, int] = field(default_factory=dict)  # young people overseen -> admin user
    authorities: dict[int, list[tuple[int, str]]] = field(default_factory=dict)
    growth: dict[int, list[int]] = field(default_factory=dict)  # network size -> youth ids
    jim_candidates: dict[int, dict[str, Any]] = field(default_factory=dict)  # youth -> member
    active_jim: dict[int, tuple[int, str]] = field(default_factory=dict)  # youth -> JIM user
    counts: dict[str, int] = field(default_factory=dict)
    next_user_id: int = 1

    def count(self, table: str, n: int) -> None:
        self.counts[table] = self.counts.get(table, 0) + n

    def name(self) -> tuple[str, str]:
        return self.rng.choice(self.first_names), self.rng.choice(self.last_names)

    def moment(self, day: date) -> datetime:
        """A working-hours moment on a day, in UTC."""
        return datetime.combine(day, time(7 + self.rng.randint(0, 9), self.rng.randint(0, 59)), UTC)

    def days_ago(self, low: int, high: int) -> date:
        return self.today - timedelta(days=self.rng.randint(low, high))


def name_pools(seed: int) -> tuple[list[str], list[str]]:
    fake = Faker("nl_NL")
    fake.seed_instance(seed)
    firsts = sorted({fake.first_name() for _ in range(1500)})
    lasts = sorted({fake.last_name() for _ in range(1500)})
    return firsts, lasts
