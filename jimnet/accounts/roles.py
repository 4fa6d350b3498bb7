"""The roles a person can hold. Staff roles are per organisation; the others per young person."""

from __future__ import annotations

import enum


class StaffRole(enum.StrEnum):
    PROFESSIONAL = "professional"
    COACH = "coach"
    INTAKE = "intake"
    ORG_ADMIN = "org_admin"
    # Screens volunteer mentors and approves their matches, for an organisation and the other
    # member organisations of its consortium.
    COORDINATOR = "coordinator"


class ParticipantRole(enum.StrEnum):
    YOUTH = "youth"
    PARENT = "parent"
    JIM = "jim"
    MENTOR = "mentor"  # a volunteer mentor from the pool, while the match is active


class CareTeamRole(enum.StrEnum):
    """What a staff member does on one young person's care team."""

    PROFESSIONAL = "professional"
    COACH = "coach"
