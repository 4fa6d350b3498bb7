"""The bench harness at tiny scale on SQLite, so that ``make bench`` cannot rot: it builds a
region with every domain's rows, keys the access log and builds its tree, measures every page
(all answering 200), the floor with and without the log, growth and dashboards, and reports."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
import sqlalchemy as sa
from sqlalchemy.orm import Session

from bench import report
from bench.logscale import first_checkpoint, settings_for
from bench.run import run_backend
from bench.scale import Scale
from jimnet.access.models import AccessLogEntry, AccessLogLeaf
from jimnet.access.verify import verify
from tests import clock


@pytest.fixture(scope="module")
def result(tmp_path_factory: pytest.TempPathFactory) -> dict:
    work = tmp_path_factory.mktemp("bench")
    # The bench runs `flask verify-log` as a subprocess: at the suite's instant too, or at another
    # instant than the log it checks (tests/clock.py).
    with pytest.MonkeyPatch.context() as patch:
        for name in (clock.ENV, "PYTHONPATH"):
            patch.setenv(name, clock.subprocess_env(dict(os.environ))[name])
        return _run(work)


def _run(work):
    return run_backend(
        "sqlite",
        Scale.tiny(),
        work,
        out=work / "results",
        load_run=False,
        in_process=True,
        echo=False,
    ) | {"work": str(work)}


def test_the_region_has_every_domain(result: dict) -> None:
    rows = result["scale"]["rows"]
    assert rows["youth"] == Scale.tiny().youth
    for table in ("network_member", "network_tie", "network_support", "big5_assessment",
                  "big5_score", "big5_action", "big5_readiness", "jim_nomination", "jim_event",
                  "care_team_member", "access_log", "youth_pseudonym"):  # fmt: skip
        assert rows.get(table, 0) > 0, table
    assert rows["access_log"] == Scale.tiny().log_entries


def test_the_built_log_is_sequenced_and_verifies_incrementally(result: dict) -> None:
    entries = Scale.tiny().log_entries
    history = result["log"]["history"]
    # The rest of the year still waits for the sequencer then: a warning, not a break.
    assert history["first_verify"]["exit"] == 2, history["first_verify"]["output"]
    assert "the sequencer is behind" in history["first_verify"]["output"]
    assert history["sequenced"] == entries - first_checkpoint(entries)
    checked = result["verify_log"]
    assert checked["ok"], checked["output"]
    # Incremental: only what came after the checkpoint verified first.
    assert checked["entries"] == entries - first_checkpoint(entries)
    assert result["log"]["verify_full"]["ok"]
    assert result["log"]["verify_full"]["entries"] > entries


def test_every_page_is_measured(result: dict) -> None:
    measured = result["measure"]
    keys = {p["key"] for p in measured["pages"]}
    assert {"network_map", "network_svg", "network_analysis", "network_graphml", "big5_page",
            "coach_dashboard", "org_dashboard", "jim_pipeline", "log_search", "youth_log",
            "youth_list", "youth_page"} <= keys  # fmt: skip
    for page in measured["pages"]:
        # A page that fails is reported as an error, never timed; none may fail.
        assert page["error"] is None, page
        if page["error"] is None:
            assert page["requests"] == Scale.tiny().requests
            assert page["statements_min"] > 0 and page["bytes_mean"] > 0
            assert page["p95_ms"] >= page["p50_ms"] > 0
            assert page["ratio_p95"] == round(page["p95_ms"] / measured["floor"]["p95_ms"], 2)


def test_the_log_cost_is_measured_with_and_without_the_write(result: dict) -> None:
    access = result["measure"]["access_log"]
    # Writing one entry: the pseudonym link (insert or nothing) and the row; nothing locked.
    assert access["statements_with"] - access["statements_without"] == 2


def test_growth_and_dashboard_sizes(result: dict) -> None:
    measured = result["measure"]
    assert [r["members"] for r in measured["growth"]["network_map"]] == list(
        Scale.tiny().growth_sizes
    )
    sizes = [r["youth"] for r in measured["dashboard_scale"]]
    assert sizes == sorted(sizes) and sizes[-1] == Scale.tiny().youth
    assert measured["peak_rss_mb"] > 0
    assert measured["plans"]["org_dashboard"], "no query plans captured"


def test_results_are_written_and_printed(result: dict) -> None:
    path = Path(result["work"]) / "results" / "sqlite.json"
    written = json.loads(path.read_text())
    assert written["backend"] == "sqlite"
    assert {t["target"] for t in written["targets"]}
    text = report.table(written)
    assert "Floor" in text and "verify-log" in text


def test_measured_requests_are_logged_sequenced_and_verified(result: dict) -> None:
    url = f"sqlite:///{Path(result['work']) / 'bench.sqlite'}"
    engine = sa.create_engine(url)
    with engine.connect() as conn:
        session = Session(bind=conn)
        total = session.scalar(sa.select(sa.func.count()).select_from(AccessLogEntry))
        assert total > Scale.tiny().log_entries  # the measured requests were logged too
        leaves = session.scalar(sa.select(sa.func.count()).select_from(AccessLogLeaf))
        assert leaves == total
        report = verify(session, settings_for(url), full=True)
        assert report.ok, report.findings
    engine.dispose()
