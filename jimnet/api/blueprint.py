"""``ApiBlueprint``: a flask-smorest blueprint with jimnet's guards, in the order they must run.

1. The door: a young person in the URL (``youth_id``) that the caller has no part in is refused
   with the same logged 404 as an unknown id, before anything else, so that a stranger never
   learns from a validation error that the record exists. ``@bp.requires(action)`` makes the
   door ask for the view's own action (a parent who may see the record but not edit it gets
   the same 404 whatever the body). A domain with its own door (the JIM's
   participants, BIG5's) passes ``door=`` or registers it as a ``before_request``.
2. A JSON body: not JSON → 415; nested deeper than 64 or with a number over 40 characters →
   400 ``json-too-complex`` (before parsing, jimnet.jsonlimits); unreadable → 400
   ``malformed-json``; any string or key with a NUL character or a lone surrogate → 422 with its
   pointer (PostgreSQL cannot store them; no person types one).
3. The schema (webargs + marshmallow): a body that does not fit → 422 ``validation`` with one
   pointer per error; a query string that does not fit → 400 (``bad-query``, or the query
   schema's ``problem_type``).
"""

from __future__ import annotations

from collections.abc import Callable
from copy import deepcopy
from functools import wraps
from http import HTTPStatus
from typing import Any

from flask import Response, abort, current_app, request
from flask_login import current_user
from flask_smorest import Blueprint
from werkzeug.exceptions import UnsupportedMediaType

from jimnet import jsonlimits
from jimnet import text as text_rule
from jimnet.access.loaders import require_some_access
from jimnet.access.policy import Action
from jimnet.api.ext import API_PREFIX
from jimnet.api.problems import problem
from jimnet.input_guard import unstorable_pointers

Door = Callable[[int], Response | None]

QUERY_LOCATIONS = frozenset({"query", "querystring"})


DOOR_ACTION = "_jimnet_door_action"


def _default_door(youth_id: int) -> None:
    view = current_app.view_functions.get(request.endpoint or "")
    require_some_access(youth_id, getattr(view, DOOR_ACTION, Action.VIEW))


def check_json_body() -> None:
    """Step 2 above; aborts with a problem document, or returns when the body may be parsed."""
    if not request.is_json:
        raise UnsupportedMediaType("Send the body as application/json.")
    try:
        data = jsonlimits.loads(request.get_data(cache=True))
    except jsonlimits.JsonTooComplex as error:
        abort(problem(400, error.message, type_="json-too-complex"))
    except ValueError:  # not JSON, not UTF-8
        data = None
    if data is None:
        abort(problem(400, "The body is not valid JSON.", type_="malformed-json"))
    nul = [
        {
            "pointer": pointer,
            "detail": "Text may not contain a NUL character."
            if reason == "control"
            else str(text_rule.MESSAGES[reason]),
        }
        for pointer, reason in unstorable_pointers(data)
    ]
    if nul:
        abort(problem(422, "The body does not fit the schema.", type_="validation", errors=nul))


class ApiBlueprint(Blueprint):  # type: ignore[misc]  # flask-smorest ships no type hints
    """Every API blueprint: ``ApiBlueprint("network_api", __name__)`` under /api/v1."""

    def __init__(
        self,
        name: str,
        import_name: str,
        *,
        door: Door | None = _default_door,
        url_prefix: str = API_PREFIX,
        **kwargs: Any,
    ) -> None:
        super().__init__(name, import_name, url_prefix=url_prefix, **kwargs)
        if door is not None:
            guard = door

            @self.before_request
            def _door_first() -> Response | None:
                youth_id = (request.view_args or {}).get("youth_id")
                if youth_id is None or not current_user.is_authenticated:
                    return None
                return guard(youth_id)

    @staticmethod
    def requires(action: str) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
        """The action the door checks for this view (default: seeing the youth at all), so that
        a caller who may see the youth but not change it is refused before the body is read."""

        def decorator(func: Callable[..., Any]) -> Callable[..., Any]:
            setattr(func, DOOR_ACTION, action)
            return func

        return decorator

    def problems(self, *statuses: int) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
        """Document the problem answers a view gives besides the library's own (403, 409…)."""

        def decorator(func: Callable[..., Any]) -> Callable[..., Any]:
            for status in statuses:
                func = self.alt_response(status, response=HTTPStatus(status).name)(func)
            return func

        return decorator

    def arguments(self, schema: Any, *, location: str = "json", **kwargs: Any) -> Any:
        if location in QUERY_LOCATIONS:
            kwargs.setdefault("error_status_code", 400)
        decorator = super().arguments(schema, location=location, **kwargs)
        if location != "json":
            return decorator

        def with_body_checks(func: Callable[..., Any]) -> Callable[..., Any]:
            parsed = decorator(func)

            @wraps(parsed)
            def view(*args: Any, **view_kwargs: Any) -> Any:
                check_json_body()
                return parsed(*args, **view_kwargs)

            view._apidoc = deepcopy(getattr(parsed, "_apidoc", {}))  # type: ignore[attr-defined]
            view._apidoc["arguments"]["responses"].update(  # type: ignore[attr-defined]
                {400: "BAD_REQUEST", 415: "UNSUPPORTED_MEDIA_TYPE"}
            )
            return view

        return with_body_checks
