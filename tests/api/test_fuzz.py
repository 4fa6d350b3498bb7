"""Schemathesis fuzzes every operation of the app's own OpenAPI document: no input, however odd,
may produce a 5xx, and every answer must be one the document declares."""

from __future__ import annotations

import os
from collections import Counter

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
    youth = make.youth(professionals=[pro])
    with app.app_context():
        raw, _ = services.create_api_token(db.session(), db.session.get(User, pro.id), "fuzz")
        db.session.commit()
    schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", app)
    headers = {"Authorization": f"Bearer {raw}"}
    operations = [result.ok() for result in schema.get_all_operations()]
    assert operations, "the OpenAPI document lists no operations"
    statuses: Counter[int] = Counter()
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
            # Half the calls name the young person the caller works with, so that they pass the
            # door and reach the body's validation and the services behind it.
            if "youth_id" in (case.path_parameters or {}) and case.path_parameters["youth_id"] % 2:
                case.path_parameters["youth_id"] = youth.id
            response = case.call_and_validate(
                headers=headers, checks=[not_a_server_error, status_code_conformance]
            )
            statuses[response.status_code] += 1

        check()
    summary = ", ".join(f"{code}: {n}" for code, n in sorted(statuses.items()))
    print(
        f"\nschemathesis: {len(operations)} operations, {sum(statuses.values())} calls ({summary})"
    )
    assert not any(code >= 500 for code in statuses)
    assert any(200 <= code < 300 for code in statuses), "no call got past the guards"
