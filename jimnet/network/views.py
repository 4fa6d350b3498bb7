"""The network map pages: the map with its analysis, members, quick-add, ties, measurements,
comparison, export and import. Every page goes through the door (``view_network`` /
``edit_network`` / ``snapshot_network`` / ``import_network``)."""

from __future__ import annotations

import base64
import binascii
import dataclasses
from typing import Any, cast

from flask import Blueprint, Flask, flash, redirect, render_template, request, url_for
from flask.blueprints import BlueprintSetupState
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user, login_required
from sqlalchemy import select
from werkzeug.wrappers import Response

from jimnet.access import may, record
from jimnet.access.policy import Relation
from jimnet.clock import today
from jimnet.csrf import form_view
from jimnet.errors import refuse
from jimnet.extensions import db, limiter
from jimnet.forms import choices
from jimnet.network import findings, io_csv, labels, services, snapshots
from jimnet.network.analysis import analyse
from jimnet.network.compare import compare
from jimnet.network.door import (
    IMPORT_LIMIT,
    added_by,
    import_limit_key,
    may_each,
    owned,
    youth_for,
)
from jimnet.network.forms import (
    QUICK_ROWS,
    ImportConfirmForm,
    ImportForm,
    MemberForm,
    QuickAddForm,
    SnapshotForm,
    TieForm,
)
from jimnet.network.graph import alters, load_rows
from jimnet.network.import_preview import preview
from jimnet.network.importing import (
    MAX_BYTES,
    ImportRefused,
    apply_import,
    find_matches,
    parse_file,
    plan_import,
    too_big,
)
from jimnet.network.io_graphml import export_graphml
from jimnet.network.io_json import export_json
from jimnet.network.mapping import Options
from jimnet.network.models import (
    BIG5_DOMAINS,
    NetworkMember,
    NetworkSnapshot,
    SupportDomain,
    SupportKind,
    Tie,
)
from jimnet.network.permissions import EDIT_NETWORK, IMPORT_NETWORK, SNAPSHOT_NETWORK, VIEW_NETWORK
from jimnet.network.services import MemberInput, NetworkError, QuickEntry
from jimnet.network.svg import (
    MapMember,
    MapTie,
    members_from_graph,
    render_map,
    render_timeline,
    standalone,
)
from jimnet.paging import id_arg
from jimnet.youth.models import Youth
from jimnet.youth.sections import Section, add_section

bp = Blueprint("network", __name__, url_prefix="/jongeren")


@bp.record_once
def _register(state: BlueprintSetupState) -> None:
    app = cast(Flask, state.app)
    add_section(app, Section("network.show", _l("Netwerkkaart"), VIEW_NETWORK, order=10))


def _context(youth: Youth, grant_relation: Relation | None) -> dict[str, Any]:
    is_self = grant_relation == Relation.YOUTH
    allowed = may_each(youth, (EDIT_NETWORK, SNAPSHOT_NETWORK, IMPORT_NETWORK))
    return {
        "youth": youth,
        "is_self": is_self,
        "can_edit": allowed[EDIT_NETWORK],
        "can_snapshot": allowed[SNAPSHOT_NETWORK],
        "can_import": allowed[IMPORT_NETWORK],
        "labels": labels,
    }


def _flash_error(error: NetworkError) -> None:
    flash(labels.error_text(error.code, **error.params), "error")


def _field_error(form: Any, error: NetworkError) -> None:
    text = labels.error_text(error.code, **error.params)
    field = getattr(form, error.field, None) if error.field else None
    if field is not None:
        field.errors = [*field.errors, text]
    else:
        form.add_error(text)


def _int(value: str | None) -> int | None:
    try:
        return int(value) if value not in (None, "") else None
    except (TypeError, ValueError):
        return None


# --- the map -------------------------------------------------------------------------------


def with_jim(
    youth_id: int, members: list[MapMember], ties: list[MapTie]
) -> tuple[list[MapMember], list[MapTie]]:
    """Mark the young person's JIM (active or standing by) on the map: one statement."""
    from jimnet.jim.models import IN_POSITION, JimNomination

    jim = db.session.scalar(
        select(JimNomination.member_id)
        .where(JimNomination.youth_id == youth_id, JimNomination.state.in_(IN_POSITION))
        .limit(1)
    )
    if jim is None:
        return members, ties
    return [dataclasses.replace(m, is_jim=True) if m.key == jim else m for m in members], ties


