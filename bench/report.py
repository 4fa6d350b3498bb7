"""The results: a table on the terminal, JSON under ``bench/results/``, and the targets."""

from __future__ import annotations

import json
import os
import platform
from datetime import UTC, datetime
from importlib.metadata import version
from pathlib import Path
from typing import Any

PAGE_P95_MS = 50.0
PAGE_FLOOR_RATIO = 3.0
ORG_DASHBOARD_P95_MS = 150.0
LOG_MS = 1.0
FLOOR_THROUGHPUT_SHARE = 0.9  # the floor with the log keeps 90 % of its throughput without it
VERIFY_SECONDS_PER_MILLION = 10.0
SETUP_SECONDS = 600.0


def machine() -> dict[str, Any]:
    cpu = "unknown"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
        memory_kb = next(
            int(line.split()[1])
            for line in Path("/proc/meminfo").read_text().splitlines()
            if line.startswith("MemTotal")
        )
    except (OSError, StopIteration):
        memory_kb = 0
    return {
        "cpu": cpu,
        "cores": os.cpu_count(),
        "memory_gb": round(memory_kb / 1024 / 1024, 1),
        "system": f"{platform.system()} {platform.release()}",
        "python": platform.python_version(),
        # Other work on the machine while the bench ran (the cores are shared).
        "load_average_1_5_15": [round(x, 2) for x in os.getloadavg()],
        "flask": version("flask"),
        "sqlalchemy": version("sqlalchemy"),
    }


def targets(result: dict[str, Any]) -> list[dict[str, Any]]:
    """Each aim of the issue, met or missed, with the figure."""
    checks: list[dict[str, Any]] = []

    def check(name: str, met: bool, figure: str) -> None:
        checks.append({"target": name, "met": met, "figure": figure})

    pages = result["measure"]["pages"]
    for page in pages:
        if page.get("error"):
            check(f"{page['label']}: answers 200", False, page["error"])
            continue
        limit = ORG_DASHBOARD_P95_MS if page["key"] == "org_dashboard" else PAGE_P95_MS
        check(f"{page['label']}: p95 under {limit:.0f} ms", page["p95_ms"] < limit,
              f"{page['p95_ms']} ms")  # fmt: skip
        if page["key"] != "org_dashboard":
            check(f"{page['label']}: within {PAGE_FLOOR_RATIO:.0f}× the floor (p95)",
                  (page["ratio_p95"] or 0) <= PAGE_FLOOR_RATIO, f"{page['ratio_p95']}×")  # fmt: skip
    for key, rows in result["measure"]["growth"].items():
        # Constant: the largest map needs no more statements than the smallest one. (A list
        # that may be empty or not, such as people taken off the map, adds one query when it
        # is not empty: that depends on the data, not on its size.)
        grows = rows[-1]["statements_max"] > rows[0]["statements_max"] + 1
        check(f"{key}: SQL statements do not grow with the network's size", not grows,
              " / ".join(f"{r['members']}: {r['statements_min']}-{r['statements_max']}" for r in rows))  # fmt: skip
    rows = result["measure"]["dashboard_scale"]
    check("Organisation dashboard: SQL statements constant in the number of young people",
          len({r["statements_max"] for r in rows}) == 1,
          " / ".join(f"{r['youth']}: {r['statements_max']}" for r in rows))  # fmt: skip
    cost = result["measure"]["access_log"]["cost_p50_ms"]
    check(
        f"Access log under {LOG_MS:.0f} ms per request (p50 difference)",
        cost < LOG_MS,
        f"{cost} ms",
    )
    verify = result.get("verify_log") or {}
    if verify.get("entries"):
        check(
            f"Incremental verify-log under {VERIFY_SECONDS_PER_MILLION:.0f} s per million new entries",
            verify["ok"] and verify["per_million_s"] < VERIFY_SECONDS_PER_MILLION,
            f"{verify['per_million_s']} s per million ({verify['entries']:,} in {verify['seconds']} s)",
        )
    floor = (result.get("log") or {}).get("floor_throughput") or {}
    for run in floor.get("runs", []):
        check(
            f"Floor throughput with the log within 10 % of without ({run['workers']} workers)",
            run["ratio"] >= FLOOR_THROUGHPUT_SHARE,
            f"{round(run['ratio'] * 100)} %: {run['with_log_rps']} vs {run['without_log_rps']} req/s",
        )
    setup = result["setup"]["total"]
    check(f"Set-up under {SETUP_SECONDS / 60:.0f} minutes", setup < SETUP_SECONDS, f"{setup:.0f} s")
    load = result.get("load") or {}
    if "errors" in load:
        check("Load run without errors", load["errors"] == 0, str(load["errors"]))
    return checks


def write(result: dict[str, Any], directory: Path) -> Path:
    directory.mkdir(parents=True, exist_ok=True)
    path = directory / f"{result['backend']}.json"
    path.write_text(json.dumps(result, indent=2, ensure_ascii=False, default=str) + "\n")
    return path


def now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


