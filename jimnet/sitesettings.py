"""Small facts about this installation that live in the database (e.g. demo mode)."""

from __future__ import annotations

from sqlalchemy import String
from sqlalchemy.orm import Mapped, Session, mapped_column

from jimnet.extensions import db

DEMO_MODE = "demo_mode"


class SiteSetting(db.Model):  # type: ignore[name-defined,misc]
    __tablename__ = "site_setting"

    key: Mapped[str] = mapped_column(String(50), primary_key=True)
    value: Mapped[str] = mapped_column(String(500))


def get(session: Session, key: str) -> str | None:
    row = session.get(SiteSetting, key)
    return row.value if row else None


def put(session: Session, key: str, value: str) -> None:
    row = session.get(SiteSetting, key)
    if row is None:
        session.add(SiteSetting(key=key, value=value))
    else:
        row.value = value


def demo_mode(session: Session) -> bool:
    return get(session, DEMO_MODE) == "on"
