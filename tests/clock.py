"""The instant the whole suite runs at.

Every test starts at one chosen instant (``JIMNET_TEST_INSTANT``, ISO 8601; without an offset it
is UTC), so a result never depends on when, or in which time zone, the suite happens to run. The
clock ticks from there (a test that waits still sees time pass), and each test starts again at the
same instant. Processes the tests start (the browser tests' live server, gunicorn) see it too:
``subprocess_env`` puts ``tests/clockhook`` on their path, whose ``sitecustomize`` starts the same
journey before anything else is imported.

The default is an ordinary instant: a Wednesday morning, far from midnight in Amsterdam and from
the daylight-saving switches. CI also runs the suite at the awkward ones (see ``AWKWARD``).
"""

from __future__ import annotations

import os
from datetime import UTC, datetime
from pathlib import Path

ENV = "JIMNET_TEST_INSTANT"
DEFAULT = "2026-06-10T09:30:00+00:00"
HOOK = Path(__file__).resolve().parent / "clockhook"

# The instants at which a date computed in UTC and one computed in Amsterdam differ, or the day
# is not 24 hours long, or does not exist every year; `.ci/run` runs the suite at each.
AWKWARD = {
    "late evening (23:30 UTC is already tomorrow in Amsterdam)": "2026-06-10T23:30:00+00:00",
    "the night summer time starts (02:00 becomes 03:00 in Amsterdam)": "2027-03-28T01:30:00+00:00",
    "the night summer time ends (02:00 to 03:00 happens twice in Amsterdam)": "2026-10-25T01:30:00+00:00",
    "a leap day": "2028-02-29T11:00:00+00:00",
}


def parse(text: str) -> datetime:
    instant = datetime.fromisoformat(text.strip().replace("Z", "+00:00"))
    if instant.tzinfo is None:
        instant = instant.replace(tzinfo=UTC)
    return instant.astimezone(UTC)


def instant() -> datetime:
    """The chosen instant, from the environment or the default."""
    return parse(os.environ.get(ENV) or DEFAULT)


def subprocess_env(env: dict[str, str]) -> dict[str, str]:
    """``env`` for a child process that must live at the suite's instant."""
    paths = [str(HOOK), *filter(None, [env.get("PYTHONPATH")])]
    return {**env, ENV: instant().isoformat(), "PYTHONPATH": os.pathsep.join(paths)}