@bp.route("/<int:youth_id>/netwerk")
@login_required
def show(youth_id: int) -> str:
    youth, grant = youth_for(youth_id, VIEW_NETWORK)
    day = today()
    rows = load_rows(db.session(), youth.id)
    graph = snapshots.graph_from_rows(youth, rows, today=day, include_versions=True)
    result = analyse(graph)
    context = _context(youth, grant.relation)
    members, ties = with_jim(youth.id, *members_from_graph(graph))
    latest = db.session.execute(
        select(NetworkSnapshot.id, NetworkSnapshot.label, NetworkSnapshot.taken_on)
        .where(NetworkSnapshot.youth_id == youth.id)
        .order_by(NetworkSnapshot.taken_on.desc(), NetworkSnapshot.id.desc())
        .limit(1)
    ).first()
    removed = db.session.scalars(
        select(NetworkMember)
        .where(NetworkMember.youth_id == youth.id, NetworkMember.removed_at.is_not(None))
        .order_by(NetworkMember.removed_at.desc())
        .limit(50)
    ).all()
    names = {m.id: m.display_name for m in rows.members}
    return render_template(
        "network/map.html",
        **context,
        svg=render_map(youth.first_name, members, ties, editable=context["can_edit"], legend=False),
        members=rows.members,
        ties=rows.ties,
        names=names,
        analysis=result,
        findings=findings.describe(result),
        latest=latest,
        removed=removed,
        big5=BIG5_DOMAINS,
        domains=list(SupportDomain),
        kinds=list(SupportKind),
        today=day,
    )


@bp.route("/<int:youth_id>/netwerk/kaart.svg")
@login_required
def map_svg(youth_id: int) -> Response:
    youth, _grant = youth_for(youth_id, VIEW_NETWORK)
    graph = snapshots.current_graph(db.session(), youth, today=today(), include_versions=True)
    members, ties = with_jim(youth.id, *members_from_graph(graph))
    svg = render_map(youth.first_name, members, ties, editable=may(youth, EDIT_NETWORK))
    return Response(standalone(svg), mimetype="image/svg+xml")


# --- members -------------------------------------------------------------------------------


def _input_from(form: MemberForm) -> MemberInput:
    adult = {"yes": True, "no": False}.get(form.is_adult.data or "")
    pairs = set()
    for value in form.supports.data or []:
        kind, _sep, domain = value.partition(":")
        pairs.add((kind, domain))
    return MemberInput(
        display_name=form.display_name.data or "",
        relation=form.relation.data or "",
        ring=_int(form.ring.data) or 0,
        sector=form.sector.data or None,
        contact_frequency=form.contact_frequency.data or None,
        known_since=form.known_since.data,
        is_adult=adult,
        quality=form.quality.data or "",
        email=form.email.data,
        phone=form.phone.data,
        note=form.note.data,
        youth_supports_member=bool(form.youth_supports_member.data),
        supports=pairs,
    )


@bp.route("/<int:youth_id>/netwerk/nieuw", methods=["GET", "POST"])
@form_view
@login_required
def add(youth_id: int) -> str | Response:
    youth, grant = youth_for(youth_id, EDIT_NETWORK)
    form = MemberForm()
    if request.method == "GET":
        form.ring.data = request.args.get("ring", "2")
    if form.validate_on_submit():
        try:
            member = services.add_member(
                db.session(),
                youth.id,
                _input_from(form),
                added_by_role=added_by(grant),
                added_by_id=current_user.id,
                today=today(),
            )
        except NetworkError as error:
            _field_error(form, error)
        else:
            record("add_member", "network_member", member.id, youth_id=youth.id)
            flash(_("%(name)s staat op de kaart.", name=member.display_name), "success")
            if request.form.get("again"):
                return redirect(url_for("network.add", youth_id=youth.id))
            return redirect(url_for("network.show", youth_id=youth.id))
    return render_template(
        "network/member_form.html",
        **_context(youth, grant.relation),
        form=form,
        member=None,
        stale=False,
        domains=list(SupportDomain),
        kinds=list(SupportKind),
    )


def _version_or_428(raw: str | None) -> int:
    """The version the page showed. Every change of a member carries it; a form without one
    (an old page, a hand-made request) is refused with 428 instead of overwriting blindly."""
    version = _int(raw)
    if version is None:
        refuse(428, labels.error_text("version_missing"))
    return version


