"""Organisation administration on the API: what the org admin pages do (staff, roles,
invitations, switching accounts off and on). Only an org admin of the organisation in the URL
gets past ``_managed``; every change is in the access log."""

from __future__ import annotations

from typing import Any

from flask import Response, current_app, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from jimnet import mail
from jimnet.access import record
from jimnet.accounts.roles import StaffRole
from jimnet.api.blueprint import ApiBlueprint
from jimnet.api.common import list_schema
from jimnet.api.problems import problem
from jimnet.extensions import db
from jimnet.organisations import services
from jimnet.organisations.schemas import (
    OrganisationSchema,
    StaffInvitationSchema,
    StaffMemberSchema,
)
from jimnet.organisations.views import _managed, _staff_member

# Not a young person's data: the door is the organisation's own (below).
bp = ApiBlueprint(
    "organisations_api", __name__, door=None, description="Organisation administration"
)
TAGS = ["organisations"]
ONE = "/organisations/<int:organisation_id>"
MEMBER = ONE + "/staff/<int:user_id>"

OrganisationListSchema = list_schema(OrganisationSchema, "OrganisationList")
StaffListSchema = list_schema(StaffMemberSchema, "OrganisationStaffList")


@bp.before_request
def _admin_first() -> None:
    """Refuse (logged 404) whoever does not administer the organisation in the URL before a
    body is looked at, as the youth door does."""
    organisation_id = (request.view_args or {}).get("organisation_id")
    if organisation_id is not None and current_user.is_authenticated:
        _managed(organisation_id)


def _row(organisation_id: int, user_id: int) -> services.StaffRow:
    return next(r for r in services.staff_of(db.session(), organisation_id) if r.user.id == user_id)


def _own_account(detail: str) -> Response:
    return problem(409, detail, type_="own-account", errors=[{"pointer": "/", "detail": detail}])


@bp.route("/organisations", tags=TAGS)
@bp.response(200, OrganisationListSchema)
def list_organisations() -> Any:
    """The organisations the caller administers (empty for everyone else)"""
    return {"items": services.managed_organisations(db.session(), current_user)}


@bp.route(ONE + "/staff", tags=TAGS)
@bp.response(200, StaffListSchema)
def list_staff(organisation_id: int) -> Any:
    """The organisation's staff with their roles"""
    organisation = _managed(organisation_id)
    record(
        "list", "staff", organisation.id, organisation_id=organisation.id, actor_role="org_admin"
    )
    return {"items": services.staff_of(db.session(), organisation.id)}


@bp.route(ONE + "/invitations", methods=["POST"], tags=TAGS)
@bp.arguments(StaffInvitationSchema)
@bp.response(201, StaffInvitationSchema)
def invite_staff(body: dict[str, Any], organisation_id: int) -> Any:
    """Invite someone to work for the organisation in one role"""
    organisation = _managed(organisation_id)
    issued = services.invite_staff(
        db.session(),
        current_user,
        organisation.id,
        body["email"],
        StaffRole(body["role"]),
        current_app.config["JIMNET_TOKEN_HOURS"]["invite"],
    )
    link = url_for("accounts.accept_invitation", token=issued.token, _external=True)
    mail.send(
        issued.record.email,
        _("Uitnodiging voor jimnet"),
        _(
            "%(name)s nodigt je uit om in jimnet te werken voor %(org)s.\nMaak je account via deze link (3 dagen geldig, één keer te gebruiken):\n%(link)s",
            name=current_user.name,
            org=organisation.name,
            link=link,
        ),
    )
    record(
        "invite_staff",
        "invitation",
        issued.record.id,
        organisation_id=organisation.id,
        actor_role="org_admin",
    )
    return issued.record


@bp.route(MEMBER, tags=TAGS)
@bp.response(200, StaffMemberSchema)
def get_staff_member(organisation_id: int, user_id: int) -> Any:
    """One staff member with their roles here"""
    organisation = _managed(organisation_id)
    user = _staff_member(organisation, user_id)
    record("view", "user", user.id, organisation_id=organisation.id, actor_role="org_admin")
    return _row(organisation.id, user.id)


@bp.route(MEMBER, methods=["PATCH"], tags=TAGS)
@bp.arguments(StaffMemberSchema)
@bp.response(200, StaffMemberSchema)
@bp.problems(409)
def update_staff_member(body: dict[str, Any], organisation_id: int, user_id: int) -> Any:
    """Set the roles (the whole set), switch the account off (``active: false``: every role
    here ends) or on again; not for your own admin role or account"""
    organisation = _managed(organisation_id)
    user = _staff_member(organisation, user_id)
    own = user.id == current_user.id
    if body.get("active") is True:
        services.reactivate(db.session(), user)
        record(
            "reactivate", "user", user.id, organisation_id=organisation.id, actor_role="org_admin"
        )
    if "roles" in body:
        roles = {StaffRole(r) for r in body["roles"]}
        if own and StaffRole.ORG_ADMIN not in roles:
            return _own_account(_("Je kunt je eigen beheerdersrol niet weghalen."))
        services.set_roles(db.session(), user, organisation.id, roles)
        record(
            "set_roles", "user", user.id, organisation_id=organisation.id, actor_role="org_admin"
        )
    if body.get("active") is False:
        if own:
            return _own_account(_("Je kunt je eigen account niet uitzetten."))
        services.deactivate(db.session(), user, organisation.id)
        record(
            "deactivate", "user", user.id, organisation_id=organisation.id, actor_role="org_admin"
        )
    db.session.flush()
    return _row(organisation.id, user.id)
