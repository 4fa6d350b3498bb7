"""The volunteer-mentor pool: global assignment against first-come greedy, on the demo pool.

``python -m bench.pool`` (also printed at the end of ``make bench``) seeds the demo consortium
into a temporary SQLite database, reads the pool the way a proposal round does
(``jimnet.pool.services.gather``) and compares, with the same compatibility table:

- *demo round*: the waiting young people of the demo, over all free places;
- *scarce*: the same volunteers with :data:`SCARCE_WAITING` waiting young people whose wishes
  are drawn like the demo's (fixed seed), so that places and fits run short and the order of
  choosing matters.

Per scenario: young people matched and total compatibility for the global assignment
(``scipy.optimize.linear_sum_assignment``) and for greedy (first referred first, each taking
the best free place left), and how long each takes. Results go to ``bench/results/pool.json``.
"""

from __future__ import annotations

import json
import random
import sys
import tempfile
import time
from dataclasses import replace
from pathlib import Path
from typing import Any

RESULTS = Path(__file__).resolve().parent / "results"
SCARCE_WAITING = 120
SEED = 20261202


def _app(database: Path) -> Any:
    from jimnet import create_app

    return create_app(
        {
            "SQLALCHEMY_DATABASE_URI": f"sqlite:///{database}",
            "SQLALCHEMY_ENGINE_OPTIONS": {},
            "SECRET_KEY": "bench",
            "JIMNET_PSEUDONYM_KEY": "bench",
        }
    )


def _scarce_seekers(base: list[Any], rng: random.Random) -> list[Any]:
    from jimnet.pool import labels, region
    from jimnet.pool.compatibility import Seeker

    seekers = []
    for index in range(SCARCE_WAITING):
        place = rng.choice(region.PLACES[:11])
        seekers.append(
            Seeker(
                request_id=10_000 + index,
                youth_id=10_000 + index,
                age=rng.randint(12, 22),
                postcode=f"{rng.randint(place.first, place.last)} AB",
                interests=tuple(rng.sample(list(labels.INTERESTS), rng.randint(1, 4))),
                languages=(rng.choice(["ar", "tr", "pl", "en"]),) if rng.random() < 0.25 else (),
                mentor_gender=rng.choice(["any", "any", "any", "woman", "man"]),
                max_km=rng.choice([None, None, 10, 15]),
            )
        )
    return [*base, *seekers]


def _compare(
    name: str,
    seekers: list[Any],
    offers: list[Any],
    free: list[int],
    day: Any,
    declined: set[tuple[int, int]],
) -> dict[str, Any]:
    from jimnet.pool import assign, compatibility

    started = time.perf_counter()
    table = compatibility.table(seekers, offers, day, declined=declined)
    table_ms = (time.perf_counter() - started) * 1000
    started = time.perf_counter()
    optimal = assign.optimal(table.score, table.allowed, free)
    optimal_ms = (time.perf_counter() - started) * 1000
    started = time.perf_counter()
    greedy = assign.greedy(table.score, table.allowed, free)
    greedy_ms = (time.perf_counter() - started) * 1000
    fits = (
        int(table.allowed[:, [j for j, f in enumerate(free) if f > 0]].any(axis=1).sum())
        if offers
        else 0
    )
    return {
        "scenario": name,
        "waiting": len(seekers),
        "volunteers_with_places": sum(1 for f in free if f > 0),
        "places": int(sum(free)),
        "with_any_fit": fits,
        "optimal": {
            "matched": optimal.matched,
            "total": round(optimal.total, 3),
            "ms": round(optimal_ms, 2),
        },
        "greedy": {
            "matched": greedy.matched,
            "total": round(greedy.total, 3),
            "ms": round(greedy_ms, 2),
        },
        "table_ms": round(table_ms, 2),
    }


def run() -> dict[str, Any]:
    from jimnet.clock import today
    from jimnet.demo.seed import seed
    from jimnet.extensions import db
    from jimnet.organisations.models import Organisation
    from jimnet.pool import services

    with tempfile.TemporaryDirectory(prefix="jimnet-bench-pool-") as work:
        app = _app(Path(work) / "pool.sqlite")
        with app.app_context(), app.test_request_context():
            db.create_all()
            seed(db.session())  # the demo of `make run`: 300 young people
            db.session.commit()
            scope = set(db.session.scalars(db.select(Organisation.id)))
            day = today()
            pool = services.gather(db.session(), scope, day)
            seekers = [services.seeker_of(r, day) for r in pool.requests]
            offers = [
                services.offer_of(v, f) for v, f in zip(pool.volunteers, pool.free, strict=True)
            ]
            rows = [
                _compare("demo round", seekers, offers, pool.free, day, pool.declined),
                _compare(
                    f"scarce ({SCARCE_WAITING} more waiting)",
                    _scarce_seekers(seekers, random.Random(SEED)),
                    [replace(o) for o in offers],
                    pool.free,
                    day,
                    pool.declined,
                ),
            ]
    return {"date": time.strftime("%Y-%m-%d"), "volunteers": len(offers), "scenarios": rows}


def report(result: dict[str, Any]) -> str:
    lines = [
        f"Volunteer-mentor pool ({result['volunteers']} approved volunteers in the demo pool): "
        "global assignment vs first-come greedy",
        "| scenario | waiting | places | with any fit | global: matched / total | greedy: matched / total | global ms | greedy ms |",
        "|---|---|---|---|---|---|---|---|",
    ]
    for row in result["scenarios"]:
        o, g = row["optimal"], row["greedy"]
        lines.append(
            f"| {row['scenario']} | {row['waiting']} | {row['places']} | {row['with_any_fit']} | "
            f"{o['matched']} / {o['total']} | {g['matched']} / {g['total']} | {o['ms']} | {g['ms']} |"
        )
    return "\n".join(lines)


def main(out: Path | None = RESULTS) -> int:
    result = run()
    print(report(result))
    if out is not None:
        out.mkdir(parents=True, exist_ok=True)
        (out / "pool.json").write_text(json.dumps(result, indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main())