def _member_page(
    youth: Youth, grant: Any, member: NetworkMember, form: MemberForm, *, stale: bool
) -> tuple[str, int]:
    ties = db.session.scalars(
        select(Tie).where(
            Tie.youth_id == youth.id, (Tie.a_id == member.id) | (Tie.b_id == member.id)
        )
    ).all()
    others = {
        m.id: m.display_name
        for m in db.session.scalars(
            select(NetworkMember).where(
                NetworkMember.id.in_(
                    [t.a_id if t.b_id == member.id else t.b_id for t in ties] or [0]
                )
            )
        )
    }
    body = render_template(
        "network/member_form.html",
        **_context(youth, grant.relation),
        form=form,
        member=member,
        stale=stale,
        member_ties=[(t, others.get(t.a_id if t.b_id == member.id else t.b_id, "?")) for t in ties],
        domains=list(SupportDomain),
        kinds=list(SupportKind),
    )
    return body, 409 if stale else 200


def _stale_page(
    youth: Youth, grant: Any, member: NetworkMember, form: MemberForm | None, error: NetworkError
) -> tuple[str, int]:
    """409: someone else saved this member first. The request's transaction is rolled back (a
    flush that found no row breaks it), the member read again as it is now, and the form shown
    with the new version, the saved values above it and what this person typed (if anything)."""
    db.session.rollback()
    if form is None:
        form = MemberForm(obj=member)
        _fill(form, member)
    _field_error(form, error)
    form.version.data = str(member.version)
    return _member_page(youth, grant, member, form, stale=True)


def _fill(form: MemberForm, member: NetworkMember) -> None:
    form.ring.data = str(member.ring)
    form.is_adult.data = "yes" if member.is_adult else "no"
    form.contact_frequency.data = member.contact_frequency or ""
    form.supports.data = [f"{s.kind}:{s.domain}" for s in member.supports]
    form.version.data = str(member.version)


@bp.route("/<int:youth_id>/netwerk/personen/<int:member_id>", methods=["GET", "POST"])
@form_view
@login_required
def edit(youth_id: int, member_id: int) -> tuple[str, int] | Response:
    action = EDIT_NETWORK if request.method == "POST" else VIEW_NETWORK
    youth, grant = youth_for(youth_id, action)
    member = owned(NetworkMember, member_id, action, youth.id)
    if member.removed_at is not None and request.method == "POST":
        flash(labels.error_text("removed"), "error")
        return redirect(url_for("network.show", youth_id=youth.id))
    form = MemberForm(obj=member if request.method == "GET" else None)
    if request.method == "GET":
        _fill(form, member)
    elif form.validate_on_submit():
        try:
            changes = services.update_member(
                db.session(),
                member,
                _input_from(form),
                expected_version=_version_or_428(form.version.data),
                today=today(),
            )
        except NetworkError as error:
            if error.code == "stale":
                return _stale_page(youth, grant, member, form, error)
            _field_error(form, error)
        else:
            if changes.fields:
                flash(
                    _("De gegevens van %(name)s zijn opgeslagen.", name=member.display_name),
                    "success",
                )
            return redirect(url_for("network.show", youth_id=youth.id))
    return _member_page(youth, grant, member, form, stale=False)


@bp.route("/<int:youth_id>/netwerk/personen/<int:member_id>/verplaatsen", methods=["POST"])
@login_required
def move(youth_id: int, member_id: int) -> tuple[str, int] | Response:
    youth, grant = youth_for(youth_id, EDIT_NETWORK)
    member = owned(NetworkMember, member_id, EDIT_NETWORK, youth.id)
    ring = _int(request.form.get("ring"))
    try:
        changes = services.move_member(
            db.session(),
            member,
            ring=ring if ring is not None else -1,
            sector=request.form.get("sector") or None,
            expected_version=_version_or_428(request.form.get("version")),
        )
    except NetworkError as error:
        if error.code == "stale":
            return _stale_page(youth, grant, member, None, error)
        _flash_error(error)
    else:
        if changes.fields:
            flash(
                _(
                    "%(name)s staat nu in ring %(ring)d (%(label)s).",
                    name=member.display_name,
                    ring=member.ring,
                    label=str(labels.RING[member.ring]).lower(),
                ),
                "success",
            )
    return redirect(url_for("network.show", youth_id=youth.id) + f"#lid-{member.id}")


