"""Invitations to become a JIM: a single-use link by e-mail, or a printable letter with a code.

Only a hash of the secret is stored. A new invitation revokes the earlier ones of the same
nomination; an invitation is used once (accepted or declined) and expires: e-mail links after
:data:`EMAIL_DAYS` days, letter codes after :data:`LETTER_DAYS` days (the post takes time).
"""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from jimnet.db import utcnow
from jimnet.jim.models import InvitationChannel, JimInvitation, JimNomination

EMAIL_DAYS = 14
LETTER_DAYS = 28
# A letter code is typed by hand: no 0/O or 1/I/L, grouped in fours (60 bits of chance).
CODE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
CODE_LENGTH = 12


def new_code() -> str:
    raw = "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))
    return "-".join(raw[i : i + 4] for i in range(0, CODE_LENGTH, 4))


def normalise_code(raw: str) -> str:
    return "".join(ch for ch in raw.upper() if ch.isalnum())


def secret_hash(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


@dataclass(frozen=True)
class Issued:
    secret: str  # the link's token or the letter's code: shown or sent once, never stored
    invitation: JimInvitation


def revoke_open(session: Session, nomination_id: int, at: datetime | None = None) -> int:
    """Revoke every unused invitation of a nomination; returns how many."""
    at = at or utcnow()
    count = 0
    for invitation in session.scalars(
        select(JimInvitation).where(
            JimInvitation.nomination_id == nomination_id,
            JimInvitation.used_at.is_(None),
            JimInvitation.revoked_at.is_(None),
        )
    ):
        invitation.revoked_at = at
        count += 1
    return count


def issue(
    session: Session,
    nomination: JimNomination,
    channel: InvitationChannel,
    email: str | None,
    created_by_id: int | None,
    at: datetime | None = None,
) -> Issued:
    at = at or utcnow()
    revoke_open(session, nomination.id, at)
    if channel == InvitationChannel.EMAIL:
        secret, stored = secrets.token_urlsafe(32), None
        days = EMAIL_DAYS
    else:
        secret = new_code()
        stored = normalise_code(secret)
        days = LETTER_DAYS
    invitation = JimInvitation(
        nomination_id=nomination.id,
        youth_id=nomination.youth_id,
        channel=channel,
        token_hash=secret_hash(stored or secret),
        email=email.strip().lower() if email else None,
        created_by_id=created_by_id,
        created_at=at,
        expires_at=at + timedelta(days=days),
    )
    session.add(invitation)
    session.flush()
    return Issued(secret, invitation)


def find(session: Session, secret: str) -> JimInvitation | None:
    """The invitation a link's token or a letter's code belongs to (usable or not)."""
    secret = (secret or "").strip()
    if not secret or len(secret) > 200:
        return None
    hashes = {secret_hash(secret), secret_hash(normalise_code(secret))}
    return session.scalars(
        select(JimInvitation).where(JimInvitation.token_hash.in_(hashes))
    ).first()


def use(invitation: JimInvitation, user_id: int | None, answer: str, at: datetime) -> None:
    invitation.used_at = at
    invitation.used_by_id = user_id
    invitation.answer = answer


def latest(session: Session, nomination_id: int) -> JimInvitation | None:
    return session.scalars(
        select(JimInvitation)
        .where(JimInvitation.nomination_id == nomination_id)
        .order_by(JimInvitation.created_at.desc(), JimInvitation.id.desc())
        .limit(1)
    ).first()
