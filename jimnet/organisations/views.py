"""Org admins: the organisation's staff, invitations, roles and deactivation."""

from __future__ import annotations

from flask import Blueprint, abort, current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required
from sqlalchemy import select
from werkzeug.wrappers import Response

from jimnet import mail
from jimnet.access import Outcome, record
from jimnet.accounts.forms import ConfirmForm
from jimnet.accounts.models import Membership, User
from jimnet.accounts.roles import StaffRole
from jimnet.csrf import form_view
from jimnet.extensions import db
from jimnet.forms import choices
from jimnet.organisations import services
from jimnet.organisations.forms import InviteStaffForm, RolesForm, role_choices
from jimnet.organisations.models import Organisation

bp = Blueprint("organisations", __name__, url_prefix="/organisatie")


def _managed(organisation_id: int) -> Organisation:
    if organisation_id not in current_user.organisations_with(StaffRole.ORG_ADMIN):
        record("manage_staff", "organisation", organisation_id, outcome=Outcome.DENIED)
        abort(404)
    organisation = db.session.get(Organisation, organisation_id)
    if organisation is None:
        abort(404)
    return organisation


def _staff_member(organisation: Organisation, user_id: int) -> User:
    in_org = db.session.scalars(
        select(Membership.id).where(
            Membership.organisation_id == organisation.id, Membership.user_id == user_id
        )
    ).first()
    user = db.session.get(User, user_id)
    if in_org is None or user is None:
        record("manage_staff", "user", user_id, outcome=Outcome.DENIED)
        abort(404)
    return user


def _invite_form(organisations: list[Organisation]) -> InviteStaffForm:
    form = InviteStaffForm()
    form.role.choices = role_choices()
    form.organisation_id.choices = choices((o.id, o.name) for o in organisations)
    return form


@bp.route("/")
@login_required
def index() -> str:
    organisations = services.managed_organisations(db.session(), current_user)
    if not organisations:
        abort(404)
    return _render_index(organisations, _invite_form(organisations))


def _render_index(organisations: list[Organisation], form: InviteStaffForm) -> str:
    chosen = request.args.get("org", type=int)
    organisation = next((o for o in organisations if o.id == chosen), organisations[0])
    staff = services.staff_of(db.session(), organisation.id)
    record(
        "list", "staff", organisation.id, organisation_id=organisation.id, actor_role="org_admin"
    )
    return render_template(
        "organisations/index.html",
        organisations=organisations,
        organisation=organisation,
        staff=staff,
        form=form,
    )


@bp.route("/uitnodigen", methods=["POST"])
@form_view
@login_required
def invite() -> str | Response:
    organisations = services.managed_organisations(db.session(), current_user)
    if not organisations:
        abort(404)
    form = _invite_form(organisations)
    if form.validate_on_submit():
        organisation = _managed(form.organisation_id.data)
        role = StaffRole(form.role.data)
        issued = services.invite_staff(
            db.session(),
            current_user,
            organisation.id,
            form.email.data or "",
            role,
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
        flash(
            _("De uitnodiging is verstuurd naar %(email)s.", email=issued.record.email), "success"
        )
        return redirect(url_for("organisations.index", org=organisation.id))
    return _render_index(organisations, form)


@bp.route("/<int:organisation_id>/medewerkers/<int:user_id>", methods=["GET", "POST"])
@form_view
@login_required
def staff_member(organisation_id: int, user_id: int) -> str | Response:
    organisation = _managed(organisation_id)
    user = _staff_member(organisation, user_id)
    form = RolesForm()
    form.roles.choices = role_choices()
    if request.method == "GET":
        form.roles.data = [
            m.role for m in user.memberships if m.organisation_id == organisation.id and m.active
        ]
    if form.validate_on_submit():
        roles = {StaffRole(r) for r in form.roles.data or []}
        if user.id == current_user.id and StaffRole.ORG_ADMIN not in roles:
            form.roles.errors.append(_("Je kunt je eigen beheerdersrol niet weghalen."))
        else:
            services.set_roles(db.session(), user, organisation.id, roles)
            record(
                "set_roles",
                "user",
                user.id,
                organisation_id=organisation.id,
                actor_role="org_admin",
            )
            flash(_("De rollen van %(name)s zijn opgeslagen.", name=user.name), "success")
            return redirect(url_for("organisations.index", org=organisation.id))
    record("view", "user", user.id, organisation_id=organisation.id, actor_role="org_admin")
    return render_template(
        "organisations/staff_member.html",
        organisation=organisation,
        user=user,
        form=form,
        confirm=ConfirmForm(),
    )


@bp.route("/<int:organisation_id>/medewerkers/<int:user_id>/deactiveren", methods=["POST"])
@login_required
def deactivate(organisation_id: int, user_id: int) -> Response:
    organisation = _managed(organisation_id)
    user = _staff_member(organisation, user_id)
    if user.id == current_user.id:
        flash(_("Je kunt je eigen account niet uitzetten."), "error")
    else:
        services.deactivate(db.session(), user, organisation.id)
        record(
            "deactivate", "user", user.id, organisation_id=organisation.id, actor_role="org_admin"
        )
        flash(
            _("%(name)s kan niet meer inloggen voor deze organisatie.", name=user.name), "success"
        )
    return redirect(url_for("organisations.index", org=organisation.id))


@bp.route("/<int:organisation_id>/medewerkers/<int:user_id>/activeren", methods=["POST"])
@login_required
def reactivate(organisation_id: int, user_id: int) -> Response:
    organisation = _managed(organisation_id)
    user = _staff_member(organisation, user_id)
    services.reactivate(db.session(), user)
    record("reactivate", "user", user.id, organisation_id=organisation.id, actor_role="org_admin")
    flash(_("%(name)s kan weer inloggen. Geef de rollen opnieuw.", name=user.name), "success")
    return redirect(
        url_for("organisations.staff_member", organisation_id=organisation.id, user_id=user.id)
    )