@bp.route("/<int:youth_id>/netwerk/personen/<int:member_id>/verwijderen", methods=["POST"])
@login_required
def remove(youth_id: int, member_id: int) -> tuple[str, int] | Response:
    youth, grant = youth_for(youth_id, EDIT_NETWORK)
    member = owned(NetworkMember, member_id, EDIT_NETWORK, youth.id)
    try:
        services.remove_member(
            db.session(),
            member,
            removed_by_id=current_user.id,
            expected_version=_version_or_428(request.form.get("version")),
        )
    except NetworkError as error:
        if error.code == "stale":
            return _stale_page(youth, grant, member, None, error)
        _flash_error(error)
    else:
        record("remove_member", "network_member", member.id, youth_id=youth.id)
        flash(
            _(
                "%(name)s staat niet meer op de kaart. Je kunt dit terugzetten.",
                name=member.display_name,
            ),
            "success",
        )
    return redirect(url_for("network.show", youth_id=youth.id))


@bp.route("/<int:youth_id>/netwerk/personen/<int:member_id>/terugzetten", methods=["POST"])
@login_required
def restore(youth_id: int, member_id: int) -> Response:
    youth, _grant = youth_for(youth_id, EDIT_NETWORK)
    member = owned(NetworkMember, member_id, EDIT_NETWORK, youth.id)
    services.restore_member(db.session(), member)
    record("restore_member", "network_member", member.id, youth_id=youth.id)
    flash(_("%(name)s staat weer op de kaart.", name=member.display_name), "success")
    return redirect(url_for("network.show", youth_id=youth.id))


@bp.route("/<int:youth_id>/netwerk/snel", methods=["GET", "POST"])
@form_view
@login_required
def quick(youth_id: int) -> str | Response:
    youth, grant = youth_for(youth_id, EDIT_NETWORK)
    form = QuickAddForm()
    if form.validate_on_submit():
        entries = [
            QuickEntry(
                (row.form.name.data or "").strip(),
                row.form.relation.data or "other",
                _int(row.form.ring.data) or 0,
            )
            for row in form.rows
        ]
        try:
            added = services.quick_add(
                db.session(),
                youth.id,
                entries,
                added_by_role=added_by(grant),
                added_by_id=current_user.id,
                today=today(),
            )
        except NetworkError as error:
            text = labels.error_text(error.code, **error.params)
            row_number = error.params.get("row")
            if isinstance(row_number, int):
                filled = [row for row in form.rows if (row.form.name.data or "").strip()]
                target = filled[row_number - 1].form
                field = getattr(target, "ring" if error.field == "ring" else "name", target.name)
                field.errors = [*field.errors, text]
            form.add_error(text)
        else:
            for member in added:
                record("add_member", "network_member", member.id, youth_id=youth.id)
            flash(
                _(
                    "%(count)d mensen staan op de kaart: %(names)s.",
                    count=len(added),
                    names=", ".join(m.display_name for m in added),
                ),
                "success",
            )
            return redirect(url_for("network.show", youth_id=youth.id))
    while len(form.rows) < QUICK_ROWS:
        form.rows.append_entry()
    return render_template("network/quick_add.html", **_context(youth, grant.relation), form=form)


# --- ties ----------------------------------------------------------------------------------


@bp.route("/<int:youth_id>/netwerk/verbindingen", methods=["GET", "POST"])
@form_view
@login_required
def ties(youth_id: int) -> str | Response:
    youth, grant = youth_for(youth_id, EDIT_NETWORK if request.method == "POST" else VIEW_NETWORK)
    rows = load_rows(db.session(), youth.id)
    form = TieForm()
    options = [
        (m.id, m.display_name) for m in sorted(rows.members, key=lambda m: m.display_name.lower())
    ]
    form.a_id.choices = options
    form.b_id.choices = options
    if request.method == "GET":
        form.a_id.data = id_arg("a")
    if form.validate_on_submit():
        try:
            tie = services.add_tie(
                db.session(),
                youth.id,
                form.a_id.data or 0,
                form.b_id.data or 0,
                form.quality.data or "",
                added_by_role=added_by(grant),
            )
        except NetworkError as error:
            _field_error(form, error)
        else:
            record("add_tie", "network_tie", tie.id, youth_id=youth.id)
            flash(_("De verbinding is opgeslagen."), "success")
            return redirect(url_for("network.ties", youth_id=youth.id))
    names = {m.id: m.display_name for m in rows.members}
    return render_template(
        "network/ties.html",
        **_context(youth, grant.relation),
        form=form,
        ties=rows.ties,
        names=names,
        enough=len(rows.members) >= 2,
    )