def table(result: dict[str, Any]) -> str:
    m = result["measure"]
    floor = m["floor"]
    lines = [
        "",
        f"== {result['backend']} ({result['server_version']}), {result['scale']['youth']:,} young people, "
        f"{m['floor']['requests']} requests per page, {result['date']}",
        f"{'page':<52} {'p50 ms':>8} {'p95 ms':>8} {'×floor':>7} {'SQL':>5} {'KB':>8}",
        f"{floor['label']:<52} {floor['p50_ms']:>8.2f} {floor['p95_ms']:>8.2f} {'1.00':>7} "
        f"{floor['statements_max']:>5} {floor['bytes_mean'] / 1024:>8.1f}",
    ]
    for p in m["pages"]:
        if p.get("error"):
            lines.append(f"{p['label']:<52} ERROR: {p['error']}")
            continue
        sql = str(p["statements_max"]) if p["statements_min"] == p["statements_max"] else (
            f"{p['statements_min']}-{p['statements_max']}")  # fmt: skip
        lines.append(
            f"{p['label']:<52} {p['p50_ms']:>8.2f} {p['p95_ms']:>8.2f} {p['ratio_p95']:>7.2f} "
            f"{sql:>5} {p['bytes_mean'] / 1024:>8.1f}"
        )
    a = m["access_log"]
    lines += [
        "",
        f"access log per request: {a['cost_p50_ms']:.2f} ms (p50: floor {a['floor_p50_ms']} ms with, "
        f"{a['floor_without_log_p50_ms']} ms without; {a['statements_with']} vs {a['statements_without']} statements)",
    ]
    v = result.get("verify_log") or {}
    if v:
        lines.append(f"flask verify-log: {v['entries']:,} entries in {v['seconds']:.1f} s "
                     f"({v['per_million_s']:.1f} s per million), ok={v['ok']}")  # fmt: skip
    extra = result.get("log") or {}
    if extra.get("history"):
        h = extra["history"]
        lines.append(
            f"sequencer: {h['sequenced']:,} entries in {h['seconds']} s ({h['per_second']:,}/s)"
        )
    for run in (extra.get("floor_throughput") or {}).get("runs", []):
        lines.append(f"floor throughput, {run['workers']} workers: {run['with_log_rps']} req/s with the "
                     f"log, {run['without_log_rps']} without ({round(run['ratio'] * 100)} %)")  # fmt: skip
    for key, figures in ((extra.get("national") or {}).get("modes") or {}).items():
        lines.append(f"national load, {key}: {figures['per_second']}/s, append p50 {figures['p50_ms']} "
                     f"/ p95 {figures['p95_ms']} / p99 {figures['p99_ms']} ms")  # fmt: skip
    for key, rows in m["growth"].items():
        lines.append(f"{key} by members: " + ", ".join(
            f"{r['members']}: p50 {r['p50_ms']} / p95 {r['p95_ms']} ms, {r['statements_max']} SQL" for r in rows))  # fmt: skip
    lines.append("organisation dashboard by young people: " + ", ".join(
        f"{r['youth']:,}: p50 {r['p50_ms']} / p95 {r['p95_ms']} ms, {r['statements_max']} SQL"
        for r in m["dashboard_scale"]))  # fmt: skip
    b = m.get("busiest_file")
    if b:
        lines.append(f"youth's log page for the busiest file ({b['entries']:,} entries): p50 {b['p50_ms']} / "
                     f"p95 {b['p95_ms']} ms, {b['statements_max']} SQL")  # fmt: skip
    lines.append(f"peak RSS of the in-process worker after the run: {m['peak_rss_mb']} MB")
    load = result.get("load") or {}
    if "requests_per_second" in load:
        memory = ", ".join(f"{w.get('VmHWM')} MB" for w in load.get("worker_memory_mb", []))
        lines.append(
            f"load (gunicorn {load['workers']} workers, wrk {load['connections']} connections, "
            f"{load['seconds']} s): {load['requests_per_second']} req/s, p50 {load['p50_ms']} ms, "
            f"p95 {load['p95_ms']} ms, errors {load['errors']}; worker peak RSS {memory}"
            + (
                f"; left out of the mix (failed in-process): {', '.join(load['left_out'])}"
                if load.get("left_out")
                else ""
            )
        )
    elif load:
        lines.append(f"load: {load.get('skipped', 'not run')}")
    s = result["setup"]
    lines.append("set-up: " + ", ".join(f"{k} {v:.1f} s" for k, v in s.items()))
    lines.append("")
    for t in result["targets"]:
        lines.append(f"  [{'met ' if t['met'] else 'MISS'}] {t['target']}: {t['figure']}")
    return "\n".join(lines)


def markdown(results: list[dict[str, Any]]) -> str:
    """The figures of one run per backend side by side, for the README's Performance section."""
    by = {r["backend"]: r for r in results}
    names = list(by)
    header = "| page | " + " | ".join(f"{n} p50 / p95 ms | ×floor | SQL" for n in names) + " | KB |"
    lines = [header, "|" + "---|" * (2 + 3 * len(names))]
    first = by[names[0]]["measure"]
    keys = ["floor"] + [p["key"] for p in first["pages"]]
    for key in keys:
        cells = []
        label = ""
        size = ""
        for n in names:
            m = by[n]["measure"]
            page = m["floor"] if key == "floor" else next(p for p in m["pages"] if p["key"] == key)
            label = page["label"]
            if page.get("error"):
                cells.append(f"error: {page['error']} | | ")
                continue
            sql = (str(page["statements_max"]) if page["statements_min"] == page["statements_max"]
                   else f"{page['statements_min']}–{page['statements_max']}")  # fmt: skip
            ratio = "1" if key == "floor" else f"{page['ratio_p95']}"
            cells.append(f"{page['p50_ms']} / {page['p95_ms']} | {ratio} | {sql}")
            size = f"{page['bytes_mean'] / 1024:.1f}"
        lines.append(f"| {label} | " + " | ".join(cells) + f" | {size} |")
    return "\n".join(lines)
