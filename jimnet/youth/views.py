"""Young people: list, create, the record page, details, care team and invitations."""

from __future__ import annotations

from flask import Blueprint, abort, current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required
from sqlalchemy import func, or_
from sqlalchemy.orm.exc import StaleDataError
from werkzeug.wrappers import Response

from jimnet import mail
from jimnet.access import Action, load_youth, may, policy, record, visible_youth
from jimnet.access.parents import Part
from jimnet.accounts.forms import ConfirmForm
from jimnet.accounts.roles import CareTeamRole, ParticipantRole, StaffRole
from jimnet.clock import today
from jimnet.csrf import form_view
from jimnet.errors import refuse
from jimnet.extensions import db
from jimnet.forms import choices
from jimnet.organisations.models import Organisation
from jimnet.paging import page_arg
from jimnet.privacy.sharing import sees_personal_details
from jimnet.youth import services, sharing
from jimnet.youth.forms import (
    AddTeamMemberForm,
    InviteParticipantForm,
    ParentShareForm,
    YouthCreateForm,
    YouthEditForm,
)
from jimnet.youth.models import Youth
from jimnet.youth.sections import sections_for

bp = Blueprint("youth", __name__, url_prefix="/jongeren")

PAGE_SIZE = 50


def _error_text(code: str) -> str:
    return {
        "organisation": _("Je kunt alleen jongeren toevoegen voor je eigen organisatie."),
        "future_birth": _("Een geboortedatum kan niet in de toekomst liggen."),
        "unknown_colleague": _("Er is geen actieve collega met dit e-mailadres."),
        "not_qualified": _(
            "Deze collega heeft die rol niet bij een organisatie van jullie samenwerkingsverband."
        ),
        "already_on_team": _("Deze collega staat al in het team."),
        "last_professional": _("Het team heeft minstens één professional nodig."),
        "not_found": _("Dit teamlid bestaat niet."),
    }.get(code, _("Dit kan niet."))


@bp.route("/")
@login_required
def index() -> str:
    query = request.args.get("q", "").strip()[:100]
    stmt = visible_youth(current_user).order_by(Youth.last_name, Youth.first_name)
    if query:
        like = f"%{query.lower()}%"
        stmt = stmt.where(
            or_(func.lower(Youth.first_name).like(like), func.lower(Youth.last_name).like(like))
        )
    page = db.paginate(stmt, page=page_arg(), per_page=PAGE_SIZE, error_out=False)
    record("search" if query else "list", "youth", None, shown=[y.id for y in page.items])
    return render_template(
        "youth/index.html",
        page=page,
        query=query,
        can_create=bool(current_user.organisations_with(StaffRole.PROFESSIONAL, StaffRole.INTAKE)),
    )


def _creatable_organisations() -> list[Organisation]:
    ids = current_user.organisations_with(StaffRole.PROFESSIONAL, StaffRole.INTAKE)
    return [db.session.get(Organisation, i) for i in sorted(ids)]  # type: ignore[misc]


@bp.route("/nieuw", methods=["GET", "POST"])
@form_view
@login_required
def create() -> str | Response:
    organisations = _creatable_organisations()
    if not organisations:
        abort(404)
    form = YouthCreateForm()
    form.organisation_id.choices = choices((o.id, o.name) for o in organisations)
    if form.validate_on_submit():
        parents = [
            services.ParentInput(form.parent1_name.data or "", form.parent1_email.data or None),
            services.ParentInput(form.parent2_name.data or "", form.parent2_email.data or None),
        ]
        try:
            youth = services.create_youth(
                db.session(),
                current_user,
                form.organisation_id.data,
                form.first_name.data or "",
                form.last_name.data or "",
                form.date_of_birth.data,
                form.postcode.data,
                parents,
                today(),
            )
        except services.YouthError as error:
            field = form.date_of_birth if error.code == "future_birth" else form.organisation_id
            field.errors = [*field.errors, _error_text(error.code)]
        else:
            record(
                Action.EDIT,
                "youth",
                youth.id,
                youth_id=youth.id,
                actor_role="professional",
                organisation_id=youth.organisation_id,
            )
            flash(_("%(name)s is toegevoegd.", name=youth.full_name), "success")
            return redirect(url_for("youth.show", youth_id=youth.id))
    return render_template("youth/create.html", form=form)