@bp.route("/<int:youth_id>/netwerk/verbindingen/<int:tie_id>/verwijderen", methods=["POST"])
@login_required
def remove_tie(youth_id: int, tie_id: int) -> Response:
    youth, _grant = youth_for(youth_id, EDIT_NETWORK)
    tie = owned(Tie, tie_id, EDIT_NETWORK, youth.id)
    services.remove_tie(db.session(), tie)
    flash(_("De verbinding is weg."), "success")
    return redirect(url_for("network.ties", youth_id=youth.id))


# --- measurements ----------------------------------------------------------------------------


@bp.route("/<int:youth_id>/netwerk/metingen", methods=["GET", "POST"])
@form_view
@login_required
def measurements(youth_id: int) -> str | Response:
    youth, grant = youth_for(
        youth_id, SNAPSHOT_NETWORK if request.method == "POST" else VIEW_NETWORK
    )
    form = SnapshotForm()
    day = today()
    if request.method == "GET":
        form.taken_on.data = day
    if form.validate_on_submit():
        try:
            snapshot = snapshots.take_snapshot(
                db.session(),
                youth,
                label=form.label.data,
                note=form.note.data,
                taken_on=form.taken_on.data or day,
                taken_by_id=current_user.id,
                today=day,
            )
        except NetworkError as error:
            _field_error(form, error)
        else:
            record("snapshot", "network_snapshot", snapshot.id, youth_id=youth.id)
            flash(_("De meting is vastgelegd."), "success")
            return redirect(url_for("network.measurements", youth_id=youth.id))
    items = snapshots.list_snapshots(db.session(), youth.id)
    now = analyse(snapshots.current_graph(db.session(), youth, today=day))
    points = snapshots.timeline(items, now, day, _("Nu"))
    return render_template(
        "network/measurements.html",
        **_context(youth, grant.relation),
        form=form,
        snapshots=items,
        points=points,
        timeline=render_timeline(points),
        compare_before=request.args.get("van", ""),
    )


@bp.route("/<int:youth_id>/netwerk/metingen/<int:snapshot_id>")
@login_required
def snapshot(youth_id: int, snapshot_id: int) -> str:
    youth, grant = youth_for(youth_id, VIEW_NETWORK)
    item = owned(NetworkSnapshot, snapshot_id, VIEW_NETWORK, youth.id)
    graph = snapshots.snapshot_graph(item)
    members, ties = members_from_graph(graph)
    result = analyse(graph)
    return render_template(
        "network/snapshot.html",
        **_context(youth, grant.relation),
        snapshot=item,
        svg=render_map(
            youth.first_name,
            members,
            ties,
            title=_(
                "Netwerkkaart van %(name)s op %(date)s",
                name=youth.first_name,
                date=item.taken_on.isoformat(),
            ),
        ),
        analysis=result,
        findings=findings.describe(result),
        people=alters(graph),
    )


@bp.route("/<int:youth_id>/netwerk/vergelijk")
@login_required
def compare_pick(youth_id: int) -> Response:
    """The measurements page's compare form (GET): on to the comparison of the two picked."""
    youth, _grant = youth_for(youth_id, VIEW_NETWORK)
    before, after = _int(request.args.get("van")), request.args.get("tot", "nu")
    if before is None:
        flash(_("Kies een meting om mee te vergelijken."), "error")
        return redirect(url_for("network.measurements", youth_id=youth.id))
    other = _int(after)
    if other is None or other == before:
        return redirect(url_for("network.compare_now", youth_id=youth.id, snapshot_id=before))
    return redirect(
        url_for(
            "network.compare_two", youth_id=youth.id, snapshot_id=before, other_snapshot_id=other
        )
    )


