"""Sessions live on the server: in the database by default, in Redis when configured.

A visitor who is not logged in gets no server-side session at all: what an anonymous page needs
(the CSRF secret of its forms, the chosen language, a flashed message) travels in a small signed
cookie (``jimnet_anon``) instead, so that a crawler or an attacker's stream of GETs writes no rows.
The moment the session holds anything else (a login, the half-way state between password and
second factor), it moves to the server under a fresh id and the anonymous cookie is dropped.

Flask-Session provides the cookie handling, id rotation (``regenerate``) and serialisation. Its own
SQLAlchemy backend creates its table outside the migrations and commits the request's
transaction from inside it, so the database store here is a small backend of our own on the same
base class, with its table in the Alembic history.
"""

from __future__ import annotations

import hashlib
import logging
from datetime import datetime, timedelta
from typing import Any

from flask import Flask, Request
from flask.json.tag import TaggedJSONSerializer
from flask_session.base import ServerSideSession, ServerSideSessionInterface
from itsdangerous import BadSignature, URLSafeTimedSerializer, want_bytes
from sqlalchemy import LargeBinary, String, delete
from sqlalchemy.orm import Mapped, mapped_column
from werkzeug.wrappers import Response

from jimnet.db import utcnow
from jimnet.extensions import db


class WebSession(db.Model):  # type: ignore[name-defined,misc]
    __tablename__ = "web_session"

    store_id: Mapped[str] = mapped_column(String(255), primary_key=True)
    data: Mapped[bytes] = mapped_column(LargeBinary)
    expiry: Mapped[datetime] = mapped_column(index=True)


logger = logging.getLogger(__name__)

ANONYMOUS_COOKIE = "jimnet_anon"
# What an anonymous page may keep; anything else makes the session a server-side one.
ANONYMOUS_KEYS = frozenset({"_permanent", "csrf_token", "lang", "_flashes"})


class AnonymousInCookie(ServerSideSessionInterface):  # type: ignore[misc]  # untyped base
    """Keeps a session that holds only ``ANONYMOUS_KEYS`` in a signed cookie, not in the store."""

    def _anonymous_serializer(self, app: Flask) -> URLSafeTimedSerializer:
        keys = [*app.config.get("SECRET_KEY_FALLBACKS", []), app.secret_key]
        return URLSafeTimedSerializer(
            keys,  # the last one signs; the older ones still verify during a rotation
            salt="jimnet-anonymous-session",
            serializer=TaggedJSONSerializer(),
            signer_kwargs={"key_derivation": "hmac", "digest_method": hashlib.sha256},
        )

    # Errors of the store that mean "unreachable" (Redis down): the visitor is then treated as
    # logged out, instead of every page failing. Their stored session is left alone.
    store_errors: tuple[type[Exception], ...] = ()

    def open_session(self, app: Flask, request: Request) -> ServerSideSession:
        try:
            session = super().open_session(app, request)
        except self.store_errors:
            logger.exception("the session store cannot be reached: treated as logged out")
            session = self.session_class(sid=self._generate_sid(self.sid_length), permanent=True)
            session.store_unavailable = True
        if session or not request.cookies.get(ANONYMOUS_COOKIE):
            return session
        try:
            data = self._anonymous_serializer(app).loads(
                request.cookies[ANONYMOUS_COOKIE],
                max_age=int(app.permanent_session_lifetime.total_seconds()),
            )
        except BadSignature:
            return session
        if isinstance(data, dict):
            session.update({k: v for k, v in data.items() if k in ANONYMOUS_KEYS})
            session.modified = False
        return session

    def save_session(self, app: Flask, session: ServerSideSession, response: Response) -> None:
        from flask import request

        unavailable = getattr(session, "store_unavailable", False)
        if set(session.keys()) - ANONYMOUS_KEYS:
            if unavailable:
                logger.error("the session store cannot be reached: this session is not saved")
                return
            try:
                super().save_session(app, session, response)
            except self.store_errors:
                logger.exception("the session store cannot be reached: this session is not saved")
                return
            if request.cookies.get(ANONYMOUS_COOKIE):
                self._drop(app, response, ANONYMOUS_COOKIE)
            return
        # Anonymous: nothing in the store. A server session it came from (after a logout, say)
        # is deleted with its cookie, unless the store is down (then it waits for its return).
        if request.cookies.get(self.get_cookie_name(app)) and not unavailable:
            self._delete_session(self._get_store_id(session.sid))
            self._drop(app, response, self.get_cookie_name(app))
        if session.accessed:
            response.vary.add("Cookie")
        if not session:
            if request.cookies.get(ANONYMOUS_COOKIE):
                self._drop(app, response, ANONYMOUS_COOKIE)
            return
        response.set_cookie(
            ANONYMOUS_COOKIE,
            self._anonymous_serializer(app).dumps(dict(session)),
            expires=self.get_expiration_time(app, session),
            httponly=True,
            domain=self.get_cookie_domain(app),
            path=self.get_cookie_path(app),
            secure=self.get_cookie_secure(app),
            samesite=self.get_cookie_samesite(app),
        )
        response.vary.add("Cookie")

    def _drop(self, app: Flask, response: Response, name: str) -> None:
        response.delete_cookie(
            name, domain=self.get_cookie_domain(app), path=self.get_cookie_path(app)
        )


class DatabaseSessionInterface(AnonymousInCookie):
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
        from redis.exceptions import RedisError

        class RedisSessions(AnonymousInCookie, RedisSessionInterface):  # type: ignore[misc]
            store_errors = (RedisError,)

        app.session_interface = RedisSessions(
            app,
            client=Redis.from_url(redis_url, socket_connect_timeout=2, socket_timeout=5),
            key_prefix="jimnet:session:",
        )
    else:
        app.session_interface = DatabaseSessionInterface(app, key_prefix="")
