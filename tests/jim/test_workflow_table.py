"""The state machine as a table: every step × every role × every state, without a database."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from jimnet.jim.consent import AgeBand, ConsentCheck, Requirement
from jimnet.jim.errors import JimError
from jimnet.jim.models import JimState
from jimnet.jim.workflow import STEPS, Facts, Role, allowed_steps, decide

S = JimState
R = Role
CARE = {R.PROFESSIONAL, R.COACH}
VALID = ConsentCheck(True, date(2026, 1, 1), Requirement(AgeBand.SIXTEEN_PLUS, True, False), False)
INVALID = ConsentCheck(False, None, Requirement(AgeBand.TWELVE_TO_FIFTEEN, True, True), True, [1])
ALL_GOOD = Facts(suitable=True, consent=VALID, other_in_position=False)

# The specification, written out once more by hand: step -> (from, to, who may).
SPEC = {
    "start_conversation": ({S.NOMINATED}, S.IN_CONVERSATION, CARE),
    "request_consent": ({S.SUITABLE}, S.AWAITING_CONSENT, CARE),
    "invite": ({S.AWAITING_CONSENT}, S.INVITED, CARE),
    "reinvite": ({S.INVITED}, S.INVITED, CARE),
    "accept": ({S.INVITED}, S.ACTIVE, {R.CANDIDATE}),
    "decline": ({S.INVITED}, S.DECLINED, {R.CANDIDATE}),
    "pause": ({S.ACTIVE}, S.STANDBY, CARE | {R.YOUTH, R.JIM}),
    "resume": ({S.STANDBY}, S.ACTIVE, CARE | {R.YOUTH, R.JIM}),
    "end": ({S.ACTIVE, S.STANDBY}, S.ENDED, CARE | {R.YOUTH, R.JIM}),
    "withdraw": (
        {S.NOMINATED, S.IN_CONVERSATION, S.SUITABLE, S.AWAITING_CONSENT, S.INVITED},
        S.WITHDRAWN,
        CARE | {R.YOUTH},
    ),
    "suspend": ({S.ACTIVE}, S.STANDBY, CARE | {R.YOUTH, R.PARENT}),
    "uninvite": ({S.INVITED}, S.AWAITING_CONSENT, CARE | {R.YOUTH, R.PARENT}),
}


@pytest.mark.parametrize("step", sorted(SPEC))
@pytest.mark.parametrize("role", list(Role))
@pytest.mark.parametrize("state", list(JimState))
def test_every_step_for_every_role_from_every_state(step, role, state):
    sources, target, roles = SPEC[step]
    if state in sources and role in roles:
        assert decide(step, state, role, ALL_GOOD) == target
    else:
        with pytest.raises(JimError) as error:
            decide(step, state, role, ALL_GOOD)
        assert error.value.code == ("role" if role not in roles else "out_of_order")


@pytest.mark.parametrize("role", list(Role))
@pytest.mark.parametrize("outcome", [S.SUITABLE, S.NOT_SUITABLE])
def test_the_conversation_outcome_is_recorded_by_the_care_team_only(role, outcome):
    if role in CARE:
        assert decide("record_conversation", S.IN_CONVERSATION, role, ALL_GOOD, outcome) == outcome
    else:
        with pytest.raises(JimError):
            decide("record_conversation", S.IN_CONVERSATION, role, ALL_GOOD, outcome)
    with pytest.raises(JimError):
        decide("record_conversation", S.IN_CONVERSATION, R.PROFESSIONAL, ALL_GOOD, S.ACTIVE)


@pytest.mark.parametrize(
    ("facts", "code"),
    [
        (Facts(False, VALID, False), "no_suitable_outcome"),
        (Facts(True, INVALID, False), "no_consent"),
        (Facts(True, None, False), "no_consent"),
        (Facts(True, VALID, True), "already_in_position"),
        (None, "no_suitable_outcome"),
    ],
)
def test_accepting_needs_suitability_consent_and_a_free_place(facts, code):
    with pytest.raises(JimError) as error:
        decide("accept", S.INVITED, R.CANDIDATE, facts)
    assert error.value.code == code


def test_every_step_in_the_table_is_specified_or_keeps_the_state():
    for name, step in STEPS.items():
        assert name in SPEC or name == "record_conversation" or step.target is None


def test_buttons_follow_the_table():
    assert allowed_steps(S.NOMINATED, R.YOUTH) == ["withdraw"]
    assert allowed_steps(S.NOMINATED, R.PROFESSIONAL) == ["start_conversation", "withdraw"]
    assert allowed_steps(S.ACTIVE, R.JIM) == ["pause", "end"]
    assert allowed_steps(S.ENDED, R.PROFESSIONAL) == []


@settings(max_examples=300, deadline=None)
@given(
    steps=st.lists(
        st.tuples(
            st.sampled_from(sorted(STEPS)),
            st.sampled_from(list(Role)),
            st.booleans(),
            st.booleans(),
            st.sampled_from(list(JimState)),
        ),
        max_size=30,
    )
)
def test_no_sequence_reaches_active_without_suitability_and_valid_consent(steps):
    state = JimState.NOMINATED
    for name, role, suitable, consent_ok, target in steps:
        facts = Facts(suitable, VALID if consent_ok else INVALID, False)
        try:
            new = decide(name, state, role, facts, target)
        except JimError:
            continue
        if new == JimState.ACTIVE and state != JimState.ACTIVE:
            assert suitable and consent_ok
        state = new
