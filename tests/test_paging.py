from __future__ import annotations

import random

import pytest

from jimnet.accounts.roles import StaffRole
from jimnet.paging import MAX_ID


@pytest.mark.parametrize("value", [MAX_ID + 1, MAX_ID * 4, 10**10, 10**30])
def test_ids_beyond_the_key_range_are_not_found(make, client, value):
    client.login(make.user(StaffRole.PROFESSIONAL))
    assert client.get(f"/jongeren/{value}").status_code == 404
    response = client.api("POST", f"/api/v1/youth/{value}/network/members", json={})
    assert response.status_code == 404
    assert response.headers["Content-Type"] == "application/problem+json"


def test_ids_in_range_reach_the_door(make, client):
    client.login(make.user(StaffRole.PROFESSIONAL))
    for value in [MAX_ID, MAX_ID - 1, *random.Random(7).sample(range(1, MAX_ID), 20)]:
        # Unknown ids are refused by the door (logged), not by routing; both answer 404.
        assert client.get(f"/jongeren/{value}").status_code == 404


def test_the_pattern_matches_exactly_the_key_range(app):
    adapter = app.url_map.bind("localhost")
    for value in [0, 1, 9, 10, 999_999_999, 1_000_000_000, 2_000_000_000, MAX_ID]:
        assert adapter.match(f"/jongeren/{value}")[1]["youth_id"] == value
    rng = random.Random(11)
    for value in (rng.randint(MAX_ID + 1, 10**11) for _ in range(200)):
        with pytest.raises(Exception) as error:
            adapter.match(f"/jongeren/{value}")
        assert getattr(error.value, "code", None) == 404
