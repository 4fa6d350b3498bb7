"""Domain sets are data: the built-in files are complete, load idempotently, update by version,
and a consortium's choice decides a young person's set."""

from __future__ import annotations

import copy
import json

import pytest
from sqlalchemy import func, select

from jimnet.big5 import domains as domain_sets
from jimnet.big5.models import Big5Domain, Big5DomainSet, Big5LevelDescriptor
from jimnet.extensions import db


@pytest.mark.parametrize("path", domain_sets.builtin_files(), ids=lambda p: p.name)
def test_builtin_files_are_complete(path):
    data = domain_sets.read_file(path)
    assert len(data["domains"]) == 5
    for domain in data["domains"]:
        assert set(domain["levels"]) == {"1", "2", "3", "4", "5"}
        texts = [domain["levels"][str(n)] for n in range(1, 6)]
        for lang in ("nl", "en"):
            assert len({t[lang] for t in texts}) == 5, "every level has its own descriptor"
            assert all(len(t[lang]) < 160 for t in texts), "descriptors stay short"
    assert sum(1 for d in data["domains"] if d.get("evidence") == "network") == 1


def test_the_default_set_and_the_nji_vng_variant():
    by_key = {
        domain_sets.read_file(p)["key"]: domain_sets.read_file(p)
        for p in domain_sets.builtin_files()
    }
    assert [d["name"]["nl"] for d in by_key["big5"]["domains"]] == [
        "Werk",
        "Inkomen",
        "Bestaanszekerheid",
        "School",
        "Support",
    ]
    assert [d["name"]["nl"] for d in by_key["nji_vng"]["domains"]] == [
        "Wonen",
        "Inkomen",
        "Welzijn",
        "School & werk",
        "Support",
    ]


def test_loading_twice_changes_nothing(app):
    with app.app_context():
        domain_sets.ensure_builtin_sets(db.session)
        counts = [
            db.session.scalar(select(func.count()).select_from(m))
            for m in (Big5DomainSet, Big5Domain, Big5LevelDescriptor)
        ]
        domain_sets.ensure_builtin_sets(db.session)
        assert counts == [
            db.session.scalar(select(func.count()).select_from(m))
            for m in (Big5DomainSet, Big5Domain, Big5LevelDescriptor)
        ]
        assert counts == [2, 10, 50]


def test_a_region_adds_its_own_set_and_updates_it_by_version(app, tmp_path):
    data = copy.deepcopy(domain_sets.read_file(domain_sets.DATA_DIR / "big5.json"))
    data["key"] = "regio_eemland"
    data["name"] = {"nl": "Regio Eemland", "en": "Eemland region"}
    with app.app_context():
        domain_sets.install_set(db.session, data)
        data["domains"][0]["levels"]["5"]["nl"] = "Nieuwe tekst."
        domain_sets.install_set(db.session, data)  # same version: left alone
        stored = domain_sets.view(
            db.session.scalars(
                select(Big5DomainSet)
                .where(Big5DomainSet.key == "regio_eemland")
                .options(domain_sets._loaded())
            ).one()
        )
        assert stored.domains[0].levels[5] != "Nieuwe tekst."
        data["version"] = 2
        data["domains"] = data["domains"][:4]  # a domain leaves the set
        domain_sets.install_set(db.session, data)
        db.session.expire_all()
        stored = domain_sets.view(
            db.session.scalars(
                select(Big5DomainSet)
                .where(Big5DomainSet.key == "regio_eemland")
                .options(domain_sets._loaded())
            ).one()
        )
        assert stored.version == 2
        assert stored.domains[0].levels[5] == "Nieuwe tekst."
        assert stored.keys == ["work", "income", "existence_security", "school"]
        db.session.rollback()


@pytest.mark.parametrize(
    "breakage",
    [
        lambda d: d["domains"][0]["levels"].pop("3"),
        lambda d: d["domains"][1].update(key=d["domains"][0]["key"]),
        lambda d: d["domains"][0]["levels"].update({"6": {"nl": "x", "en": "x"}}),
        lambda d: d.update(key="Not A Key"),
        lambda d: d["domains"][0]["name"].pop("en"),
    ],
)
def test_a_broken_file_is_refused_with_the_reason(tmp_path, breakage):
    data = copy.deepcopy(domain_sets.read_file(domain_sets.DATA_DIR / "big5.json"))
    breakage(data)
    path = tmp_path / "broken.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    with pytest.raises(domain_sets.DomainSetError) as info:
        domain_sets.read_file(path)
    assert "broken.json" in str(info.value)


def test_a_consortium_chooses_its_set(app, make):
    consortium = make.consortium()
    youth = make.youth(make.organisation(consortium=consortium))
    loose = make.youth()  # an organisation outside any consortium
    with app.app_context():
        from jimnet.youth.models import Youth

        row = db.session.get(Youth, youth.id)
        assert domain_sets.set_for_youth(db.session, row).key == "big5"
        nji = db.session.scalars(select(Big5DomainSet).where(Big5DomainSet.key == "nji_vng")).one()
        domain_sets.choose_set(db.session, consortium.id, nji.id, None)
        assert domain_sets.set_for_youth(db.session, row).key == "nji_vng"
        assert domain_sets.set_for_youth(db.session, db.session.get(Youth, loose.id)).key == "big5"
        sets = domain_sets.sets_for_youth_ids(db.session, [youth.id, loose.id])
        assert (sets[youth.id].key, sets[loose.id].key) == ("nji_vng", "big5")
        view = domain_sets.view(sets[youth.id], "en")
        assert view.name_of("housing") == "Housing"
        assert view.get("support").uses_network
        with pytest.raises(domain_sets.DomainSetError):
            domain_sets.choose_set(db.session, consortium.id, 999999, None)
        db.session.rollback()
