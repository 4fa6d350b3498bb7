"""The young person's JSON API: create and change the record, the care team, parents with
authority, and invitations for the young person's or a parent's own account. Thin: every rule
is in ``jimnet.youth.services``, every load goes through ``jimnet.access`` (docs/api.md)."""

from __future__ import annotations

from typing import Any

from flask import Response, abort, current_app, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy.orm.exc import StaleDataError

from jimnet import mail
from jimnet.access import Action, load_youth, record
from jimnet.access.parents import Part
from jimnet.accounts.roles import CareTeamRole, ParticipantRole
from jimnet.api.blueprint import ApiBlueprint
from jimnet.api.common import Delegate, list_schema
from jimnet.api.problems import conflict, problem
from jimnet.clock import today
from jimnet.extensions import db
from jimnet.youth import services, sharing
from jimnet.youth.models import Youth
from jimnet.youth.schemas import (
    CareTeamMemberSchema,
    InvitationSchema,
    ParentSchema,
    ParentSharingSchema,
    YouthPatchSchema,
    YouthSchema,
)
from jimnet.youth.views import _error_text as error_text

bp = ApiBlueprint("youth_api", __name__, description="Young people, their team and parents")
TAGS = ["youth"]
ONE = "/youth/<int:youth_id>"

CareTeamListSchema = list_schema(CareTeamMemberSchema, "YouthCareTeam")
ParentListSchema = list_schema(ParentSchema, "YouthParents")

# Which field a refusal points at, and whether it is a conflict with the state (409).
_POINTERS = {
    "organisation": "/organisation_id",
    "future_birth": "/date_of_birth",
    "unknown_colleague": "/email",
    "not_qualified": "/email",
    "already_on_team": "/email",
    "authority_name": "/name",
}
_CONFLICTS = {"already_on_team", "last_professional"}


def _refused(error: services.YouthError) -> Response:
    detail = error_text(error.code)
    status = 409 if error.code in _CONFLICTS else 422
    pointer = _POINTERS.get(error.code, "/")
    return problem(
        status,
        detail,
        type_=f"youth-{error.code.replace('_', '-')}",
        errors=[{"pointer": pointer, "detail": detail}],
    )


def _detail(youth: Youth) -> Delegate:
    return Delegate(youth, care_team=services.care_team(db.session(), youth))


@bp.route("/youth", methods=["POST"], tags=TAGS)
@bp.arguments(YouthSchema)
@bp.response(201, YouthSchema)
@bp.problems(422)
def create_youth(body: dict[str, Any]) -> Any:
    """Add a young person to one of your organisations (professional or intake)"""
    try:
        youth = services.create_youth(
            db.session(),
            current_user,
            body["organisation_id"],
            body["first_name"],
            body["last_name"],
            body["date_of_birth"],
            body["postcode"],
            [services.ParentInput(p["name"], p["email"]) for p in body.get("parents", [])],
            today(),
        )
    except services.YouthError as error:
        return _refused(error)
    record(
        Action.EDIT,
        "youth",
        youth.id,
        youth_id=youth.id,
        actor_role="professional",
        organisation_id=youth.organisation_id,
    )
    return _detail(youth)


@bp.route(ONE, methods=["PATCH"], tags=TAGS)
@bp.requires(Action.EDIT)
@bp.arguments(YouthPatchSchema)
@bp.response(200, YouthSchema)
@bp.problems(409)
def update_youth(body: dict[str, Any], youth_id: int) -> Any:
    """Change the record; send the version you read (409 with the record as it is now)"""
    youth = load_youth(youth_id, Action.EDIT)
    if body["version"] != youth.version:
        return _stale(youth)
    try:
        services.update_youth(
            youth,
            body.get("first_name", youth.first_name),
            body.get("last_name", youth.last_name),
            body.get("date_of_birth", youth.date_of_birth),
            body.get("postcode", youth.postcode),
            body.get("reporting_every_weeks", youth.reporting_every_weeks),
            today(),
        )
    except services.YouthError as error:
        return _refused(error)
    try:
        db.session.flush()
    except StaleDataError:
        # Saved by someone else between the check and this flush (PostgreSQL).
        db.session.rollback()
        return _stale(youth)
    return _detail(youth)


def _stale(youth: Youth) -> Response:
    return conflict(
        _(
            "Iemand anders heeft dit intussen veranderd. Bekijk de nieuwe stand en probeer het opnieuw."
        ),
        YouthSchema().dump(_detail(youth)),
        current_version=youth.version,
    )


# --- the care team --------------------------------------------------------------------------


@bp.route(ONE + "/care-team", tags=TAGS)
@bp.response(200, CareTeamListSchema)
def list_care_team(youth_id: int) -> Any:
    """Who is on the care team (the lead first)"""
    youth = load_youth(youth_id, Action.VIEW)
    return {"items": services.care_team(db.session(), youth)}


@bp.route(ONE + "/care-team", methods=["POST"], tags=TAGS)
@bp.requires(Action.MANAGE_TEAM)
@bp.arguments(CareTeamMemberSchema)
@bp.response(201, CareTeamMemberSchema)
@bp.problems(409, 422)
def add_care_team_member(body: dict[str, Any], youth_id: int) -> Any:
    """Add a colleague to the care team by e-mail address"""
    youth = load_youth(youth_id, Action.MANAGE_TEAM)
    try:
        member = services.add_team_member(
            db.session(), youth, body["email"], CareTeamRole(body["role"]), current_user
        )
    except services.YouthError as error:
        return _refused(error)
    record("add_team_member", "care_team_member", member.id, youth_id=youth.id)
    return member


