"""The JIM's JSON API: a young person's nominations with their history, and every step as a POST.

A step out of order, by the wrong role or without its preconditions answers a problem document
(409 out of order / stale / missing consent, 403 not your step, 422 bad input, 410 invitation
no longer usable) and changes nothing; the refusal is in the access log.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from flask import Response, abort, g, jsonify, request, url_for
from flask_login import current_user

from jimnet.access import authorize, may, record
from jimnet.access.log import Outcome as LogOutcome
from jimnet.accounts.models import User
from jimnet.api.blueprint import ApiBlueprint
from jimnet.api.common import Delegate
from jimnet.api.problems import problem
from jimnet.clock import today
from jimnet.extensions import db
from jimnet.jim import notify, schemas, services, workflow
from jimnet.jim import overview as overview_data
from jimnet.jim.errors import JimError
from jimnet.jim.models import (
    EndReason,
    HowItGoes,
    InvitationChannel,
    JimNomination,
    Outcome,
    Reachability,
    VogStatus,
    Willingness,
)
from jimnet.jim.permissions import (
    CONSENT_JIM,
    JIM_ROLE,
    MANAGE_JIM,
    NOMINATE_JIM,
    SHARE_JIM,
    VIEW_JIM,
    VIEW_JIM_ROLE,
    WITHDRAW_JIM,
)
from jimnet.jim.workflow import CARE, Actor, Role
from jimnet.youth.models import Consent, ConsentGiver, ConsentMethod, Youth

# The JIM has its own door (below): a JIM or a parent reaches these routes through other actions.
bp = ApiBlueprint("jim_api", __name__, door=None, description="The JIM nomination workflow")
TAGS = ["jim"]
BASE = "/youth/<int:youth_id>/jim"
ONE = BASE + "/<int:nomination_id>"
ANY_JIM_ACTION = (VIEW_JIM, NOMINATE_JIM, MANAGE_JIM, CONSENT_JIM, JIM_ROLE, VIEW_JIM_ROLE)


@bp.before_request
def _door_first() -> Response | None:
    """Refuse a young person the caller has no part in before a body is looked at."""
    youth_id = (request.view_args or {}).get("youth_id")
    if youth_id is None or not current_user.is_authenticated:
        return None
    youth = db.session.get(Youth, youth_id)
    if youth is None or not any(may(youth, a) for a in ANY_JIM_ACTION):
        if youth is None:
            record(VIEW_JIM, "youth", youth_id, outcome=LogOutcome.DENIED)
        else:
            authorize(youth, VIEW_JIM, "jim", youth_id)  # logs the refusal
        return problem(404, "Not found, or not yours to see.")
    return None


def _db() -> Any:
    return db.session()


def _youth(youth_id: int) -> Youth:
    youth = db.session.get(Youth, youth_id)
    assert youth is not None  # the door above answered 404 otherwise
    return youth


def _actor(youth: Youth, action: str, object_type: str, object_id: int | None) -> Actor:
    grant = authorize(youth, action, object_type, object_id)
    actor = services.actor_for_relation(grant.relation, current_user)
    assert actor is not None  # every relation the JIM actions allow has a workflow role
    return actor


def _nomination(
    youth_id: int, nomination_id: int, *actions: str
) -> tuple[Youth, JimNomination, Actor]:
    youth = _youth(youth_id)
    nomination = db.session.get(JimNomination, nomination_id)
    if nomination is None or nomination.youth_id != youth_id:
        record(
            actions[0],
            "jim_nomination",
            nomination_id,
            # The nomination's own youth when it belongs to another one: it is her data.
            youth_id=nomination.youth_id if nomination is not None else youth_id,
            outcome=LogOutcome.DENIED,
        )
        abort(404)
    action = next((a for a in actions if may(youth, a)), actions[0])
    return youth, nomination, _actor(youth, action, "jim_nomination", nomination_id)


def _refusal(error: JimError, current: Callable[[], Any] | None = None) -> Response:
    """The refusal of a step; a stale version also gets the nomination as it is now."""
    g.uow_rollback = True
    extra: dict[str, Any] = {}
    if error.code == "stale" and current is not None:
        extra["current"] = schemas.NominationSchema().dump(current())
        extra["errors"] = [{"pointer": "/version", "detail": error.message}]
    return problem(
        error.status, error.message, type_=f"jim-{error.code.replace('_', '-')}", **extra
    )


def _nomination_json(youth: Youth, nomination_id: int, actor: Actor) -> Delegate:
    data = overview_data.overview(_db(), youth, today(), with_candidates=False)
    view = next(v for v in data.nominations if v.nomination.id == nomination_id)
    return schemas.nomination(view, care=actor.role in CARE)


# --- reading ----------------------------------------------------------------------------------


@bp.route(BASE, tags=TAGS)
@bp.response(200, schemas.OverviewSchema)
def get_jim(youth_id: int) -> Any:
    """A young person's JIM: the current nomination and all past ones, with their events and
    check-ins"""
    youth = _youth(youth_id)
    actor = _actor(youth, VIEW_JIM, "jim", youth.id)
    data = overview_data.overview(_db(), youth, today(), with_candidates=False)
    return schemas.overview(data, care=actor.role in CARE)


# The candidates (ranked, with reasons): jimnet.matching.api, GET BASE/candidates.


# --- nominating -------------------------------------------------------------------------------


@bp.route(BASE, methods=["POST"], tags=TAGS)
@bp.arguments(schemas.NominateSchema)
@bp.response(201, schemas.NominationSchema)
@bp.problems(403, 409)
def post_nomination(body: dict[str, Any], youth_id: int) -> Any:
    """Nominate one person from the network as JIM"""
    youth = _youth(youth_id)
    actor = _actor(youth, NOMINATE_JIM, "jim_nomination", None)
    try:
        nomination = workflow.nominate(
            _db(), youth, body["member_id"], actor, motivation=body.get("motivation")
        )
    except JimError as error:
        return _refusal(error)
    return _nomination_json(youth, nomination.id, actor)


# --- simple steps -----------------------------------------------------------------------------

SIMPLE: dict[str, tuple[str, Callable[..., None], str]] = {
    "start_conversation": (
        MANAGE_JIM,
        services.start_conversation,
        "The professional starts the conversation with the candidate",
    ),
    "request_consent": (
        MANAGE_JIM,
        services.request_consent,
        "After a suitable outcome: ask the young person and/or the parents for consent",
    ),
    "pause": (JIM_ROLE, services.pause, "Put the JIM's role on standby for a while"),
    "resume": (JIM_ROLE, services.resume, "Make the JIM active again (needs valid consent)"),
    "withdraw": (WITHDRAW_JIM, services.withdraw, "Withdraw the nomination (before active)"),
}


def _simple(step: str, action: str, service: Callable[..., None], summary: str) -> None:
    def view(body: dict[str, Any], youth_id: int, nomination_id: int) -> Any:
        youth, nomination, actor = _nomination(youth_id, nomination_id, action)
        try:
            service(
                _db(),
                nomination,
                actor,
                reason=body.get("reason"),
                expected_version=body["version"],
            )
        except JimError as error:
            return _refusal(error, lambda: _nomination_json(youth, nomination.id, actor))
        if step == "request_consent":
            notify.consent_requested(_db(), youth, nomination)
        return _nomination_json(youth, nomination.id, actor)

    view.__name__ = f"jim_{step}"
    view.__doc__ = summary
    decorated = bp.problems(403, 409)(
        bp.arguments(schemas.StepSchema)(bp.response(200, schemas.NominationSchema)(view))
    )
    bp.route(f"{ONE}/{step}", methods=["POST"], tags=TAGS)(decorated)


for _step, (_action, _service, _summary) in SIMPLE.items():
    _simple(_step, _action, _service, _summary)


# --- steps with a body ------------------------------------------------------------------------


@bp.route(ONE + "/conversation", methods=["POST"], tags=TAGS)
@bp.arguments(schemas.ConversationSchema)
@bp.response(200, schemas.NominationSchema)
@bp.problems(403, 409)
def post_conversation(body: dict[str, Any], youth_id: int, nomination_id: int) -> Any:
    """Record the conversation with the candidate and its outcome (suitable / not suitable)"""
    youth, nomination, actor = _nomination(youth_id, nomination_id, MANAGE_JIM)
    data = services.ConversationInput(
        held_on=body["held_on"],
        willingness=Willingness(body["willingness"]),
        reachability=Reachability(body["reachability"]),
        concerns=body.get("concerns"),
        concerns_handling=body.get("concerns_handling"),
        outcome=Outcome(body["outcome"]),
        reason_for_youth=body["reason_for_youth"],
        vog_status=VogStatus(body["vog_status"]) if body.get("vog_status") else None,
        vog_issued_on=body.get("vog_issued_on"),
        vog_not_needed_reason=body.get("vog_not_needed_reason"),
    )
    try:
        services.record_conversation(
            _db(), nomination, actor, data, expected_version=body["version"]
        )
    except JimError as error:
        return _refusal(error, lambda: _nomination_json(youth, nomination.id, actor))
    return _nomination_json(youth, nomination.id, actor)


@bp.route(ONE + "/consents", methods=["POST"], tags=TAGS)
@bp.arguments(schemas.GiveConsentSchema)
@bp.response(201, schemas.NominationSchema)
@bp.problems(403, 409)
def post_consent(body: dict[str, Any], youth_id: int, nomination_id: int) -> Any:
    """Give (youth, parent: their own, in the app) or record (care team: in person, on paper) a
    consent"""
    youth, nomination, actor = _nomination(youth_id, nomination_id, CONSENT_JIM, MANAGE_JIM)
    data = services.ConsentInput(
        giver=ConsentGiver(body["given_by"]),
        method=ConsentMethod(body["method"]),
        given_on=body.get("given_on") or today(),
        authority_id=body.get("authority_id"),
        note=body.get("note"),
    )
    try:
        services.give_consent(_db(), nomination, youth, actor, data)
    except JimError as error:
        return _refusal(error)
    return _nomination_json(youth, nomination.id, actor)


@bp.route(ONE + "/consents/<int:consent_id>/withdraw", methods=["POST"], tags=TAGS)
@bp.arguments(schemas.ReasonSchema)
@bp.response(200, schemas.NominationSchema)
@bp.problems(403, 409)
def post_withdraw_consent(
    body: dict[str, Any], youth_id: int, nomination_id: int, consent_id: int
) -> Any:
    """Withdraw a consent; without valid consent the role is suspended (standby) or the
    invitation revoked"""
    youth, nomination, actor = _nomination(youth_id, nomination_id, CONSENT_JIM, MANAGE_JIM)
    record_ = db.session.get(Consent, consent_id)
    if record_ is None or record_.youth_id != youth.id:
        record(
            "jim_consent_withdrawn",
            "consent",
            consent_id,
            youth_id=record_.youth_id if record_ is not None else youth.id,
            outcome=LogOutcome.DENIED,
        )
        return problem(404, "Not found, or not yours to see.")
    try:
        services.withdraw_consent(
            _db(), nomination, youth, record_, actor, reason=body.get("reason")
        )
    except JimError as error:
        return _refusal(error)
    return _nomination_json(youth, nomination.id, actor)


@bp.route(ONE + "/invite", methods=["POST"], tags=TAGS)
@bp.arguments(schemas.InvitationSchema)
@bp.response(201, schemas.InvitationSchema)
@bp.problems(403, 409)
def post_invite(body: dict[str, Any], youth_id: int, nomination_id: int) -> Any:
    """Invite the candidate: a single-use link by e-mail, or a letter with a code (shown once)"""
    youth, nomination, actor = _nomination(youth_id, nomination_id, MANAGE_JIM)
    channel = InvitationChannel(body["channel"])
    try:
        issued = services.invite(
            _db(),
            nomination,
            actor,
            channel,
            body.get("email"),
            expected_version=body["version"],
        )
    except JimError as error:
        return _refusal(error, lambda: _nomination_json(youth, nomination.id, actor))
    if channel == InvitationChannel.EMAIL:
        notify.invitation(youth, nomination, issued, current_user.name)
    return Delegate(
        issued.invitation,
        channel=channel.value,
        code=issued.secret if channel == InvitationChannel.LETTER else None,
        answer_url=url_for("jim.invitation", _external=True),
        nomination=_nomination_json(youth, nomination.id, actor),
    )


@bp.route(ONE + "/end", methods=["POST"], tags=TAGS)
@bp.arguments(schemas.EndSchema)
@bp.response(200, schemas.NominationSchema)
@bp.problems(403, 409)
def post_end(body: dict[str, Any], youth_id: int, nomination_id: int) -> Any:
    """End the JIM's role, with a reason; the JIM's access stops at once (the JIM gets only
    the nomination's id and state back)"""
    youth, nomination, actor = _nomination(youth_id, nomination_id, JIM_ROLE)
    try:
        services.end(
            _db(),
            nomination,
            actor,
            EndReason(body["end_reason"]),
            reason=body.get("reason"),
            expected_version=body["version"],
        )
    except JimError as error:
        return _refusal(error, lambda: _nomination_json(youth, nomination.id, actor))
    if actor.role == Role.JIM:
        return jsonify(schemas.AnsweredSchema().dump(nomination))
    return _nomination_json(youth, nomination.id, actor)


@bp.route(ONE + "/positioning", methods=["POST"], tags=TAGS)
@bp.arguments(schemas.PositioningSchema)
@bp.response(201, schemas.NominationSchema)
@bp.problems(403, 409)
def post_positioning(body: dict[str, Any], youth_id: int, nomination_id: int) -> Any:
    """Record the positioning meeting: who was there and what was agreed about the JIM's role"""
    youth, nomination, actor = _nomination(youth_id, nomination_id, MANAGE_JIM)
    data = services.PositioningInput(
        held_on=body["held_on"],
        attendees=body["attendees"],
        jim_tasks=body["jim_tasks"],
        contact_agreement=body["contact_agreement"],
        check_in_every_weeks=body["check_in_every_weeks"],
        jim_may_see=body.get("jim_may_see"),
    )
    try:
        services.record_positioning(_db(), nomination, actor, data)
    except JimError as error:
        return _refusal(error)
    return _nomination_json(youth, nomination.id, actor)


@bp.route(ONE + "/check_ins", methods=["POST"], tags=TAGS)
@bp.arguments(schemas.CheckInSchema)
@bp.response(201, schemas.CheckInSchema)
@bp.problems(403, 409)
def post_check_in(body: dict[str, Any], youth_id: int, nomination_id: int) -> Any:
    """A check-in: the young person, the JIM or the professional says how it is going"""
    _, nomination, actor = _nomination(youth_id, nomination_id, JIM_ROLE)
    try:
        row = services.check_in(_db(), nomination, actor, HowItGoes(body["how"]), body["note"])
    except JimError as error:
        return _refusal(error)
    return row


@bp.route(ONE + "/sharing", methods=["POST"], tags=TAGS)
@bp.arguments(schemas.ShareSchema)
@bp.response(200, schemas.NominationSchema)
@bp.problems(403, 409)
def post_sharing(body: dict[str, Any], youth_id: int, nomination_id: int) -> Any:
    """What the young person shares with the JIM (network map, BIG5 plan, case notes)"""
    youth, nomination, actor = _nomination(youth_id, nomination_id, SHARE_JIM)
    try:
        services.update_sharing(
            _db(),
            nomination,
            actor,
            network=body["network"],
            big5=body["big5"],
            case_notes=body["case_notes"],
            expected_version=body["version"],
        )
    except JimError as error:
        return _refusal(error, lambda: _nomination_json(youth, nomination.id, actor))
    return _nomination_json(youth, nomination.id, actor)


# --- the candidate's answer -------------------------------------------------------------------


@bp.route("/jim/invitation/accept", methods=["POST"], tags=TAGS)
@bp.arguments(schemas.AnswerSchema)
@bp.response(200, schemas.AcceptedSchema)
@bp.problems(409, 410)
def post_accept(body: dict[str, Any]) -> Any:
    """Accept a JIM invitation (link token or letter code) as the calling account"""
    user: User = current_user._get_current_object()
    try:
        return services.accept(_db(), body["token"], user)
    except JimError as error:
        return _refusal(error)


@bp.route("/jim/invitation/decline", methods=["POST"], tags=TAGS)
@bp.arguments(schemas.AnswerSchema)
@bp.response(200, schemas.AnsweredSchema)
@bp.problems(410)
def post_decline(body: dict[str, Any]) -> Any:
    """Decline a JIM invitation"""
    user: User = current_user._get_current_object()
    try:
        return services.decline(_db(), body["token"], user, body.get("reason"))
    except JimError as error:
        return _refusal(error)
