"""Schemathesis fuzzes every operation of the app's own OpenAPI document: no input, however odd,
may produce a 5xx, and every answer must be one the document declares."""

from __future__ import annotations

import os

import schemathesis
from hypothesis import HealthCheck, given, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import status_code_conformance

from jimnet.accounts.roles import StaffRole
from jimnet.extensions import db

# The operations are walked inside one test (schemathesis' lazy pytest plugin does not support
# the pytest in use); each operation still gets its own hypothesis run.
EXAMPLES = int(os.environ.get("JIMNET_FUZZ_EXAMPLES", "20"))
# CI replays the same examples every run; developers explore new ones (or more, with the env var).
DERANDOMIZE = bool(os.environ.get("CI"))


def test_api_never_fails_with_a_server_error(app, make):
    from jimnet.accounts import services
    from jimnet.accounts.models import User

    pro = make.user(StaffRole.PROFESSIONAL)
    make.youth(professionals=[pro])
    with app.app_context():
        raw, _ = services.create_api_token(db.session(), db.session.get(User, pro.id), "fuzz")
        db.session.commit()
    schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", app)
    headers = {"Authorization": f"Bearer {raw}"}
    operations = [result.ok() for result in schema.get_all_operations()]
    assert operations, "the OpenAPI document lists no operations"
    for operation in operations:

        @given(case=operation.as_strategy())
        @settings(
            max_examples=EXAMPLES,
            deadline=None,
            database=None,
            derandomize=DERANDOMIZE,
            suppress_health_check=list(HealthCheck),
        )
        def check(case):
            case.call_and_validate(
                headers=headers, checks=[not_a_server_error, status_code_conformance]
            )

        check()
