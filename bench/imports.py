"""Imports that cannot hold a worker: every shape of a 2 MB hostile file, and the slowest file
an import accepts, parsed and checked the way an upload is (``parse_file`` + ``plan_import``).

``python -m bench.imports`` (also run at the end of ``make bench``) prints, per file, its size,
the answer (accepted, or the first reason it was refused) and the median time of a few runs;
results go to ``bench/results/imports.json``. The slowest accepted file is the largest map an
import takes (300 people, 5,000 ties) padded to 2 MB with attributes the import ignores, in
node-link JSON and in GraphML.
"""

from __future__ import annotations

import json
import statistics
import sys
import time
from datetime import date
from pathlib import Path
from typing import Any

RESULTS = Path(__file__).resolve().parent / "results"
MAX_BYTES = 2 * 1024 * 1024
TWO_MB = MAX_BYTES - 64
RUNS = 5


def _fill(head: str, unit: str, tail: str) -> bytes:
    count = (TWO_MB - len(head) - len(tail)) // len(unit)
    return (head + unit * count + tail).encode()


# name -> (file, the code it must be refused with; None: accepted)
HOSTILE: dict[str, tuple[bytes, str | None]] = {
    "deep arrays": (_fill("", "[", ""), "too_deep"),
    "deep objects": (_fill("", '{"a":', ""), "too_deep"),
    "a deep node": (_fill('{"nodes": [', '{"a":', ""), "too_deep"),
    "many small objects": (_fill('{"nodes": [', '{"id": 1},\n', '{"id": 0}]}'), "too_many_members"),
    "many edges": (
        _fill('{"nodes": [], "edges": [', '{"source": 1, "target": 2},\n', "{}]}"),
        "too_many_ties",
    ),
    "many numbers": (_fill('{"nodes": [', "1,", "1]}"), "too_many_members"),
    "one long string": (_fill('{"nodes": [], "graph": {"x": "', "a", '"}}'), "no_members"),
    "one long name": (_fill('{"nodes": [{"id": 1, "label": "', "a", '"}]}'), "member_invalid"),
    "a huge integer": (_fill('{"nodes": [{"id": 1, "ring": ', "9", "}]}"), "number_too_big"),
    "a huge float": (_fill('{"nodes": [{"id": 1, "ring": 0.', "9", "}]}"), "number_too_big"),
    "a huge id": (_fill('{"nodes": [{"id": ', "9", "}]}"), "node_without_id"),
    # Repeated keys: the last one counts, like every JSON reader; the file is accepted.
    "a wide node": (_fill('{"nodes": [{"id": 1, "label": "A"', ', "k": 1', "}]}"), None),
    "a wide graph": (_fill('{"graph": {', '"k": 1, ', '"z": 2}, "nodes": []}'), "no_members"),
    "escaped surrogates": (
        _fill('{"nodes": [{"id": 1, "label": "', "\\ud800", '"}]}'),
        "bad_character",
    ),
    "garbage": (_fill("", "}", ""), "malformed_json"),
    "an unclosed string": (_fill('{"nodes": ["', "a", ""), "malformed_json"),
    "deep XML": (_fill("<graphml>", "<a>", ""), "too_deep"),
    "wide XML": (_fill("<graphml><graph>", "<a/>", "</graph></graphml>"), "too_many_elements"),
    "many XML nodes": (
        _fill("<graphml><graph>", '<node id="n"/>', "</graph></graphml>"),
        "too_many_members",
    ),
}
HOSTILE_NAMES = {name: ("hostile.graphml" if "XML" in name else "hostile.json") for name in HOSTILE}


def slowest_accepted() -> dict[str, bytes]:
    """The largest map an import accepts (300 people, 5,000 ties), padded to just under 2 MB
    with one ignored attribute per person, as node-link JSON and as GraphML."""
    import networkx as nx

    from jimnet.network.importing import MAX_MEMBERS, MAX_TIES
    from jimnet.network.io_graphml import export_graphml

    graph = nx.Graph()
    for i in range(MAX_MEMBERS):
        graph.add_node(f"n{i}", label=f"Persoon {i}", relation="friend", ring=1 + i % 4, note="")
    pairs = [(a, b) for a in range(MAX_MEMBERS) for b in range(a + 1, MAX_MEMBERS)]
    for a, b in pairs[:: len(pairs) // MAX_TIES][:MAX_TIES]:
        graph.add_edge(f"n{a}", f"n{b}", quality="conflict" if (a + b) % 7 == 0 else "positive")
    files = {}
    for kind in ("json", "graphml"):
        for node in graph.nodes:
            graph.nodes[node]["note"] = ""
        bare = len(_encode(graph, kind, export_graphml))
        pad = (MAX_BYTES - 4096 - bare) // MAX_MEMBERS
        for node in graph.nodes:
            graph.nodes[node]["note"] = "x" * pad
        files[kind] = _encode(graph, kind, export_graphml)
    return files


def _encode(graph: Any, kind: str, export_graphml: Any) -> bytes:
    import networkx as nx

    if kind == "json":
        return json.dumps(nx.node_link_data(graph, edges="edges")).encode()
    return bytes(export_graphml(graph))


def check(data: bytes, filename: str) -> list[str]:
    """The codes a file is refused with (empty: accepted), as an upload is checked."""
    from jimnet.network.importing import ImportRefused, parse_file, plan_import

    try:
        plan_import(parse_file(data, filename), date(2026, 6, 1))
    except ImportRefused as refused:
        return [p.code for p in refused.problems]
    return []


def _time(data: bytes, filename: str) -> tuple[float, float, list[str]]:
    """Median wall-clock and CPU seconds (on a shared machine the CPU time says what the
    parse itself costs; the wall clock what a worker waited)."""
    wall, cpu = [], []
    codes: list[str] = []
    for _ in range(RUNS):
        start, start_cpu = time.perf_counter(), time.process_time()
        codes = check(data, filename)
        wall.append(time.perf_counter() - start)
        cpu.append(time.process_time() - start_cpu)
    return statistics.median(wall), statistics.median(cpu), codes


def main(out: Path | None = RESULTS) -> dict[str, Any]:
    rows = []
    cases = [
        (f"hostile: {name}", data, HOSTILE_NAMES[name]) for name, (data, _c) in HOSTILE.items()
    ]
    for kind, data in slowest_accepted().items():
        cases.append((f"slowest accepted ({kind})", data, f"accepted.{kind}"))
    print("\n== imports: 2 MB files, parse + map + check (median of 5; wall clock, CPU)")
    for name, data, filename in cases:
        seconds, cpu, codes = _time(data, filename)
        answer = codes[0] if codes else "accepted"
        rows.append(
            {"file": name, "bytes": len(data), "answer": answer, "seconds": seconds, "cpu": cpu}
        )
        print(f"  {name:34s} {len(data) / 1e6:5.2f} MB  {answer:18s} "
              f"{seconds * 1000:8.1f} ms  {cpu * 1000:8.1f} ms CPU")  # fmt: skip
    result = {
        "runs": RUNS,
        "files": rows,
        "slowest": max(r["seconds"] for r in rows),
        "slowest_cpu": max(r["cpu"] for r in rows),
    }
    if out is not None:
        out.mkdir(parents=True, exist_ok=True)
        (out / "imports.json").write_text(json.dumps(result, indent=2) + "\n")
    return result


if __name__ == "__main__":
    main(None if "--no-save" in sys.argv else RESULTS)