@bp.route("/<int:youth_id>")
@login_required
def show(youth_id: int) -> str:
    youth = load_youth(youth_id, Action.VIEW)
    # A JIM or mentor sees her name, age and team, not what she cannot choose to share.
    details = sees_personal_details(
        policy.decide(db.session(), current_user, youth, Action.VIEW).relation
    )
    return render_template(
        "youth/show.html",
        youth=youth,
        today=today(),
        show_details=details,
        team=services.care_team(db.session(), youth),
        participants=services.participants(db.session(), youth) if details else [],
        authorities=services.authorities(db.session(), youth) if details else [],
        can_edit=may(youth, Action.EDIT),
        can_manage=may(youth, Action.MANAGE_TEAM),
        can_view_log=may(youth, Action.VIEW_LOG),
        can_share_with_parents=may(youth, Action.SHARE_WITH_PARENTS),
        sections=sections_for(youth),
    )


@bp.route("/<int:youth_id>/bewerken", methods=["GET", "POST"])
@form_view
@login_required
def edit(youth_id: int) -> tuple[str, int] | Response:
    youth = load_youth(youth_id, Action.EDIT)
    form = YouthEditForm(obj=youth if request.method == "GET" else None)
    stale = False
    if form.validate_on_submit():
        if not form.version.data:
            refuse(428)
        if str(youth.version) != form.version.data:
            stale = True
            form.add_error(_stale_message())
        else:
            try:
                services.update_youth(
                    youth,
                    form.first_name.data or "",
                    form.last_name.data or "",
                    form.date_of_birth.data,
                    form.postcode.data,
                    form.reporting_every_weeks.data,
                    today(),
                )
            except services.YouthError as error:
                form.date_of_birth.errors = [*form.date_of_birth.errors, _error_text(error.code)]
            else:
                try:
                    db.session.flush()
                except StaleDataError:
                    # Saved by someone else between the check and this flush (PostgreSQL):
                    # the same stale edit. Roll back, then read the record as it is now.
                    db.session.rollback()
                    stale = True
                    form.add_error(_stale_message())
                else:
                    flash(_("De gegevens zijn opgeslagen."), "success")
                    return redirect(url_for("youth.show", youth_id=youth.id))
    if request.method == "GET" or stale:
        form.version.data = str(youth.version)
    page = render_template("youth/edit.html", youth=youth, form=form, stale=stale)
    return page, 409 if stale else 200


def _stale_message() -> str:
    return _(
        "Iemand anders heeft deze gegevens intussen veranderd. Hieronder staat de nieuwe versie; jouw invoer staat ernaast."
    )


@bp.route("/<int:youth_id>/team", methods=["GET", "POST"])
@form_view
@login_required
def team(youth_id: int) -> str | Response:
    youth = load_youth(youth_id, Action.MANAGE_TEAM)
    form = AddTeamMemberForm(prefix="team")
    invite_form = InviteParticipantForm(prefix="invite")
    if form.validate_on_submit():
        try:
            member = services.add_team_member(
                db.session(),
                youth,
                form.email.data or "",
                CareTeamRole(form.role.data),
                current_user,
            )
        except services.YouthError as error:
            form.email.errors = [*form.email.errors, _error_text(error.code)]
        else:
            record("add_team_member", "care_team_member", member.id, youth_id=youth.id)
            flash(_("%(name)s staat nu in het team.", name=member.user.name), "success")
            return redirect(url_for("youth.team", youth_id=youth.id))
    return render_template(
        "youth/team.html",
        youth=youth,
        team=services.care_team(db.session(), youth),
        participants=services.participants(db.session(), youth),
        authorities=services.authorities(db.session(), youth),
        form=form,
        invite_form=invite_form,
        confirm=ConfirmForm(),
    )


