"""Domain sets are data: versioned JSON files loaded into tables, chosen per consortium.

The files in ``jimnet/big5/data/`` (``big5.json``: werk, inkomen, bestaanszekerheid, school,
support; ``nji_vng.json``: wonen, inkomen, welzijn, school & werk, support) are the built-in sets.
``install_set`` loads one file (also a region's own, through ``flask big5 load-domain-set FILE``)
into ``big5_domain_set`` / ``big5_domain`` / ``big5_level_descriptor``; a file with a higher
``version`` replaces the texts of the stored set, the same or a lower version is left alone.
The migration ``0004_big5`` and the demo load the built-in sets; ``set_for_consortium`` loads
them on first use in a database that has none (a fresh test database).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from jsonschema import Draft202012Validator
from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from jimnet.big5.models import (
    Big5ConsortiumSetting,
    Big5Domain,
    Big5DomainSet,
    Big5LevelDescriptor,
)
from jimnet.db import utcnow
from jimnet.organisations.models import Organisation
from jimnet.youth.models import Youth

DATA_DIR = Path(__file__).resolve().parent / "data"
DEFAULT_SET_KEY = "big5"
LANGUAGES = ("nl", "en")

_TEXT = {
    "type": "object",
    "properties": {
        "nl": {"type": "string", "minLength": 1},
        "en": {"type": "string", "minLength": 1},
    },
    "required": ["nl", "en"],
}
SET_SCHEMA: dict[str, Any] = {
    "type": "object",
    "properties": {
        "key": {"type": "string", "pattern": "^[a-z][a-z0-9_]{1,49}$"},
        "version": {"type": "integer", "minimum": 1},
        "name": _TEXT,
        "description": _TEXT,
        "domains": {
            "type": "array",
            "minItems": 1,
            "maxItems": 8,
            "items": {
                "type": "object",
                "properties": {
                    "key": {"type": "string", "pattern": "^[a-z][a-z0-9_]{1,39}$"},
                    "name": _TEXT,
                    "description": _TEXT,
                    "sub_items": {"type": "array", "items": _TEXT},
                    "network_domains": {"type": "array", "items": {"type": "string"}},
                    "evidence": {"enum": ["network"]},
                    "levels": {
                        "type": "object",
                        "properties": {str(n): _TEXT for n in range(1, 6)},
                        "required": [str(n) for n in range(1, 6)],
                        "additionalProperties": False,
                    },
                },
                "required": ["key", "name", "description", "levels"],
            },
        },
    },
    "required": ["key", "version", "name", "description", "domains"],
}


class DomainSetError(ValueError):
    """A domain-set file does not fit the format."""


def validate(data: Any) -> list[str]:
    errors = [
        f"/{'/'.join(str(p) for p in e.absolute_path)}: {e.message}"
        for e in Draft202012Validator(SET_SCHEMA).iter_errors(data)
    ]
    if not errors:
        keys = [d["key"] for d in data["domains"]]
        if len(keys) != len(set(keys)):
            errors.append("/domains: domain keys must be unique")
    return errors


def read_file(path: Path) -> dict[str, Any]:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, json.JSONDecodeError) as error:
        raise DomainSetError(f"{path.name}: {error}") from error
    errors = validate(data)
    if errors:
        raise DomainSetError(f"{path.name}: " + "; ".join(errors))
    result: dict[str, Any] = data
    return result


def builtin_files() -> list[Path]:
    return sorted(DATA_DIR.glob("*.json"))


def _fill(domain_set: Big5DomainSet, data: dict[str, Any]) -> None:
    domain_set.version = data["version"]
    domain_set.name_nl, domain_set.name_en = data["name"]["nl"], data["name"]["en"]
    domain_set.description_nl = data["description"]["nl"]
    domain_set.description_en = data["description"]["en"]


def install_set(session: Session, data: dict[str, Any], *, builtin: bool = False) -> Big5DomainSet:
    """Insert a set, or replace its texts when ``data`` has a higher version. Flushes."""
    errors = validate(data)
    if errors:
        raise DomainSetError("; ".join(errors))
    existing = session.scalars(
        select(Big5DomainSet)
        .where(Big5DomainSet.key == data["key"])
        .options(selectinload(Big5DomainSet.domains).selectinload(Big5Domain.levels))
    ).first()
    if existing is not None and existing.version >= data["version"]:
        return existing
    domain_set = existing or Big5DomainSet(key=data["key"], builtin=builtin)
    _fill(domain_set, data)
    if existing is None:
        domain_set.domains = []
        session.add(domain_set)
    by_key = {d.key: d for d in domain_set.domains}
    wanted = [d["key"] for d in data["domains"]]
    # A domain that left the set is removed from it; scores keep their domain key and history.
    for key, domain in by_key.items():
        if key not in wanted:
            domain_set.domains.remove(domain)
    for position, item in enumerate(data["domains"]):
        found = by_key.get(item["key"])
        if found is None:
            domain = Big5Domain(key=item["key"], levels=[])
            domain_set.domains.append(domain)
        else:
            domain = found
        domain.position = position
        domain.name_nl, domain.name_en = item["name"]["nl"], item["name"]["en"]
        domain.description_nl = item["description"]["nl"]
        domain.description_en = item["description"]["en"]
        domain.sub_items = [dict(s) for s in item.get("sub_items", [])]
        domain.network_domains = list(item.get("network_domains", []))
        domain.evidence = item.get("evidence")
        levels = {lv.level: lv for lv in domain.levels}
        for level_text, texts in item["levels"].items():
            level = int(level_text)
            row = levels.get(level)
            if row is None:
                domain.levels.append(
                    Big5LevelDescriptor(level=level, text_nl=texts["nl"], text_en=texts["en"])
                )
            else:
                row.text_nl, row.text_en = texts["nl"], texts["en"]
    session.flush()
    return domain_set


def ensure_builtin_sets(session: Session) -> None:
    """Load the built-in sets that are missing or older than their file (one query when current)."""
    stored = dict(session.execute(select(Big5DomainSet.key, Big5DomainSet.version)).all())
    for path in builtin_files():
        data = read_file(path)
        if stored.get(data["key"], 0) < data["version"]:
            install_set(session, data, builtin=True)


# --- Reading sets for display and validation -----------------------------------------------


@dataclass(frozen=True)
class DomainView:
    key: str
    position: int
    name: str
    description: str
    sub_items: tuple[str, ...]
    levels: dict[int, str]  # level -> descriptor in the chosen language
    network_domains: tuple[str, ...]
    evidence: str | None

    @property
    def uses_network(self) -> bool:
        return self.evidence == "network"


@dataclass(frozen=True)
class DomainSetView:
    id: int
    key: str
    version: int
    name: str
    description: str
    domains: tuple[DomainView, ...]

    @property
    def keys(self) -> list[str]:
        return [d.key for d in self.domains]

    def get(self, key: str) -> DomainView | None:
        return next((d for d in self.domains if d.key == key), None)

    def name_of(self, key: str) -> str:
        domain = self.get(key)
        return domain.name if domain else key


def _lang(locale: str | None) -> str:
    return "en" if (locale or "nl").startswith("en") else "nl"


def view(domain_set: Big5DomainSet, locale: str | None = "nl") -> DomainSetView:
    """A read-only, language-resolved copy (needs ``domains`` and their ``levels`` loaded)."""
    lang = _lang(locale)
    return DomainSetView(
        id=domain_set.id,
        key=domain_set.key,
        version=domain_set.version,
        name=getattr(domain_set, f"name_{lang}"),
        description=getattr(domain_set, f"description_{lang}"),
        domains=tuple(
            DomainView(
                key=d.key,
                position=d.position,
                name=getattr(d, f"name_{lang}"),
                description=getattr(d, f"description_{lang}"),
                sub_items=tuple(s.get(lang) or s.get("nl", "") for s in d.sub_items or []),
                levels={lv.level: getattr(lv, f"text_{lang}") for lv in d.levels},
                network_domains=tuple(d.network_domains or []),
                evidence=d.evidence,
            )
            for d in domain_set.domains
        ),
    )


def _loaded() -> Any:
    return selectinload(Big5DomainSet.domains).selectinload(Big5Domain.levels)


def all_sets(session: Session) -> list[Big5DomainSet]:
    sets = list(
        session.scalars(select(Big5DomainSet).options(_loaded()).order_by(Big5DomainSet.id))
    )
    if not any(s.key == DEFAULT_SET_KEY for s in sets):
        ensure_builtin_sets(session)
        sets = list(
            session.scalars(select(Big5DomainSet).options(_loaded()).order_by(Big5DomainSet.id))
        )
    return sets


def default_set(session: Session) -> Big5DomainSet:
    found = session.scalars(
        select(Big5DomainSet).where(Big5DomainSet.key == DEFAULT_SET_KEY).options(_loaded())
    ).first()
    if found is None:
        ensure_builtin_sets(session)
        found = session.scalars(
            select(Big5DomainSet).where(Big5DomainSet.key == DEFAULT_SET_KEY).options(_loaded())
        ).one()
    return found


def set_for_consortium(session: Session, consortium_id: int | None) -> Big5DomainSet:
    """The consortium's chosen set, or the default set."""
    if consortium_id is not None:
        chosen = session.scalars(
            select(Big5DomainSet)
            .join(Big5ConsortiumSetting, Big5ConsortiumSetting.domain_set_id == Big5DomainSet.id)
            .where(Big5ConsortiumSetting.consortium_id == consortium_id)
            .options(_loaded())
        ).first()
        if chosen is not None:
            return chosen
    return default_set(session)


