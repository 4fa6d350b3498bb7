"""``python -m bench``: the region at scale on SQLite and, when it answers, on PostgreSQL."""

from __future__ import annotations

import argparse
import json
import shutil
import sys
import tempfile
from pathlib import Path

from bench.database import postgresql_answers
from bench.scale import Scale

RESULTS = Path(__file__).resolve().parent / "results"


def _measure_worker(source: str, target: str) -> None:
    from bench.build import Fixture
    from bench.measure import measure

    data = json.loads(Path(source).read_text())
    scale = Scale(**{**data["scale"], "growth_sizes": tuple(data["scale"]["growth_sizes"])})
    result = measure(Fixture.from_json(data["fixture"]), scale)
    Path(target).write_text(json.dumps(result, default=str))


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    if argv[:1] == ["measure"]:
        _measure_worker(argv[1], argv[2])
        return 0
    if argv[:1] == ["matching"]:
        # The JIM ranking's quality alone (a minute; no database): python -m bench matching
        from bench import matching

        matching.main(out=RESULTS, quick="--quick" in argv)
        return 0
    if argv[:1] == ["map"]:
        # The network map's quality at 10, 25, 60 and 100 people (seconds; no database).
        from bench import mapquality

        mapquality.run(out=RESULTS)
        return 0
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__)
    parser.add_argument("--youth", type=int, help="young people in the region (default 20,000)")
    parser.add_argument("--quick", action="store_true", help="a small smoke run (600 young people)")
    parser.add_argument("--requests", type=int, help="measured requests per page (default 200)")
    parser.add_argument("--log-entries", type=int, help="access-log history (default 1,000,000)")
    parser.add_argument("--seconds", type=int, help="length of the load run (default 30)")
    parser.add_argument("--backend", choices=["all", "sqlite", "postgresql"], default="all")
    parser.add_argument("--no-load", action="store_true", help="skip gunicorn + wrk")
    parser.add_argument("--out", type=Path, help="where the JSON goes (default bench/results for "
                        "full runs; nowhere for --quick)")  # fmt: skip
    parser.add_argument("--keep", action="store_true", help="keep the SQLite file and work files")
    args = parser.parse_args(argv)

    scale = Scale.quick() if args.quick else Scale()
    changes = {
        "youth": args.youth,
        "requests": args.requests,
        "log_entries": args.log_entries,
        "load_seconds": args.seconds,
    }
    changes = {k: v for k, v in changes.items() if v is not None}
    if changes:
        scale = Scale(
            **{**scale.__dict__, **changes, "label": scale.label if args.quick else "custom"}
        )
    out = args.out or (RESULTS if scale.label == "full" else None)

    from bench.run import run_backend

    backends = ["sqlite", "postgresql"] if args.backend == "all" else [args.backend]
    if "postgresql" in backends and not postgresql_answers():
        print("PostgreSQL does not answer on 127.0.0.1:5432: only SQLite is measured.")
        backends.remove("postgresql")
    work = Path(tempfile.mkdtemp(prefix="jimnet-bench-"))
    try:
        for backend in backends:
            run_backend(backend, scale, work, out=out, load_run=not args.no_load)
        from bench import matching

        matching.main(out=out, quick=scale.label != "full")
        # The network map's quality at 10, 25, 60 and 100 people.
        from bench import mapquality

        mapquality.run(out)
        # The volunteer-mentor pool: global assignment against greedy on the demo pool.
        from bench import pool

        pool.main(out)
        # Imports: the 2 MB hostile files and the slowest file an import accepts.
        from bench import imports

        imports.main(out)
    finally:
        if args.keep:
            print(f"work files kept in {work}")
        else:
            shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