def _render_compare(
    youth: Youth, relation: Relation | None, before: Any, after: Any, labels_: tuple[str, str]
) -> str:
    result = compare(before, after)
    svg = render_map(
        youth.first_name,
        result.map_members,
        result.map_ties,
        title=_("Wat veranderde: %(before)s tot %(after)s", before=labels_[0], after=labels_[1]),
        compare=True,
        old_places=result.old_places,
    )
    return render_template(
        "network/compare.html",
        **_context(youth, relation),
        result=result,
        svg=svg,
        before_label=labels_[0],
        after_label=labels_[1],
        big5=BIG5_DOMAINS,
    )


@bp.route("/<int:youth_id>/netwerk/metingen/<int:snapshot_id>/vergelijk")
@login_required
def compare_now(youth_id: int, snapshot_id: int) -> str:
    youth, grant = youth_for(youth_id, VIEW_NETWORK)
    item = owned(NetworkSnapshot, snapshot_id, VIEW_NETWORK, youth.id)
    now = snapshots.current_graph(db.session(), youth, today=today())
    return _render_compare(
        youth,
        grant.relation,
        snapshots.snapshot_graph(item),
        now,
        (f"{item.label} ({item.taken_on.isoformat()})", _("nu")),
    )


@bp.route("/<int:youth_id>/netwerk/metingen/<int:snapshot_id>/vergelijk/<int:other_snapshot_id>")
@login_required
def compare_two(youth_id: int, snapshot_id: int, other_snapshot_id: int) -> str:
    youth, grant = youth_for(youth_id, VIEW_NETWORK)
    first = owned(NetworkSnapshot, snapshot_id, VIEW_NETWORK, youth.id)
    second = owned(NetworkSnapshot, other_snapshot_id, VIEW_NETWORK, youth.id)
    if (second.taken_on, second.id) < (first.taken_on, first.id):
        first, second = second, first
    return _render_compare(
        youth,
        grant.relation,
        snapshots.snapshot_graph(first),
        snapshots.snapshot_graph(second),
        (
            f"{first.label} ({first.taken_on.isoformat()})",
            f"{second.label} ({second.taken_on.isoformat()})",
        ),
    )


# --- export and import -----------------------------------------------------------------------


