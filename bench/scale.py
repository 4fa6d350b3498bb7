"""How big a bench run is: the region, the number of requests, the log, the load run."""

from __future__ import annotations

from dataclasses import dataclass, field

# The organisation-wide dashboard is measured at these shares of the region: with the default
# 20,000 young people that is 1,000, 5,000 and 20,000 (organisations of matching sizes exist).
DASHBOARD_SHARES = (0.05, 0.25, 1.0)
# Organisation sizes as shares of the region: the first one is 5 %, the first three 25 %.
ORGANISATION_SHARES = (0.05, 0.08, 0.12, 0.11, 0.11, 0.11, 0.11, 0.11, 0.10, 0.10)


@dataclass(frozen=True)
class Scale:
    youth: int = 20_000
    requests: int = 200  # measured requests per page (after the warm-up)
    warmup: int = 5
    log_entries: int = 1_000_000  # a year of access-log history
    caseload: int = 40
    growth_sizes: tuple[int, ...] = (10, 60, 200)
    growth_youth_per_size: int = 4
    load_seconds: int = 30
    floor_seconds: int = 20  # each wrk run of the floor, with and without the log
    national_rate: int = 300  # appends per second in all, for the national load
    national_seconds: int = 60
    seed: int = 20260701
    label: str = "full"
    extra: dict[str, str] = field(default_factory=dict)

    @classmethod
    def quick(cls) -> Scale:
        return cls(
            youth=600,
            requests=20,
            warmup=2,
            log_entries=30_000,
            growth_youth_per_size=2,
            load_seconds=5,
            floor_seconds=5,
            national_rate=100,
            national_seconds=5,
            label="quick",
        )

    @classmethod
    def tiny(cls) -> Scale:
        """For the test that keeps the harness from rotting: seconds, not minutes."""
        return cls(
            youth=30,
            requests=5,
            warmup=1,
            log_entries=1_000,
            growth_sizes=(10, 60),
            growth_youth_per_size=1,
            load_seconds=2,
            floor_seconds=2,
            national_rate=20,
            national_seconds=2,
            label="tiny",
        )

    def dashboard_sizes(self) -> list[int]:
        """How many young people each dashboard admin oversees (organisation sizes add up)."""
        counts = organisation_counts(self.youth)
        sizes = []
        for share in DASHBOARD_SHARES:
            total, wanted = 0, share * self.youth
            for n in counts:
                if total >= wanted - 0.5:
                    break
                total += n
            sizes.append(total)
        return sizes


def organisation_counts(youth: int) -> list[int]:
    """Young people per organisation: shares rounded, the rest to the last organisation."""
    counts = [max(1, round(share * youth)) for share in ORGANISATION_SHARES]
    counts[-1] = max(1, youth - sum(counts[:-1]))
    return counts
