"""Write the figures of the latest full runs into the README: `python -m bench.readme`.

Only the part between the markers `<!-- bench:figures:start -->` and `<!-- bench:figures:end -->`
is generated, from `bench/results/<backend>.json`; the reading of the figures around it (why a
target is missed, which index the plans asked for) stays written by hand.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

from bench.report import markdown

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "bench" / "results"
README = ROOT / "README.md"
START, END = "<!-- bench:figures:start -->", "<!-- bench:figures:end -->"


def _n(value: float | int) -> str:
    return f"{value:,.0f}" if isinstance(value, int) or float(value).is_integer() else f"{value:,}"


def _page(result: dict[str, Any], key: str) -> dict[str, Any]:
    return next(p for p in result["measure"]["pages"] if p["key"] == key)


def _growth(result: dict[str, Any], kind: str) -> str:
    rows = result["measure"]["growth"][kind]
    return ", ".join(
        f"{r['p50_ms']} / {r['p95_ms']} ms at {r['members']} members ({r['statements_max']} statements)"
        for r in rows
    )


def figures(results: dict[str, dict[str, Any]]) -> str:
    first = next(iter(results.values()))
    pg = results.get("postgresql")
    rows = first["scale"]["rows"]
    facts = first["machine"]
    versions = ", ".join(
        f"{'PostgreSQL' if b == 'postgresql' else 'SQLite'} {r['server_version'].split(' ')[0]}"
        for b, r in results.items()
    )
    loads = "; ".join(f"{b}: {r['machine']['load_average_1_5_15'][0]}" for b, r in results.items())
    lines = [
        f"The figures below are the latest full run ({first['date'][:10]}, {facts['cores']} cores "
        f"{facts['cpu']}, {round(facts['memory_gb'])} GB, {versions}). The machine was shared with "
        f"other work while it ran (load average at the start: {loads}), so single figures move by "
        "tens of percent between runs; ratios to the floor, measured on the same run, move less.",
        "",
        f"**The region** (fixed seed, bulk inserts): {_n(rows['organisation'])} organisations, "
        f"{_n(rows['youth'])} young people with {_n(rows['parental_authority'])} parents with "
        f"authority, {_n(rows['user_account'])} accounts, {_n(rows['care_team_member'])} care-team "
        f"places; {_n(rows['network_member'])} network members, {_n(rows['network_support'])} kinds "
        f"of support and {_n(rows['network_tie'])} ties; {_n(rows['jim_nomination'])} JIM "
        f"nominations with {_n(rows['jim_event'])} events and {_n(rows['consent'])} consents; "
        f"{_n(rows['big5_assessment'])} BIG5 assessments ({_n(rows['big5_score'])} scores) and "
        f"{_n(rows['big5_action'])} actions over two years; {_n(rows['access_log'])} access-log "
        "entries, keyed and put into the Merkle tree by the sequencer (the busiest file has "
        f"{_n(first['measure']['busiest_file']['entries'])}). Set-up took "
        + " and ".join(f"{round(r['setup']['total'])} s on {b}" for b, r in results.items())
        + " (target: under 10 minutes).",
        "",
        markdown(list(results.values())),
        "",
        "**Other figures**",
        "",
    ]
    for backend, result in results.items():
        log = result["measure"]["access_log"]
        verify = result["verify_log"]
        extra = result.get("log") or {}
        history = extra.get("history") or {}
        after = extra.get("verify_after_measure") or {}
        full = extra.get("verify_full") or {}
        lines.append(
            f"- {backend}: the access log costs **{log['cost_p50_ms']} ms** per request (p50 of the "
            f"floor with minus without the write; {log['statements_with'] - log['statements_without']} "
            f"statements, no lock); the sequencer put {_n(history.get('sequenced', 0))} entries into "
            f"the tree in {history.get('seconds')} s ({_n(history.get('per_second', 0))} a second); "
            f"**`flask verify-log` over {_n(verify['entries'])} new entries (incremental, from the "
            f"last verified checkpoint) takes {verify.get('check_seconds', verify['seconds'])} s** "
            f"({verify['per_million_s']} s per million; "
            f"{verify.get('check_cpu_seconds') or '?'} s of the verifier's CPU; "
            f"{verify['seconds']} s with the process's start-up); after the measured requests, {_n(after.get('entries', 0))} new entries "
            f"took {after.get('check_seconds')} s; `--full` over {_n(full.get('entries', 0))} "
            f"entries (every MAC too) took {full.get('check_seconds')} s; peak "
            f"memory of the measuring process {result['measure']['peak_rss_mb']} MB."
        )
    if pg is not None:
        lines.append(
            f"- Growth with a network's size (PostgreSQL, p50 / p95): the map page {_growth(pg, 'network_map')}; the analysis {_growth(pg, 'network_analysis')}."
        )
        scale = "; ".join(
            f"{_n(r['youth'])}: {r['p50_ms']} / {r['p95_ms']} ms ({r['statements_max']} statements)"
            for r in pg["measure"]["dashboard_scale"]
        )
        lines.append(
            f"- The organisation dashboard by the number of young people (PostgreSQL, p50 / p95): {scale}."
        )
        busiest = pg["measure"]["busiest_file"]
        lines.append(
            f"- The log page of the busiest file ({_n(busiest['entries'])} entries, PostgreSQL): "
            f"{busiest['p50_ms']} / {busiest['p95_ms']} ms, like any other file's "
            f"({_page(pg, 'youth_log')['p50_ms']} / {_page(pg, 'youth_log')['p95_ms']} ms)."
        )
        load = pg["load"]
        if "requests_per_second" in load:
            memory = ", ".join(f"{w['VmHWM']} MB" for w in load["worker_memory_mb"])
            left_out = (
                f" Left out of the mix: {', '.join(load['left_out'])}." if load["left_out"] else ""
            )
            lines.append(
                f"- **Under load**: gunicorn (`gunicorn.conf.py`, {load['workers']} workers) on "
                f"PostgreSQL, driven by wrk from a separate process with {load['connections']} "
                f"connections for {load['seconds']} s over {load['urls']} URLs of the pages above, "
                "each session logged in first through the real login with password and TOTP code: "
                f"**{load['requests_per_second']} requests/s**, p50 {load['p50_ms']} ms, "
                f"**p95 {load['p95_ms']} ms**, p99 {load['p99_ms']} ms, **{load['errors']} errors**; "
                f"worker peak memory {memory}.{left_out} wrk, PostgreSQL and both workers share the "
                "same 2 cores."
            )
        else:
            lines.append(f"- Under load: not run ({load.get('skipped', 'see the JSON')}).")
        lines += _log_lines(pg.get("log") or {})
    lines += [
        "",
        "**Targets** (the issue's aims on a 2-core machine; reported, not asserted in tests):",
        "",
    ]
    names = list(results)
    lines.append(
        "| target | "
        + " | ".join("SQLite" if n == "sqlite" else "PostgreSQL" for n in names)
        + " |"
    )
    lines.append("|---|" + "---|" * len(names))
    by_target: dict[str, dict[str, dict[str, Any]]] = {}
    for backend, result in results.items():
        for target in result["targets"]:
            by_target.setdefault(target["target"], {})[backend] = target
    for target, per_backend in by_target.items():
        cells = []
        for backend in names:
            t = per_backend.get(backend)
            cells.append(
                "—" if t is None else f"{'met' if t['met'] else '**missed**'} ({t['figure']})"
            )
        lines.append(f"| {target} | " + " | ".join(cells) + " |")
    return "\n".join(lines)


def _log_lines(log: dict[str, Any]) -> list[str]:
    """The access log's own figures: the floor's throughput and the national load."""
    lines = []
    floor = log.get("floor_throughput") or {}
    if floor.get("runs"):
        runs = "; ".join(
            f"{r['workers']} workers: {r['with_log_rps']} with the log, {r['without_log_rps']} "
            f"without (**{round(r['ratio'] * 100)} %**)"
            for r in floor["runs"]
        )
        lines.append(
            "- **The floor's throughput with and without the access log** (gunicorn, wrk with two "
            f"connections per worker, {floor['seconds']} s per run, {floor['rounds']} runs each, "
            "alternating; with the log the sequencer runs beside the workers as `flask "
            f"sequence-log --loop` on the same cores), requests/s: {runs}."
        )
    elif floor:
        lines.append(f"- The floor's throughput: not run ({floor.get('skipped')}).")
    national = log.get("national") or {}
    if national.get("modes"):
        modes = national["modes"]
        names = {"sequencer": "plain append + sequencer (jimnet)",
                 "global_lock": "one chain head locked per append (before)",
                 "partitioned_16": "16 chain heads"}  # fmt: skip

        def cell(key: str) -> str:
            m = modes.get(key) or {}
            return f"{m.get('per_second')}/s, p50 {m.get('p50_ms')} / p95 {m.get('p95_ms')} / p99 {m.get('p99_ms')} ms"

        lines.append(
            f"- **A national load** on PostgreSQL: {national['processes']} processes appending "
            f"{national['rate']} entries a second in all for {national['seconds']} s, each append "
            "its own transaction as a request's is; then as fast as they can for 10 s:"
        )
        lines.append("")
        lines.append("  | design | steady load: rate, append latency | unthrottled |")
        lines.append("  |---|---|---|")
        for mode, name in names.items():
            lines.append(f"  | {name} | {cell(mode + '_steady')} | {cell(mode + '_max')} |")
        seq = modes.get("sequencer_steady") or {}
        lines.append("")
        lines.append(
            f"  The sequencer (every second) was at most {seq.get('max_waiting')} entries and "
            f"{seq.get('max_wait_s')} s behind during the steady load."
        )
    return lines


def main() -> int:
    results = {}
    for backend in ("sqlite", "postgresql"):
        path = RESULTS / f"{backend}.json"
        if path.exists():
            results[backend] = json.loads(path.read_text())
    if not results:
        print("no results under bench/results: run `make bench` first", file=sys.stderr)
        return 1
    text = README.read_text()
    if START not in text or END not in text:
        print(f"README.md has no {START} … {END} markers", file=sys.stderr)
        return 1
    head, rest = text.split(START, 1)
    _, tail = rest.split(END, 1)
    README.write_text(f"{head}{START}\n{figures(results)}\n{END}{tail}")
    print(
        "README.md: Performance figures written from",
        ", ".join(f"bench/results/{b}.json" for b in results),
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
