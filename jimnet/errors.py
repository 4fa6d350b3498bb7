"""Error pages for people and problem details for programs. A 500 is a bug, never a reply."""

from __future__ import annotations

import contextlib
import logging
from typing import NoReturn

from flask import Flask, Response, render_template
from flask_babel import gettext as _
from flask_wtf.csrf import CSRFError
from sqlalchemy.exc import DBAPIError, SQLAlchemyError
from sqlalchemy.orm.exc import StaleDataError
from werkzeug.exceptions import HTTPException, default_exceptions

from jimnet.api.problems import from_http_exception, problem, wants_problem
from jimnet.extensions import db

logger = logging.getLogger(__name__)


def _messages() -> dict[int, str]:
    return {
        400: _("Het verzoek klopt niet. Controleer wat je hebt ingevuld en probeer het opnieuw."),
        401: _("Log eerst in."),
        403: _("Dit mag je niet doen."),
        404: _("Deze pagina bestaat niet, of je mag hem niet zien."),
        405: _("Dit kan op deze pagina niet."),
        409: _("Iemand anders heeft dit intussen veranderd. Laad de pagina opnieuw."),
        413: _("Het bestand is te groot."),
        415: _("Dit soort bestand of gegevens kan hier niet."),
        428: _(
            "Deze pagina is verouderd: hij zegt niet welke versie je zag. "
            "Laad de pagina opnieuw en probeer het nog eens."
        ),
        422: _("De gegevens kloppen niet."),
        429: _("Te veel pogingen. Wacht even en probeer het dan opnieuw."),
        503: _(
            "De database was even niet bereikbaar. Er is niets opgeslagen; "
            "probeer het over een minuut opnieuw."
        ),
        507: _(
            "De opslag van de server is vol. Er is niets opgeslagen. "
            "Meld dit bij de beheerder en probeer het later opnieuw."
        ),
        500: _(
            "Er ging iets mis aan onze kant. Er is niets opgeslagen; probeer het later opnieuw."
        ),
    }


def refuse(status: int, detail: str | None = None) -> NoReturn:
    """Abort with ``status`` and, when given, this message instead of the standard one."""
    error = default_exceptions[status](description=detail)
    error.jimnet_detail = detail is not None  # type: ignore[attr-defined]
    raise error


def render_error(status: int, detail: str | None = None) -> tuple[str, int]:
    message = detail or _messages().get(status, _messages()[400])
    return render_template("errors/error.html", status=status, message=message), status


def stale_response() -> Response:
    """409 for a write that found its row changed by someone else (after a rollback)."""
    if wants_problem():
        return problem(409, _messages()[409], type_="conflict")
    body, status = render_error(409)
    return Response(body, status=status, mimetype="text/html")


def _database_fault(error: BaseException) -> int | None:
    """503 for a lost database connection, 507 for a full disk, None for anything else."""
    if not isinstance(error, DBAPIError):
        return None
    reason = str(error.orig).lower()
    if "database or disk is full" in reason or "no space left on device" in reason:
        return 507
    if error.connection_invalidated or "terminating connection" in reason:
        return 503
    return None


def database_fault_response(error: BaseException) -> Response | None:
    """The clear answer to a database fault (after rolling back), or None when ``error`` is
    another kind of failure. Nothing of the request was kept: the transaction is gone."""
    status = _database_fault(error)
    if status is None:
        return None
    logger.error("database fault (%d): %s", status, error)
    with contextlib.suppress(SQLAlchemyError):
        db.session.rollback()
    headers = {"Retry-After": "60"} if status == 503 else {}
    if wants_problem():
        return problem(status, _messages()[status], type_="database", headers=headers)
    body, code = render_error(status)
    response = Response(body, status=code, mimetype="text/html")
    response.headers.update(headers)
    return response


def server_error_response() -> Response:
    """The 500 of a failure after the view (the commit): nothing was kept, say so."""
    if wants_problem():
        return problem(500, _messages()[500])
    body, status = render_error(500)
    return Response(body, status=status, mimetype="text/html")


def init_app(app: Flask) -> None:
    @app.errorhandler(CSRFError)
    def csrf_error(error: CSRFError) -> Response | tuple[str, int]:
        detail = _(
            "De beveiligingscode van het formulier ontbreekt of is verlopen. Probeer het opnieuw."
        )
        if wants_problem():
            return problem(400, detail, type_="csrf")
        return render_error(400, detail)

    @app.errorhandler(StaleDataError)
    def stale(error: StaleDataError) -> Response | tuple[str, int]:
        # A flush that found its row changed breaks the transaction: roll it back before the
        # page or problem reads anything (the user, the menu) through the same session.
        db.session.rollback()
        return stale_response()

    @app.errorhandler(HTTPException)
    def http_error(error: HTTPException) -> Response | tuple[str, int]:
        status = error.code or 500
        headers = {}
        if status == 429:
            headers["Retry-After"] = "60"
        if status == 405 and error.get_response().headers.get("Allow"):
            headers["Allow"] = error.get_response().headers["Allow"]
        custom = error.description if getattr(error, "jimnet_detail", False) else None
        if wants_problem():
            return from_http_exception(error, custom or _messages().get(status), headers)
        body, code = render_error(status, custom)
        response = Response(body, status=code, mimetype="text/html")
        for key, value in headers.items():
            response.headers[key] = value
        return response

    @app.errorhandler(DBAPIError)
    def database(error: DBAPIError) -> Response | tuple[str, int]:
        return database_fault_response(error) or unexpected(error)

    @app.errorhandler(Exception)
    def unexpected(error: Exception) -> Response | tuple[str, int]:
        if isinstance(error, HTTPException):  # pragma: no cover - handled above
            return http_error(error)
        logger.exception("unexpected error")
        # The session may be in a failed transaction; the error page must still load the user.
        with contextlib.suppress(SQLAlchemyError):
            db.session.rollback()
        if wants_problem():
            return problem(500, _messages()[500])
        return render_error(500)