@bp.route("/<int:youth_id>/team/<int:team_member_id>/verwijderen", methods=["POST"])
@login_required
def remove_member(youth_id: int, team_member_id: int) -> Response:
    youth = load_youth(youth_id, Action.MANAGE_TEAM)
    try:
        member = services.remove_team_member(db.session(), youth, team_member_id)
    except services.YouthError as error:
        if error.code == "not_found":
            abort(404)
        flash(_error_text(error.code), "error")
    else:
        record("remove_team_member", "care_team_member", team_member_id, youth_id=youth.id)
        flash(_("%(name)s staat niet meer in het team.", name=member.user.name), "success")
    return redirect(url_for("youth.team", youth_id=youth.id))


@bp.route("/<int:youth_id>/uitnodigen", methods=["POST"])
@form_view
@login_required
def invite(youth_id: int) -> str | Response:
    youth = load_youth(youth_id, Action.MANAGE_TEAM)
    invite_form = InviteParticipantForm(prefix="invite")
    if invite_form.validate_on_submit():
        role = ParticipantRole(invite_form.role.data)
        issued = services.invite_participant(
            db.session(),
            youth,
            role,
            invite_form.email.data or "",
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
        flash(
            _("De uitnodiging is verstuurd naar %(email)s.", email=issued.record.email), "success"
        )
        return redirect(url_for("youth.team", youth_id=youth.id))
    return render_template(
        "youth/team.html",
        youth=youth,
        team=services.care_team(db.session(), youth),
        participants=services.participants(db.session(), youth),
        authorities=services.authorities(db.session(), youth),
        form=AddTeamMemberForm(prefix="team", formdata=None),
        invite_form=invite_form,
        confirm=ConfirmForm(),
    )


@bp.route("/<int:youth_id>/delen-met-ouders", methods=["GET", "POST"])
@form_view
@login_required
def share_with_parents(youth_id: int) -> str | Response:
    """The young person chooses, per parent, what that parent sees (docs/access.md)."""
    youth = load_youth(youth_id, Action.SHARE_WITH_PARENTS)
    day = today()
    stale = False
    posted = ParentShareForm(prefix="share")
    # A post whose form does not hold (an expired CSRF token): nothing stored, said so.
    not_saved = request.method == "POST" and not posted.validate_on_submit()
    if request.method == "POST" and not not_saved:
        try:
            parent_id = int(posted.parent_id.data or "")
            version = int(posted.version.data or "")
        except ValueError:
            abort(400)
        parts = {part for part in Part if getattr(posted, f"share_{part.value}").data}
        try:
            row = sharing.set_parent_share(
                db.session(), youth, parent_id, parts, version, current_user, day
            )
        except services.YouthError as error:
            if error.code == "not_parent":
                abort(404)
            stale = True
        else:
            record(Action.SHARE_WITH_PARENTS, "parent_share", row.id, youth_id=youth.id)
            flash(_("Opgeslagen. Dit ziet je ouder nu."), "success")
            return redirect(url_for("youth.share_with_parents", youth_id=youth.id))
    forms = []
    for choice in sharing.choices(db.session(), youth, day):
        form = ParentShareForm(prefix="share", formdata=None)
        form.parent_id.data = str(choice.user_id)
        form.version.data = str(choice.version)
        for part in Part:
            getattr(form, f"share_{part.value}").data = part in choice.chosen
        forms.append((choice, form))
    return render_template(
        "youth/share_parents.html",
        youth=youth,
        forms=forms,
        stale=stale,
        not_saved=not_saved,
        band=sharing.age_band(youth, day),
        Part=Part,
    )
