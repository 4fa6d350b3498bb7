"""Consortia (samenwerkingsverbanden) and their member organisations."""

from __future__ import annotations

from sqlalchemy import ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from jimnet.db import TimestampMixin
from jimnet.extensions import db


class Consortium(TimestampMixin, db.Model):  # type: ignore[name-defined,misc]
    __tablename__ = "consortium"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200), unique=True)
    region: Mapped[str | None] = mapped_column(String(200))

    organisations: Mapped[list[Organisation]] = relationship(
        back_populates="consortium", lazy="raise", order_by="Organisation.name"
    )


class Organisation(TimestampMixin, db.Model):  # type: ignore[name-defined,misc]
    __tablename__ = "organisation"

    id: Mapped[int] = mapped_column(primary_key=True)
    consortium_id: Mapped[int | None] = mapped_column(ForeignKey("consortium.id"), index=True)
    name: Mapped[str] = mapped_column(String(200), unique=True)
    city: Mapped[str | None] = mapped_column(String(100))

    consortium: Mapped[Consortium | None] = relationship(back_populates="organisations")
