"""The JIM's JSON API: a young person's nominations with their history, and every step as a POST.

A step out of order, by the wrong role or without its preconditions answers a problem document
(409 out of order / stale / missing consent, 403 not your step, 422 bad input, 410 invitation
no longer usable) and changes nothing; the refusal is in the access log.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

from flask import Blueprint, Response, abort, g, jsonify, request, url_for
from flask_login import current_user

from jimnet.access import authorize, may, record
from jimnet.access.log import Outcome as LogOutcome
from jimnet.accounts.models import User
from jimnet.api.openapi import api_route
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

bp = Blueprint("jim_api", __name__, url_prefix="/api/v1")
TAGS = ["jim"]
BASE = "/youth/<int:youth_id>/jim"
ONE = BASE + "/<int:nomination_id>"
ANY_JIM_ACTION = (VIEW_JIM, NOMINATE_JIM, MANAGE_JIM, CONSENT_JIM, JIM_ROLE, VIEW_JIM_ROLE)
STEP_RESPONSES = {
    "_ok": "200",
    "403": "Not your step",
    "409": "Out of order, stale, or a precondition (suitability, consent, one JIM) is missing",
    "422": "Does not fit the schema or the rules",
}


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
            youth_id=youth_id,
            outcome=LogOutcome.DENIED,
        )
        abort(404)
    action = next((a for a in actions if may(youth, a)), actions[0])
    return youth, nomination, _actor(youth, action, "jim_nomination", nomination_id)


def _refusal(error: JimError) -> Response:
    g.uow_rollback = True
    return problem(error.status, error.message, type_=f"jim-{error.code.replace('_', '-')}")


def _nomination_json(youth: Youth, nomination_id: int, actor: Actor) -> dict[str, Any]:
    data = overview_data.overview(_db(), youth, today(), with_candidates=False)
    view = next(v for v in data.nominations if v.nomination.id == nomination_id)
    return schemas.nomination(view, care=actor.role in CARE)


def _date(raw: str | None) -> date | None:
    if raw is None:
        return None
    try:
        return date.fromisoformat(raw)
    except ValueError:
        return None


def _bad_date(pointer: str) -> Response:
    return problem(
        422,
        "The body does not fit the schema.",
        type_="validation",
        errors=[{"pointer": pointer, "detail": "not a date (YYYY-MM-DD)"}],
    )


# --- reading ----------------------------------------------------------------------------------


@api_route(
    bp,
    BASE,
    "GET",
    "A young person's JIM: the current nomination and all past ones, with their events",
    tags=TAGS,
    response_schema=schemas.OVERVIEW,
)
def get_jim(youth_id: int) -> Any:
    youth = _youth(youth_id)
    actor = _actor(youth, VIEW_JIM, "jim", youth.id)
    data = overview_data.overview(_db(), youth, today(), with_candidates=False)
    return jsonify(schemas.overview(data, care=actor.role in CARE))


# The candidates (ranked, with reasons): jimnet.matching.api, GET BASE/candidates.


# --- nominating -------------------------------------------------------------------------------


@api_route(
    bp,
    BASE,
    "POST",
    "Nominate one person from the network as JIM",
    tags=TAGS,
    request_schema=schemas.NOMINATE,
    response_schema=schemas.NOMINATION,
    responses={"403": "Not your step", "409": "A nomination is already on its way"},
)
def post_nomination(youth_id: int, body: dict[str, Any]) -> Any:
    youth = _youth(youth_id)
    actor = _actor(youth, NOMINATE_JIM, "jim_nomination", None)
    try:
        nomination = workflow.nominate(
            _db(), youth, body["member_id"], actor, motivation=body.get("motivation")
        )
    except JimError as error:
        return _refusal(error)
    return jsonify(_nomination_json(youth, nomination.id, actor)), 201


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


def _simple(step: str, action: str, service: Callable[..., None]) -> Callable[..., Any]:
    def view(youth_id: int, nomination_id: int, body: dict[str, Any]) -> Any:
        youth, nomination, actor = _nomination(youth_id, nomination_id, action)
        try:
            service(
                _db(),
                nomination,
                actor,
                reason=body.get("reason"),
                expected_version=body.get("version"),
            )
        except JimError as error:
            return _refusal(error)
        if step == "request_consent":
            notify.consent_requested(_db(), youth, nomination)
        return jsonify(_nomination_json(youth, nomination.id, actor))

    view.__name__ = f"jim_{step}"
    return view


for _step, (_action, _service, _summary) in SIMPLE.items():
    api_route(
        bp,
        f"{ONE}/{_step}",
        "POST",
        _summary,
        tags=TAGS,
        request_schema=schemas.STEP,
        response_schema=schemas.NOMINATION,
        responses=STEP_RESPONSES,
    )(_simple(_step, _action, _service))


# --- steps with a body ------------------------------------------------------------------------


@api_route(
    bp,
    ONE + "/conversation",
    "POST",
    "Record the conversation with the candidate and its outcome (suitable / not suitable)",
    tags=TAGS,
    request_schema=schemas.RECORD_CONVERSATION,
    response_schema=schemas.NOMINATION,
    responses=STEP_RESPONSES,
)
def post_conversation(youth_id: int, nomination_id: int, body: dict[str, Any]) -> Any:
    youth, nomination, actor = _nomination(youth_id, nomination_id, MANAGE_JIM)
    held_on = _date(body["held_on"])
    if held_on is None:
        return _bad_date("/held_on")
    data = services.ConversationInput(
        held_on=held_on,
        willingness=Willingness(body["willingness"]),
        reachability=Reachability(body["reachability"]),
        concerns=body.get("concerns"),
        concerns_handling=body.get("concerns_handling"),
        outcome=Outcome(body["outcome"]),
        reason_for_youth=body["reason_for_youth"],
        vog_status=VogStatus(body["vog_status"]) if body.get("vog_status") else None,
        vog_issued_on=_date(body["vog_issued_on"]) if body.get("vog_issued_on") else None,
        vog_not_needed_reason=body.get("vog_not_needed_reason"),
    )
    try:
        services.record_conversation(
            _db(), nomination, actor, data, expected_version=body.get("version")
        )
    except JimError as error:
        return _refusal(error)
    return jsonify(_nomination_json(youth, nomination.id, actor))


@api_route(
    bp,
    ONE + "/consents",
    "POST",
    "Give (youth, parent: their own, in the app) or record (care team: in person, on paper) a consent",
    tags=TAGS,
    request_schema=schemas.GIVE_CONSENT,
    response_schema=schemas.NOMINATION,
    responses={**STEP_RESPONSES, "_ok": "201", "403": "No authority to give this consent"},
)
def post_consent(youth_id: int, nomination_id: int, body: dict[str, Any]) -> Any:
    youth, nomination, actor = _nomination(youth_id, nomination_id, CONSENT_JIM, MANAGE_JIM)
    given_on = _date(body.get("given_on")) if body.get("given_on") else today()
    if given_on is None:
        return _bad_date("/given_on")
    data = services.ConsentInput(
        giver=ConsentGiver(body["given_by"]),
        method=ConsentMethod(body["method"]),
        given_on=given_on,
        authority_id=body.get("authority_id"),
        note=body.get("note"),
    )
    try:
        services.give_consent(_db(), nomination, youth, actor, data)
    except JimError as error:
        return _refusal(error)
    return jsonify(_nomination_json(youth, nomination.id, actor)), 201


@api_route(
    bp,
    ONE + "/consents/<int:consent_id>/withdraw",
    "POST",
    "Withdraw a consent; without valid consent the role is suspended (standby) or the invitation revoked",
    tags=TAGS,
    request_schema=schemas.WITHDRAW_CONSENT,
    response_schema=schemas.NOMINATION,
    responses=STEP_RESPONSES,
)
def post_withdraw_consent(
    youth_id: int, nomination_id: int, consent_id: int, body: dict[str, Any]
) -> Any:
    youth, nomination, actor = _nomination(youth_id, nomination_id, CONSENT_JIM, MANAGE_JIM)
    record_ = db.session.get(Consent, consent_id)
    if record_ is None or record_.youth_id != youth.id:
        record(
            "jim_consent_withdrawn",
            "consent",
            consent_id,
            youth_id=youth.id,
            outcome=LogOutcome.DENIED,
        )
        return problem(404, "Not found, or not yours to see.")
    try:
        services.withdraw_consent(
            _db(), nomination, youth, record_, actor, reason=body.get("reason")
        )
    except JimError as error:
        return _refusal(error)
    return jsonify(_nomination_json(youth, nomination.id, actor))


@api_route(
    bp,
    ONE + "/invite",
    "POST",
    "Invite the candidate: a single-use link by e-mail, or a letter with a code (shown once)",
    tags=TAGS,
    request_schema=schemas.INVITE,
    response_schema=schemas.INVITATION,
    responses={**STEP_RESPONSES, "_ok": "201"},
)
def post_invite(youth_id: int, nomination_id: int, body: dict[str, Any]) -> Any:
    youth, nomination, actor = _nomination(youth_id, nomination_id, MANAGE_JIM)
    channel = InvitationChannel(body["channel"])
    try:
        issued = services.invite(
            _db(),
            nomination,
            actor,
            channel,
            body.get("email"),
            expected_version=body.get("version"),
        )
    except JimError as error:
        return _refusal(error)
    if channel == InvitationChannel.EMAIL:
        notify.invitation(youth, nomination, issued, current_user.name)
    return jsonify(
        {
            "id": issued.invitation.id,
            "channel": channel.value,
            "email": issued.invitation.email,
            "expires_at": issued.invitation.expires_at.isoformat(),
            "code": issued.secret if channel == InvitationChannel.LETTER else None,
            "answer_url": url_for("jim.invitation", _external=True),
            "nomination": _nomination_json(youth, nomination.id, actor),
        }
    ), 201


@api_route(
    bp,
    ONE + "/end",
    "POST",
    "End the JIM's role, with a reason; the JIM's access stops at once",
    tags=TAGS,
    request_schema=schemas.END,
    response_schema=schemas.NOMINATION,
    responses=STEP_RESPONSES,
)
def post_end(youth_id: int, nomination_id: int, body: dict[str, Any]) -> Any:
    youth, nomination, actor = _nomination(youth_id, nomination_id, JIM_ROLE)
    try:
        services.end(
            _db(),
            nomination,
            actor,
            EndReason(body["end_reason"]),
            reason=body.get("reason"),
            expected_version=body.get("version"),
        )
    except JimError as error:
        return _refusal(error)
    if actor.role == Role.JIM:
        return jsonify({"id": nomination.id, "state": nomination.state})
    return jsonify(_nomination_json(youth, nomination.id, actor))


@api_route(
    bp,
    ONE + "/positioning",
    "POST",
    "Record the positioning meeting: who was there and what was agreed about the JIM's role",
    tags=TAGS,
    request_schema=schemas.POSITIONING,
    response_schema=schemas.NOMINATION,
    responses={**STEP_RESPONSES, "_ok": "201"},
)
def post_positioning(youth_id: int, nomination_id: int, body: dict[str, Any]) -> Any:
    youth, nomination, actor = _nomination(youth_id, nomination_id, MANAGE_JIM)
    held_on = _date(body["held_on"])
    if held_on is None:
        return _bad_date("/held_on")
    data = services.PositioningInput(
        held_on=held_on,
        attendees=body["attendees"],
        jim_tasks=body["jim_tasks"],
        contact_agreement=body["contact_agreement"],
        check_in_every_weeks=body.get("check_in_every_weeks", 6),
        jim_may_see=body.get("jim_may_see"),
    )
    try:
        services.record_positioning(_db(), nomination, actor, data)
    except JimError as error:
        return _refusal(error)
    return jsonify(_nomination_json(youth, nomination.id, actor)), 201


@api_route(
    bp,
    ONE + "/check_ins",
    "POST",
    "A check-in: the young person, the JIM or the professional says how it is going",
    tags=TAGS,
    request_schema=schemas.CHECK_IN,
    responses={**STEP_RESPONSES, "_ok": "201"},
)
def post_check_in(youth_id: int, nomination_id: int, body: dict[str, Any]) -> Any:
    _, nomination, actor = _nomination(youth_id, nomination_id, JIM_ROLE)
    try:
        row = services.check_in(_db(), nomination, actor, HowItGoes(body["how"]), body.get("note"))
    except JimError as error:
        return _refusal(error)
    return jsonify({"id": row.id, "by_role": row.by_role, "how": row.how}), 201


@api_route(
    bp,
    ONE + "/sharing",
    "POST",
    "What the young person shares with the JIM (network map, BIG5 plan, case notes)",
    tags=TAGS,
    request_schema=schemas.SHARING,
    response_schema=schemas.NOMINATION,
    responses=STEP_RESPONSES,
)
def post_sharing(youth_id: int, nomination_id: int, body: dict[str, Any]) -> Any:
    youth, nomination, actor = _nomination(youth_id, nomination_id, SHARE_JIM)
    try:
        services.update_sharing(
            _db(),
            nomination,
            actor,
            network=body["network"],
            big5=body["big5"],
            case_notes=body["case_notes"],
            expected_version=body.get("version"),
        )
    except JimError as error:
        return _refusal(error)
    return jsonify(_nomination_json(youth, nomination.id, actor))


# --- the candidate's answer -------------------------------------------------------------------


@api_route(
    bp,
    "/jim/invitation/accept",
    "POST",
    "Accept a JIM invitation (link token or letter code) as the calling account",
    tags=TAGS,
    request_schema=schemas.ANSWER,
    responses={
        "_ok": "200",
        "410": "Expired, used or revoked",
        "409": "Out of order or no consent",
    },
)
def post_accept(body: dict[str, Any]) -> Any:
    user: User = current_user._get_current_object()
    try:
        nomination = services.accept(_db(), body["token"], user)
    except JimError as error:
        return _refusal(error)
    return jsonify(
        {"id": nomination.id, "youth_id": nomination.youth_id, "state": nomination.state}
    )


@api_route(
    bp,
    "/jim/invitation/decline",
    "POST",
    "Decline a JIM invitation",
    tags=TAGS,
    request_schema=schemas.ANSWER,
    responses={"_ok": "200", "410": "Expired, used or revoked"},
)
def post_decline(body: dict[str, Any]) -> Any:
    user: User = current_user._get_current_object()
    try:
        nomination = services.decline(_db(), body["token"], user, body.get("reason"))
    except JimError as error:
        return _refusal(error)
    return jsonify({"id": nomination.id, "state": nomination.state})
