"""``ApiBlueprint``: a flask-smorest blueprint with jimnet's guards, in the order they must run.

1. The door: a young person in the URL (``youth_id``) that the caller has no part in is refused
   with the same logged 404 as an unknown id, before anything else, so that a stranger never
   learns from a validation error that the record exists. A domain with its own door (the JIM's
   participants, BIG5's) passes ``door=`` or registers it as a ``before_request``.
2. A JSON body: not JSON → 415; unreadable → 400 ``malformed-json``; any string or key with a
   NUL character → 422 with its pointer (PostgreSQL cannot store NUL; no person types one).
3. The schema (webargs + marshmallow): a body that does not fit → 422 ``validation`` with one
   pointer per error; a query string that does not fit → 400 (``bad-query``, or the query
   schema's ``problem_type``).
"""

from __future__ import annotations

from collections.abc import Callable
from copy import deepcopy
from functools import wraps
from typing import Any

from flask import Response, abort, request
from flask_login import current_user
from flask_smorest import Blueprint
from werkzeug.exceptions import UnsupportedMediaType

from jimnet.access.loaders import require_some_access
from jimnet.api.ext import API_PREFIX
from jimnet.api.problems import problem
from jimnet.input_guard import nul_pointers

Door = Callable[[int], Response | None]

QUERY_LOCATIONS = frozenset({"query", "querystring"})


def _default_door(youth_id: int) -> None:
    require_some_access(youth_id)


def check_json_body() -> None:
    """Step 2 above; aborts with a problem document, or returns when the body may be parsed."""
    if not request.is_json:
        raise UnsupportedMediaType("Send the body as application/json.")
    data = request.get_json(silent=True)
    if data is None:
        abort(problem(400, "The body is not valid JSON.", type_="malformed-json"))
    nul = [
        {"pointer": pointer, "detail": "Text may not contain a NUL character."}
        for pointer in nul_pointers(data)
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