@bp.route(ONE + "/care-team/<int:team_member_id>", methods=["DELETE"], tags=TAGS)
@bp.requires(Action.MANAGE_TEAM)
@bp.response(204)
@bp.problems(409)
def remove_care_team_member(youth_id: int, team_member_id: int) -> Any:
    """Take a colleague off the care team (the last professional stays: 409)"""
    youth = load_youth(youth_id, Action.MANAGE_TEAM)
    try:
        services.remove_team_member(db.session(), youth, team_member_id)
    except services.YouthError as error:
        if error.code == "not_found":
            abort(404)
        return _refused(error)
    record("remove_team_member", "care_team_member", team_member_id, youth_id=youth.id)
    return Response(status=204)


# --- parents with authority and invitations -------------------------------------------------


@bp.route(ONE + "/parents", tags=TAGS)
@bp.response(200, ParentListSchema)
def list_parents(youth_id: int) -> Any:
    """The people with parental authority (gezag)"""
    youth = load_youth(youth_id, Action.VIEW)
    return {"items": services.authorities(db.session(), youth)}


@bp.route(ONE + "/parents", methods=["POST"], tags=TAGS)
@bp.requires(Action.EDIT)
@bp.arguments(ParentSchema)
@bp.response(201, ParentSchema)
def add_parent(body: dict[str, Any], youth_id: int) -> Any:
    """Record a person with parental authority"""
    youth = load_youth(youth_id, Action.EDIT)
    try:
        authority = services.add_authority(
            db.session(), youth, services.ParentInput(body["name"], body["email"])
        )
    except services.YouthError as error:
        return _refused(error)
    record("add_authority", "parental_authority", authority.id, youth_id=youth.id)
    return authority


@bp.route(ONE + "/invitations", methods=["POST"], tags=TAGS)
@bp.requires(Action.MANAGE_TEAM)
@bp.arguments(InvitationSchema)
@bp.response(201, InvitationSchema)
def invite(body: dict[str, Any], youth_id: int) -> Any:
    """Invite the young person or a parent to an own account (a link by e-mail, 3 days)"""
    youth = load_youth(youth_id, Action.MANAGE_TEAM)
    issued = services.invite_participant(
        db.session(),
        youth,
        ParticipantRole(body["role"]),
        body["email"],
        current_app.config["JIMNET_TOKEN_HOURS"]["invite"],
        current_user,
    )
    link = url_for("accounts.accept_invitation", token=issued.token, _external=True)
    mail.send(
        issued.record.email,
        _("Je eigen account bij jimnet"),
        _(
            "%(name)s nodigt je uit voor een eigen account bij jimnet. Daar zie je je netwerk, je plan en wie je dossier heeft bekeken.\nMaak je account via deze link (3 dagen geldig):\n%(link)s",
            name=current_user.name,
            link=link,
        ),
    )
    record("invite_participant", "invitation", issued.record.id, youth_id=youth.id)
    return issued.record


# --- what the young person shares with a parent -----------------------------------------------

ParentSharingListSchema = list_schema(ParentSharingSchema, "YouthParentSharing")


def _sharing_json(choice: sharing.ParentChoice) -> dict[str, Any]:
    return {
        "user_id": choice.user_id,
        "name": choice.name,
        **{part.value: part in choice.chosen for part in Part},
        "in_effect": sorted(part.value for part in choice.in_effect),
        "decided_on": choice.decided_on,
        "version": choice.version,
    }


@bp.route(ONE + "/parent-sharing", tags=TAGS)
@bp.requires(Action.SHARE_WITH_PARENTS)
@bp.response(200, ParentSharingListSchema)
def list_parent_sharing(youth_id: int) -> Any:
    """What you share with each of your parents (the young person only)"""
    youth = load_youth(youth_id, Action.SHARE_WITH_PARENTS)
    return {"items": [_sharing_json(c) for c in sharing.choices(db.session(), youth, today())]}


@bp.route(ONE + "/parent-sharing/<int:parent_id>", methods=["PUT"], tags=TAGS)
@bp.requires(Action.SHARE_WITH_PARENTS)
@bp.arguments(ParentSharingSchema)
@bp.response(200, ParentSharingSchema)
@bp.problems(404, 409)
def put_parent_sharing(body: dict[str, Any], youth_id: int, parent_id: int) -> Any:
    """Choose what one parent sees; send the version you read (0 the first time)"""
    youth = load_youth(youth_id, Action.SHARE_WITH_PARENTS)
    parts = {part for part in Part if body[part.value]}
    try:
        row = sharing.set_parent_share(
            db.session(), youth, parent_id, parts, body["version"], current_user, today()
        )
    except services.YouthError as error:
        if error.code == "not_parent":
            abort(404)
        current = next(
            c for c in sharing.choices(db.session(), youth, today()) if c.user_id == parent_id
        )
        return conflict(
            _(
                "Iemand anders heeft dit intussen veranderd. Bekijk de nieuwe stand en probeer het opnieuw."
            ),
            ParentSharingSchema().dump(_sharing_json(current)),
            current_version=current.version,
        )
    record(Action.SHARE_WITH_PARENTS, "parent_share", row.id, youth_id=youth.id)
    return next(
        _sharing_json(c)
        for c in sharing.choices(db.session(), youth, today())
        if c.user_id == parent_id
    )