def _download(body: str | bytes, mimetype: str, filename: str) -> Response:
    response = Response(body, mimetype=mimetype)
    response.headers["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


EXPORTS = {
    "netwerk.graphml": "application/graphml+xml",
    "netwerk.json": "application/json",
    "personen.csv": "text/csv; charset=utf-8",
    "verbindingen.csv": "text/csv; charset=utf-8",
}


def _export(graph: Any, name: str, stem: str) -> Response:
    if name == "netwerk.graphml":
        body: str | bytes = export_graphml(graph)
    elif name == "netwerk.json":
        body = export_json(graph)
    elif name == "personen.csv":
        body = io_csv.members_csv(graph)
    else:
        body = io_csv.ties_csv(graph)
    return _download(body, EXPORTS[name], f"{stem}-{name}")


@bp.route(
    "/<int:youth_id>/netwerk/export/<any('netwerk.graphml', 'netwerk.json', 'personen.csv', 'verbindingen.csv'):name>"
)
@login_required
def export(youth_id: int, name: str) -> Response:
    youth, _grant = youth_for(youth_id, VIEW_NETWORK)
    day = today()
    graph = snapshots.current_graph(db.session(), youth, today=day)
    record("export", "network", youth.id, youth_id=youth.id)
    return _export(graph, name, f"jongere-{youth.id}-{day.isoformat()}")


@bp.route(
    "/<int:youth_id>/netwerk/metingen/<int:snapshot_id>/export/<any('netwerk.graphml', 'netwerk.json', 'personen.csv', 'verbindingen.csv'):name>"
)
@login_required
def export_snapshot(youth_id: int, snapshot_id: int, name: str) -> Response:
    youth, _grant = youth_for(youth_id, VIEW_NETWORK)
    item = owned(NetworkSnapshot, snapshot_id, VIEW_NETWORK, youth.id)
    record("export", "network_snapshot", item.id, youth_id=youth.id)
    return _export(
        snapshots.snapshot_graph(item),
        name,
        f"jongere-{youth.id}-meting-{item.taken_on.isoformat()}",
    )


def _refused(youth: Youth, grant: Any, refused: ImportRefused, form: Any = None) -> Response:
    """The upload form again with every problem, answered 422 (nothing was changed)."""
    problems = [labels.import_problem_text(p.line, p.code, p.params) for p in refused.problems]
    body = render_template(
        "network/import.html",
        **_context(youth, grant.relation),
        form=form or ImportForm(formdata=None),
        problems=problems,
    )
    return Response(body, status=422, mimetype="text/html")


def _show_mapping(youth: Youth, grant: Any, form: ImportConfirmForm, data: bytes) -> Response:
    """The mapping step: how the file's attributes map, before anything is saved."""
    options = Options(session=form.session.data or None, closeness=form.closeness.data)
    try:
        parsed = parse_file(data, form.filename.data or "")
        if len(parsed.graphs) > 1 and not options.session:
            options = Options(session="1", closeness=options.closeness)
        plan = plan_import(parsed, today(), options)
    except ImportRefused as refused:
        return _refused(youth, grant, refused)
    form.session.choices = choices(
        (str(g.index), f"{g.index}: {g.attrs.get('caseId') or '—'}") for g in parsed.graphs
    )
    form.session.data = str(plan.mapping.session if plan.mapping else 1)
    matches = find_matches(db.session(), youth.id, plan)
    body = render_template(
        "network/import_mapping.html",
        **_context(youth, grant.relation),
        form=form,
        preview=preview(plan, matches),
    )
    return Response(body, status=200, mimetype="text/html")


@bp.route("/<int:youth_id>/netwerk/importeren", methods=["GET", "POST"])
@form_view
@login_required
@limiter.shared_limit(
    IMPORT_LIMIT, scope="network-import", key_func=import_limit_key, methods=["POST"]
)
def import_file(youth_id: int) -> str | Response:
    """Step 1: the upload. A file that does not read is refused here (422, every problem);
    one that does goes on to the mapping step, where nothing is saved yet."""
    youth, grant = youth_for(youth_id, IMPORT_NETWORK)
    form = ImportForm()
    if form.validate_on_submit():
        upload = form.file.data
        data = upload.read(MAX_BYTES + 1)
        if len(data) > MAX_BYTES:
            return _refused(youth, grant, ImportRefused([too_big()]), form)
        confirm = ImportConfirmForm(formdata=None)
        confirm.payload.data = base64.b64encode(data).decode("ascii")
        confirm.filename.data = (upload.filename or "")[:255]
        confirm.replace.data = bool(form.replace.data)
        confirm.merge.data = True
        return _show_mapping(youth, grant, confirm, data)
    return render_template(
        "network/import.html", **_context(youth, grant.relation), form=form, problems=[]
    )


@bp.route("/<int:youth_id>/netwerk/importeren/bevestigen", methods=["POST"])
@form_view
@login_required
@limiter.shared_limit(IMPORT_LIMIT, scope="network-import", key_func=import_limit_key)
def import_confirm(youth_id: int) -> str | Response:
    """Step 2: the mapping shown again with other choices, or the import itself (all of the
    file or nothing)."""
    youth, grant = youth_for(youth_id, IMPORT_NETWORK)
    form = ImportConfirmForm()
    if not form.validate_on_submit():
        return redirect(url_for("network.import_file", youth_id=youth.id))
    try:
        data = base64.b64decode(form.payload.data or "", validate=True)
    except (binascii.Error, ValueError):
        return redirect(url_for("network.import_file", youth_id=youth.id))
    if len(data) > MAX_BYTES:
        return _refused(youth, grant, ImportRefused([too_big()]))
    if not form.confirm.data:
        return _show_mapping(youth, grant, form, data)
    options = Options(session=form.session.data or None, closeness=form.closeness.data)
    try:
        plan = plan_import(parse_file(data, form.filename.data or ""), today(), options)
    except ImportRefused as refused:
        return _refused(youth, grant, refused)
    result = apply_import(
        db.session(),
        youth.id,
        plan,
        replace=bool(form.replace.data),
        merge=bool(form.merge.data),
        by_user_id=current_user.id,
        today=today(),
    )
    record("import", "network", youth.id, youth_id=youth.id)
    flash(
        _(
            "Ingelezen: %(members)d mensen en %(ties)d verbindingen.",
            members=result.members,
            ties=result.ties,
        )
        + (
            " " + _("%(count)d mensen stonden al op de kaart.", count=result.merged)
            if result.merged
            else ""
        ),
        "success",
    )
    return redirect(url_for("network.show", youth_id=youth.id))
