"""The flask-smorest ``Api``: the OpenAPI document is generated from the blueprints' schemas.

Created in ``jimnet.extensions`` and bound in ``create_app``. Errors are not left to
flask-smorest's JSON: ``jimnet.errors`` answers every HTTPException under /api/ with problem
details (``jimnet.api.problems``), and the document says so for every operation.
"""

from __future__ import annotations

import http
from typing import Any

import flask
from flask_smorest import Api
from flask_smorest.utils import prepare_response

from jimnet.api.problems import PROBLEM_MEDIA_TYPE, ProblemSchema
from jimnet.paging import MAX_ID, IdConverter

API_PREFIX = "/api/v1"
DOC_ENDPOINT = "api-docs.openapi_json"

SECURITY_SCHEMES = {
    "bearer": {
        "type": "http",
        "scheme": "bearer",
        "description": "A personal API token from your account page",
    },
    "cookie": {
        "type": "apiKey",
        "in": "cookie",
        "name": "jimnet_session",
        "description": "The browser session; unsafe methods also send X-CSRFToken",
    },
}

DEFAULTS: dict[str, Any] = {
    "API_TITLE": "jimnet API",
    "API_VERSION": "1",
    "OPENAPI_VERSION": "3.1.0",
    "OPENAPI_URL_PREFIX": API_PREFIX,
    "OPENAPI_JSON_PATH": "openapi.json",
    "API_SPEC_OPTIONS": {
        "info": {
            "description": (
                "Network maps, JIM and BIG5 for Dutch youth care. Errors are RFC 9457 problem "
                "details (application/problem+json)."
            )
        },
        "security": [{"bearer": []}, {"cookie": []}],
    },
}


def _id_param(converter: Any) -> dict[str, Any]:
    return {"type": "integer", "minimum": 1, "maximum": MAX_ID}


class JimnetApi(Api):  # type: ignore[misc]  # flask-smorest ships no type hints
    ERROR_SCHEMA = ProblemSchema

    def init_app(self, app: flask.Flask, *, spec_kwargs: dict[str, Any] | None = None) -> None:
        for key, value in DEFAULTS.items():
            app.config.setdefault(key, value)
        if not self._converters:
            self.register_converter(IdConverter, _id_param)
        super().init_app(app, spec_kwargs=spec_kwargs)
        for name, scheme in SECURITY_SCHEMES.items():
            self.spec.components.security_scheme(name, scheme)
        # One Api object serves every app the process makes (tests make several): each app
        # keeps the spec its own blueprints were registered into.
        app.extensions["jimnet_openapi_spec"] = self.spec

    def _register_error_handlers(self) -> None:
        """jimnet.errors answers every error; flask-smorest's own JSON shape is not used."""

    def _register_responses(self) -> None:
        """As flask-smorest's, with the problem media type for every error response."""
        for status in http.HTTPStatus:
            response: dict[str, Any] = {"description": status.phrase}
            if status >= 400:
                response["schema"] = self.ERROR_SCHEMA
            prepare_response(response, self.spec, PROBLEM_MEDIA_TYPE)
            self.spec.components.response(status.name, response, lazy=True)
        default = {"description": "Problem details", "schema": self.ERROR_SCHEMA}
        prepare_response(default, self.spec, PROBLEM_MEDIA_TYPE)
        self.spec.components.response(self.DEFAULT_ERROR_RESPONSE_NAME, default, lazy=True)

    def document(self) -> dict[str, Any]:
        """The OpenAPI document of the current app."""
        doc: dict[str, Any] = flask.current_app.extensions["jimnet_openapi_spec"].to_dict()
        # Until every domain is converted, routes still declared with the old ``api_route``
        # are merged in, so that the one document lists every operation.
        from jimnet.api import openapi as legacy

        if legacy.OPERATIONS:
            old = legacy.document()
            doc["paths"].update(old["paths"])
            schemas = doc.setdefault("components", {}).setdefault("schemas", {})
            for name, schema in old["components"]["schemas"].items():
                schemas.setdefault(name, schema)
        return doc

    def _openapi_json(self) -> flask.Response:
        return flask.current_app.response_class(
            flask.json.dumps(self.document(), indent=2, sort_keys=False),
            mimetype="application/json",
        )
