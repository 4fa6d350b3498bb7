"""Started by Python before anything else in a process the tests launch (see tests/clock.py):
the process's clock starts at the suite's chosen instant and ticks from there."""

import os

if os.environ.get("JIMNET_TEST_INSTANT"):
    from datetime import UTC, datetime

    import time_machine

    _text = os.environ["JIMNET_TEST_INSTANT"].strip().replace("Z", "+00:00")
    _instant = datetime.fromisoformat(_text)
    if _instant.tzinfo is None:
        _instant = _instant.replace(tzinfo=UTC)
    time_machine.travel(_instant, tick=True).start()
