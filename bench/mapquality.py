"""The network map's quality at 10, 25, 60 and 100 people: ``python -m bench map``.

Smallest name, overlaps, tie crossings, names cut off, and how far the others move when one
person is added; written to ``bench/results/map.json`` and printed as a Markdown table.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any


def run(out: Path | None = None) -> dict[str, Any]:
    from jimnet import create_app
    from jimnet.network import mapquality

    app = create_app({"TESTING": True, "SQLALCHEMY_DATABASE_URI": "sqlite://"})
    with app.test_request_context():
        figures = [mapquality.measure(size) for size in mapquality.SIZES]
        growth = mapquality.growth_moves(7, 60)
    result = {
        "seed": mapquality.SEED,
        "maps": [f.as_dict() for f in figures],
        "growth_7_to_60_moves": growth,
    }
    print(mapquality.table(figures))
    print(f"Moves of people already on the map while it grew from 7 to 60: {growth}")
    if out is not None:
        out.mkdir(parents=True, exist_ok=True)
        (out / "map.json").write_text(json.dumps(result, indent=2) + "\n")
    return result