def set_for_youth(session: Session, youth: Youth) -> Big5DomainSet:
    return set_for_consortium(session, youth.organisation.consortium_id)


def sets_for_youth_ids(session: Session, youth_ids: list[int]) -> dict[int, Big5DomainSet]:
    """The set of each young person, in a fixed number of queries."""
    if not youth_ids:
        return {}
    rows = session.execute(
        select(Youth.id, Big5ConsortiumSetting.domain_set_id)
        .join(Organisation, Organisation.id == Youth.organisation_id)
        .outerjoin(
            Big5ConsortiumSetting, Big5ConsortiumSetting.consortium_id == Organisation.consortium_id
        )
        .where(Youth.id.in_(youth_ids))
    ).all()
    sets = {s.id: s for s in all_sets(session)}
    fallback = next(s for s in sets.values() if s.key == DEFAULT_SET_KEY)
    return {
        youth_id: sets.get(set_id, fallback) if set_id else fallback for youth_id, set_id in rows
    }


def choose_set(
    session: Session, consortium_id: int, domain_set_id: int, chosen_by_id: int | None
) -> Big5ConsortiumSetting:
    """Record a consortium's choice. The caller refreshes readiness of its young people."""
    if session.get(Big5DomainSet, domain_set_id) is None:
        raise DomainSetError("unknown domain set")
    setting = session.get(Big5ConsortiumSetting, consortium_id)
    if setting is None:
        setting = Big5ConsortiumSetting(consortium_id=consortium_id, domain_set_id=domain_set_id)
        session.add(setting)
    setting.domain_set_id = domain_set_id
    setting.chosen_by_id = chosen_by_id
    setting.chosen_at = utcnow()
    session.flush()
    return setting
