"""One commit per request, outside the views; any failure rolls back.

The access log is written here too: with the request's changes when it succeeds, and in a fresh
transaction after the rollback when it fails, so that refusals are never lost. Writing it is a
plain append (no lock is held over the commit); the sequencer builds the tree afterwards, and on
the embedded SQLite default it runs here, after the commit, when it is due.
"""

from __future__ import annotations

import contextlib
import logging

from flask import Flask, Response, g
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm.exc import StaleDataError

from jimnet.access import log as access_log
from jimnet.access import schedule
from jimnet.errors import database_fault_response, server_error_response, stale_response
from jimnet.extensions import db

logger = logging.getLogger(__name__)


def _write_log_alone() -> None:
    pending = access_log.take_pending()
    if not pending:
        return
    try:
        access_log.write(db.session(), pending)
        db.session.commit()
    except SQLAlchemyError:
        db.session.rollback()
        logger.exception("could not write %d access-log entries", len(pending))
        raise


def init_app(app: Flask) -> None:
    @app.after_request
    def finish(response: Response) -> Response:
        # When this hook raises, Flask answers with a 500 and runs the hooks again: commit once.
        if g.get("uow_done"):
            return response
        g.uow_done = True
        if response.status_code >= 400 or g.get("uow_rollback"):
            db.session.rollback()
            if response.status_code in (503, 507):
                # The database is gone or full: the entries cannot be written now either (they
                # are in the error log); the clear answer must not become a 500.
                with contextlib.suppress(SQLAlchemyError):
                    _write_log_alone()
                return response
            _write_log_alone()
            return response
        pending = access_log.take_pending()
        try:
            access_log.write(db.session(), pending)
            db.session.commit()
        except StaleDataError:
            # A change flushed only now found its row saved by someone else in the meantime:
            # nothing of this request is kept, and the answer is the 409 of a stale edit.
            db.session.rollback()
            access_log.restore_pending(pending)
            _write_log_alone()
            return stale_response()
        except SQLAlchemyError as error:
            db.session.rollback()
            logger.exception("commit failed; the request's changes were rolled back")
            fault = database_fault_response(error)
            if fault is not None:
                # A lost connection or a full disk: the clear answer; the entries say what was
                # tried and are written alone by the teardown below, when the database lets us.
                access_log.restore_pending(pending)
                return fault
            # The entries say what was tried; they are written alone by the teardown below
            # (when the log itself failed, that fails too and is in the error log). Nothing
            # of the request is kept, and the answer says so instead of a bare 500.
            access_log.restore_pending(pending)
            return server_error_response()
        return response

    @app.teardown_request
    def rollback_on_error(exc: BaseException | None) -> None:
        if exc is not None or "access_log_pending" in g:
            db.session.rollback()
            if "access_log_pending" in g:
                with contextlib.suppress(SQLAlchemyError):
                    _write_log_alone()

    schedule.init_app(app)
