"""Sessions live on the server: in the database by default, in Redis when configured.

Flask-Session provides the cookie handling, id rotation (``regenerate``) and serialisation. Its own
SQLAlchemy backend creates its table outside the migrations and commits the request's
transaction from inside it, so the database store here is a small backend of our own on the same
base class, with its table in the Alembic history.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from flask import Flask
from flask_session.base import ServerSideSession, ServerSideSessionInterface
from itsdangerous import want_bytes
from sqlalchemy import LargeBinary, String, delete
from sqlalchemy.orm import Mapped, mapped_column

from jimnet.db import utcnow
from jimnet.extensions import db


class WebSession(db.Model):  # type: ignore[name-defined,misc]
    __tablename__ = "web_session"

    store_id: Mapped[str] = mapped_column(String(255), primary_key=True)
    data: Mapped[bytes] = mapped_column(LargeBinary)
    expiry: Mapped[datetime] = mapped_column(index=True)


class DatabaseSessionInterface(ServerSideSessionInterface):  # type: ignore[misc]  # untyped base
    ttl = False  # the database has no TTL: `flask session_cleanup` removes expired rows

    def _retrieve_session_data(self, store_id: str) -> dict[str, Any] | None:
        row = db.session.get(WebSession, store_id)
        if row is None:
            return None
        if row.expiry <= utcnow():
            return None
        data: dict[str, Any] = self.serializer.decode(want_bytes(row.data))
        return data

    def _delete_session(self, store_id: str) -> None:
        db.session.execute(delete(WebSession).where(WebSession.store_id == store_id))
        db.session.commit()

    def _upsert_session(
        self, session_lifetime: timedelta, session: ServerSideSession, store_id: str
    ) -> None:
        data = self.serializer.encode(session)
        row = db.session.get(WebSession, store_id)
        expiry = utcnow() + session_lifetime
        if row is None:
            db.session.add(WebSession(store_id=store_id, data=data, expiry=expiry))
        else:
            row.data, row.expiry = data, expiry
        db.session.commit()

    def _delete_expired_sessions(self) -> None:
        db.session.execute(delete(WebSession).where(WebSession.expiry <= utcnow()))
        db.session.commit()


def init_app(app: Flask) -> None:
    redis_url = app.config.get("JIMNET_REDIS_URL")
    if redis_url:
        from flask_session.redis import RedisSessionInterface
        from redis import Redis

        app.session_interface = RedisSessionInterface(
            app, client=Redis.from_url(redis_url), key_prefix="jimnet:session:"
        )
    else:
        app.session_interface = DatabaseSessionInterface(app, key_prefix="")
