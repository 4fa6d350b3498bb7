"""JSON schemas and serialisers of the foundation's API resources."""

from __future__ import annotations

from typing import Any

from jimnet.accounts.models import User
from jimnet.api.openapi import schema
from jimnet.youth.models import CareTeamMember, Youth

ME = schema(
    "Me",
    {
        "type": "object",
        "properties": {
            "id": {"type": "integer"},
            "email": {"type": "string"},
            "name": {"type": "string"},
            "locale": {"type": ["string", "null"]},
            "staff_roles": {
                "type": "array",
                "items": {
                    "type": "object",
                    "properties": {
                        "organisation_id": {"type": "integer"},
                        "role": {"type": "string"},
                    },
                },
            },
        },
        "required": ["id", "email", "name", "staff_roles"],
    },
)

YOUTH_SUMMARY = schema(
    "YouthSummary",
    {
        "type": "object",
        "properties": {
            "id": {"type": "integer"},
            "first_name": {"type": "string"},
            "last_name": {"type": "string"},
            "date_of_birth": {"type": "string", "format": "date"},
            "organisation_id": {"type": "integer"},
            "status": {"type": "string"},
        },
        "required": ["id", "first_name", "last_name", "date_of_birth", "organisation_id", "status"],
    },
)

YOUTH_LIST = schema(
    "YouthList",
    {
        "type": "object",
        "properties": {
            "items": {"type": "array", "items": YOUTH_SUMMARY},
            "page": {"type": "integer"},
            "per_page": {"type": "integer"},
            "total": {"type": "integer"},
        },
        "required": ["items", "page", "per_page", "total"],
    },
)

YOUTH_DETAIL = schema(
    "YouthDetail",
    {
        "allOf": [
            YOUTH_SUMMARY,
            {
                "type": "object",
                "properties": {
                    "postcode": {"type": ["string", "null"]},
                    "age": {"type": "integer"},
                    "version": {"type": "integer"},
                    "care_team": {
                        "type": "array",
                        "items": {
                            "type": "object",
                            "properties": {
                                "user_id": {"type": "integer"},
                                "name": {"type": "string"},
                                "role": {"type": "string"},
                                "is_lead": {"type": "boolean"},
                            },
                        },
                    },
                },
            },
        ]
    },
)


def me(user: User) -> dict[str, Any]:
    return {
        "id": user.id,
        "email": user.email,
        "name": user.name,
        "locale": user.locale,
        "staff_roles": [
            {"organisation_id": m.organisation_id, "role": m.role}
            for m in user.memberships
            if m.active
        ],
    }


def youth_summary(youth: Youth) -> dict[str, Any]:
    return {
        "id": youth.id,
        "first_name": youth.first_name,
        "last_name": youth.last_name,
        "date_of_birth": youth.date_of_birth.isoformat(),
        "organisation_id": youth.organisation_id,
        "status": youth.status,
    }


def youth_detail(youth: Youth, team: list[CareTeamMember], age: int) -> dict[str, Any]:
    return {
        **youth_summary(youth),
        "postcode": youth.postcode,
        "age": age,
        "version": youth.version,
        "care_team": [
            {"user_id": m.user_id, "name": m.user.name, "role": m.role, "is_lead": m.is_lead}
            for m in team
        ],
    }
