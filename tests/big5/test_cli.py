"""``flask big5 load-domain-set`` and ``flask big5 refresh-readiness``."""

from __future__ import annotations

import copy
import json

from sqlalchemy import select

from jimnet.big5 import domains as domain_sets
from jimnet.big5.models import Big5DomainSet
from jimnet.extensions import db


def test_load_a_regions_own_set(app, tmp_path):
    data = copy.deepcopy(domain_sets.read_file(domain_sets.DATA_DIR / "big5.json"))
    data["key"] = "regio_utrecht"
    path = tmp_path / "regio.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    runner = app.test_cli_runner()
    result = runner.invoke(args=["big5", "load-domain-set", str(path)])
    assert result.exit_code == 0, result.output
    assert "'regio_utrecht' is at version 1" in result.output
    with app.app_context():
        assert db.session.scalars(
            select(Big5DomainSet).where(Big5DomainSet.key == "regio_utrecht")
        ).one()
    path.write_text("{}", encoding="utf-8")
    result = runner.invoke(args=["big5", "load-domain-set", str(path)])
    assert result.exit_code != 0
    assert "required property" in result.output


def test_refresh_readiness(app, make, big5):
    youth = make.youth(age=17)
    big5.assessment(youth, 4)
    result = app.test_cli_runner().invoke(args=["big5", "refresh-readiness"])
    assert result.exit_code == 0
    assert "Readiness recomputed" in result.output
