"""The OpenAPI document, built from the routes themselves so that it cannot drift.

``api_route`` registers a Flask route on the API blueprint and its OpenAPI operation at once;
its request schema (JSON Schema) is also what the body is validated against.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import wraps
from typing import Any

from flask import Blueprint, request
from jsonschema import Draft202012Validator
from werkzeug.exceptions import UnsupportedMediaType

from jimnet.access.loaders import require_some_access
from jimnet.api.problems import problem
from jimnet.input_guard import nul_pointers
from jimnet.paging import MAX_ID


@dataclass
class Operation:
    path: str
    method: str
    summary: str
    tags: list[str]
    parameters: list[dict[str, Any]]
    request_schema: dict[str, Any] | None
    response_schema: dict[str, Any] | None
    responses: dict[str, str]
    extra: dict[str, Any] = field(default_factory=dict)


OPERATIONS: list[Operation] = []
SCHEMAS: dict[str, dict[str, Any]] = {}

_RULE_PARAM = re.compile(r"<(?:(?P<conv>[a-z]+):)?(?P<name>\w+)>")

PROBLEM_SCHEMA = {
    "type": "object",
    "properties": {
        "type": {"type": "string"},
        "title": {"type": "string"},
        "status": {"type": "integer"},
        "detail": {"type": "string"},
        "instance": {"type": "string"},
        "errors": {"type": "array", "items": {"type": "object"}},
    },
    "required": ["type", "title", "status"],
}


def schema(name: str, definition: dict[str, Any]) -> dict[str, str]:
    """Register a named component schema and return a reference to it."""
    SCHEMAS[name] = definition
    return {"$ref": f"#/components/schemas/{name}"}


def _openapi_path(rule: str) -> tuple[str, list[dict[str, Any]]]:
    params = []
    for match in _RULE_PARAM.finditer(rule):
        kind = "integer" if match.group("conv") == "int" else "string"
        bounds = {"minimum": 1, "maximum": MAX_ID} if kind == "integer" else {}
        params.append(
            {
                "name": match.group("name"),
                "in": "path",
                "required": True,
                "schema": {"type": kind, **bounds},
            }
        )
    return _RULE_PARAM.sub(lambda m: "{" + m.group("name") + "}", rule), params


def validation_errors(schema_: dict[str, Any], data: Any) -> list[dict[str, Any]]:
    resolved = _resolve(schema_)
    validator = Draft202012Validator(resolved)
    return [
        {"pointer": "/" + "/".join(str(p) for p in error.absolute_path), "detail": error.message}
        for error in sorted(validator.iter_errors(data), key=lambda e: list(e.absolute_path))
    ]


def _resolve(node: Any) -> Any:
    if isinstance(node, dict):
        if "$ref" in node:
            return _resolve(SCHEMAS[node["$ref"].rsplit("/", 1)[-1]])
        return {k: _resolve(v) for k, v in node.items()}
    if isinstance(node, list):
        return [_resolve(v) for v in node]
    return node


def api_route(
    bp: Blueprint,
    rule: str,
    method: str,
    summary: str,
    *,
    tags: list[str],
    request_schema: dict[str, Any] | None = None,
    response_schema: dict[str, Any] | None = None,
    responses: dict[str, str] | None = None,
    query: list[dict[str, Any]] | None = None,
    content_type: str = "application/json",
) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
    path, params = _openapi_path(bp.url_prefix.rstrip("/") + rule if bp.url_prefix else rule)
    operation = Operation(
        path=path,
        method=method.lower(),
        summary=summary,
        tags=tags,
        parameters=params + (query or []),
        request_schema=request_schema,
        response_schema=response_schema,
        responses=responses or {},
        extra={"content_type": content_type},
    )
    OPERATIONS.append(operation)

    def decorator(view: Callable[..., Any]) -> Callable[..., Any]:
        @wraps(view)
        def wrapper(*args: Any, **kwargs: Any) -> Any:
            if "youth_id" in kwargs:
                require_some_access(kwargs["youth_id"])
            if request_schema is not None:
                if not request.is_json:
                    raise UnsupportedMediaType()
                data = request.get_json(silent=True)
                if data is None:
                    return problem(400, "The body is not valid JSON.", type_="malformed-json")
                errors = validation_errors(request_schema, data) + [
                    {"pointer": pointer, "detail": "Text may not contain a NUL character."}
                    for pointer in nul_pointers(data)
                ]
                if errors:
                    return problem(
                        422, "The body does not fit the schema.", type_="validation", errors=errors
                    )
                kwargs["body"] = data
            return view(*args, **kwargs)

        endpoint = f"{method.lower()}_{view.__name__}"
        bp.add_url_rule(rule, endpoint=endpoint, view_func=wrapper, methods=[method.upper()])
        return wrapper

    return decorator


def document(server_url: str = "/") -> dict[str, Any]:
    paths: dict[str, dict[str, Any]] = {}
    for op in OPERATIONS:
        responses: dict[str, Any] = {}
        ok_status = op.responses.get("_ok")
        status = ok_status or (
            "201" if op.method == "post" else "204" if op.method == "delete" else "200"
        )
        if op.method == "delete":
            responses[status] = {"description": "Done"}
        else:
            media = op.extra["content_type"]
            body_schema = op.response_schema or {"type": "object"}
            responses[status] = {
                "description": "OK",
                "content": {
                    media: {"schema": body_schema if media.endswith("json") else {"type": "string"}}
                },
            }
        problem_ref = {
            "application/problem+json": {"schema": {"$ref": "#/components/schemas/Problem"}}
        }
        for code, description in {
            "400": "Malformed request",
            "401": "Not authenticated",
            "404": "Not found, or not yours to see",
            **(
                {
                    "409": "Changed by someone else",
                    "415": "Not JSON",
                    "422": "Does not fit the schema",
                }
                if op.request_schema
                else {}
            ),
            **{k: v for k, v in op.responses.items() if k != "_ok"},
        }.items():
            responses[code] = {"description": description, "content": problem_ref}
        operation: dict[str, Any] = {
            "summary": op.summary,
            "operationId": f"{op.method}_{op.path.strip('/').replace('/', '_').replace('{', '').replace('}', '').replace('.', '_')}",
            "tags": op.tags,
            "parameters": op.parameters,
            "responses": responses,
            "security": [{"bearer": []}, {"cookie": []}],
        }
        if op.request_schema is not None:
            operation["requestBody"] = {
                "required": True,
                "content": {"application/json": {"schema": op.request_schema}},
            }
        paths.setdefault(op.path, {})[op.method] = operation
    return {
        "openapi": "3.1.0",
        "info": {
            "title": "jimnet API",
            "version": "1",
            "description": "Network maps, JIM and BIG5 for Dutch youth care. Errors are RFC 9457 problem details.",
        },
        "servers": [{"url": server_url}],
        "paths": paths,
        "components": {
            "schemas": {"Problem": PROBLEM_SCHEMA, **SCHEMAS},
            "securitySchemes": {
                "bearer": {
                    "type": "http",
                    "scheme": "bearer",
                    "description": "A personal API token from your account page",
                },
                "cookie": {"type": "apiKey", "in": "cookie", "name": "jimnet_session"},
            },
        },
    }
