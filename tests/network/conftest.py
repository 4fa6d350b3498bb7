"""Factories for network members, support and ties."""

from __future__ import annotations

from typing import Any

import pytest
from flask import Flask

from jimnet.extensions import db
from jimnet.network.models import NetworkMember, Support, Tie
from jimnet.youth.models import Youth


class NetworkFactory:
    def __init__(self, app: Flask) -> None:
        self.app = app

    def member(self, youth: Youth | int, name: str = "Sam", **fields: Any) -> NetworkMember:
        supports = fields.pop("supports", ())
        youth_id = youth if isinstance(youth, int) else youth.id
        values: dict[str, Any] = {
            "relation": "friend",
            "sector": "friends",
            "ring": 2,
            "is_adult": True,
            "quality": "positive",
            **fields,
        }
        with self.app.app_context():
            member = NetworkMember(youth_id=youth_id, display_name=name, **values)
            member.supports = [
                Support(youth_id=youth_id, kind=kind, domain=domain) for kind, domain in supports
            ]
            db.session.add(member)
            db.session.commit()
            member.supports  # noqa: B018 - loaded now, readable after the context ends
        return member

    def tie(self, a: NetworkMember, b: NetworkMember, quality: str = "positive") -> Tie:
        low, high = sorted((a.id, b.id))
        with self.app.app_context():
            tie = Tie(youth_id=a.youth_id, a_id=low, b_id=high, quality=quality)
            db.session.add(tie)
            db.session.commit()
        return tie


@pytest.fixture
def net(app: Flask) -> NetworkFactory:
    return NetworkFactory(app)
