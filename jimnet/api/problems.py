"""RFC 9457 problem details: every API error answers ``application/problem+json``.

``from_http_exception`` turns what flask-smorest and webargs raise (``abort(422, messages=…)``,
``abort(404, message=…)``) into problem details with JSON pointers; ``problem`` builds one by
hand; ``conflict`` is the 409 of a stale version, with the current state.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import marshmallow as ma
from flask import Response, json, request
from marshmallow import fields
from werkzeug.exceptions import HTTPException
from werkzeug.http import HTTP_STATUS_CODES

PROBLEM_TYPE_BASE = "https://jimnet.test/problems/"
PROBLEM_MEDIA_TYPE = "application/problem+json"


class ProblemItemSchema(ma.Schema):
    """One thing wrong with a request: where (a JSON pointer into the body, or ``?name`` for
    a query parameter) and what."""

    pointer = fields.String(required=True)
    detail = fields.String(required=True)

    class Meta:
        unknown = ma.INCLUDE


class ProblemSchema(ma.Schema):
    """RFC 9457 problem details. A 409 adds ``current``: the resource as it is now."""

    type = fields.String(required=True)
    title = fields.String(required=True)
    status = fields.Integer(required=True)
    detail = fields.String()
    instance = fields.String()
    errors = fields.List(fields.Nested(ProblemItemSchema))

    class Meta:
        unknown = ma.INCLUDE


def problem(
    status: int,
    detail: str | None = None,
    *,
    type_: str | None = None,
    title: str | None = None,
    errors: list[dict[str, Any]] | None = None,
    headers: dict[str, str] | None = None,
    **extensions: Any,
) -> Response:
    body: dict[str, Any] = {
        "type": PROBLEM_TYPE_BASE + type_ if type_ else "about:blank",
        "title": title or HTTP_STATUS_CODES.get(status, "Error"),
        "status": status,
        "instance": request.path,
    }
    if detail:
        body["detail"] = detail
    if errors:
        body["errors"] = errors
    body.update(extensions)
    response = Response(json.dumps(body), status=status, mimetype=PROBLEM_MEDIA_TYPE)
    for key, value in (headers or {}).items():
        response.headers[key] = value
    return response


def conflict(detail: str, current: Any = None, *, current_version: int | None = None) -> Response:
    """409 for a stale version: what changed, and the resource as it is now (``current``), so
    that the client can show it and retry without another read."""
    errors: list[dict[str, Any]] = [{"pointer": "/version", "detail": detail}]
    if current_version is not None:
        errors[0]["current_version"] = current_version
    extra = {"current": current} if current is not None else {}
    return problem(409, detail, type_="conflict", errors=errors, **extra)


def _escape(key: Any) -> str:
    return str(key).replace("~", "~0").replace("/", "~1")


def pointers(messages: Any, prefix: str = "") -> Iterator[dict[str, str]]:
    """marshmallow's nested error messages as a flat list of (JSON pointer, detail)."""
    if isinstance(messages, dict):
        for key, value in messages.items():
            if key == "_schema":
                yield from pointers(value, prefix)
            else:
                yield from pointers(value, f"{prefix}/{_escape(key)}")
    elif isinstance(messages, list | tuple):
        for item in messages:
            if isinstance(item, dict | list | tuple):
                yield from pointers(item, prefix)
            else:
                yield {"pointer": prefix or "/", "detail": str(item)}
    else:
        yield {"pointer": prefix or "/", "detail": str(messages)}


def _query_pointers(messages: Any) -> Iterator[dict[str, str]]:
    for item in pointers(messages):
        name = item["pointer"].lstrip("/").split("/", 1)[0]
        yield {"pointer": f"?{name}" if name else "?", "detail": item["detail"]}


def from_http_exception(
    error: HTTPException, default_detail: str | None, headers: dict[str, str] | None = None
) -> Response:
    """The problem document for an HTTPException raised anywhere under /api/."""
    status = error.code or 500
    data = getattr(error, "data", None) or {}
    headers = {**(headers or {}), **(data.get("headers") or {})}
    messages = data.get("messages")
    if messages is not None:
        schema = data.get("schema")
        if "json" in messages or status == 422:
            if "json" in messages and status == 400:
                return problem(
                    400, "The body is not valid JSON.", type_="malformed-json", headers=headers
                )
            errors = list(pointers(messages.get("json", messages)))
            return problem(
                status,
                "The body does not fit the schema.",
                type_="validation",
                errors=errors,
                headers=headers,
            )
        found = [item for location in messages.values() for item in _query_pointers(location)]
        return problem(
            status,
            "; ".join(f"{e['pointer'][1:]}: {e['detail']}" for e in found),
            type_=getattr(schema, "problem_type", None) or "bad-query",
            errors=found,
            headers=headers,
        )
    detail = data.get("message") or default_detail
    return problem(status, detail, headers=headers)


def wants_problem() -> bool:
    return request.path.startswith("/api/")
