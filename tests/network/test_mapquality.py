"""The map's figures: the measuring itself, then what the layout must reach (issue 13)."""

from __future__ import annotations

import pytest
from flask import Flask

from jimnet.network import mapquality as mq


def test_sample_maps_are_deterministic_prefixes_of_the_map_of_100() -> None:
    small_members, small_ties = mq.sample_map(25)
    big_members, big_ties = mq.sample_map(60)
    assert small_members == big_members[:25]
    keys = {m.key for m in small_members}
    assert small_ties == [t for t in big_ties if t.a in keys and t.b in keys]
    assert mq.sample_map(25) == (small_members, small_ties)
    assert sum(1 for m in big_members if m.is_jim) == 1


def test_crossings_count_proper_crossings_only() -> None:
    cross = [(0.0, 0.0, 10.0, 10.0), (0.0, 10.0, 10.0, 0.0)]
    assert mq.crossings(cross) == 1
    # Sharing an end is not a crossing; parallel lines do not cross.
    assert mq.crossings([(0.0, 0.0, 10.0, 10.0), (10.0, 10.0, 20.0, 0.0)]) == 0
    assert mq.crossings([(0.0, 0.0, 10.0, 0.0), (0.0, 5.0, 10.0, 5.0)]) == 0


def test_overlaps_see_a_name_running_into_another_circle() -> None:
    a = mq.Drawn(1, 0.0, 0.0, 10.0, "Anne-Sophie", 12.0, 0.0, 25.0)
    b = mq.Drawn(2, 40.0, 20.0, 10.0, "Bo", 12.0, 40.0, 45.0)
    far = mq.Drawn(3, 400.0, 400.0, 10.0, "Bo", 12.0, 400.0, 425.0)
    assert mq.overlaps([a, b]) == 1
    assert mq.overlaps([a, far]) == 0


def test_measure_reads_the_figures_from_the_svg(app: Flask) -> None:
    with app.test_request_context():
        figures = mq.measure(10)
    assert figures.people == 10
    assert figures.ties == len(mq.sample_map(10)[1])
    assert figures.min_label_px > 0
    assert "| 10 |" in mq.table([figures])


# Tie crossings of the 60-person map on the layout before issue 13 (commit 8cf27c8, seed 13;
# bench/results/map-before.json): the new layout must stay below it.
OLD_CROSSINGS_AT_60 = 4334


@pytest.mark.parametrize("size", mq.SIZES)
def test_the_map_reaches_its_figures(app: Flask, size: int) -> None:
    with app.test_request_context():
        figures = mq.measure(size)
    assert figures.min_label_px >= 11
    assert figures.overlaps == 0
    # Growing by one person: nobody jumps across the whole map (1160 px wide), on average people
    # move little. (A cell that must shrink its names to fit re-spreads: the largest moves.)
    assert figures.moved_max <= 650
    assert figures.moved_sum / (size - 1) <= 70
    if size == 60:
        assert figures.crossings < OLD_CROSSINGS_AT_60
        assert figures.cut_names <= 10
