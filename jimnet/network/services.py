"""The rules for changing a network map: members, moves, removal, ties, support, quick-add.

Plain functions on a SQLAlchemy session; they validate, change and ``flush()``, never commit.
Every refusal is a :class:`NetworkError` with a code (see ``jimnet.network.messages``) and, for
forms, the field it belongs to. Edits carry the version the editor saw: a stale one is refused
(``code="stale"``) instead of overwriting what somebody else saved in the meantime.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime

from sqlalchemy import select
from sqlalchemy.orm import Session
from sqlalchemy.orm.exc import StaleDataError

from jimnet import text
from jimnet.db import utcnow
from jimnet.network.models import (
    MAX_RING,
    MIN_RING,
    AddedBy,
    ContactFrequency,
    NetworkMember,
    Quality,
    Relation,
    Sector,
    Support,
    SupportDomain,
    SupportKind,
    Tie,
    TieQuality,
)

NAME_MAX = 120
EMAIL_MAX = 254
PHONE_MAX = 30
NOTE_MAX = 2000
QUICK_ADD_MAX = 30
MAX_ID = 2**31 - 1  # primary keys are 32-bit integers

# Where a relation usually belongs, and whether that person is usually an adult. These are the
# defaults of the quick-add flow; every member can be moved or corrected afterwards.
DEFAULT_SECTOR: dict[str, Sector] = {
    Relation.PARENT: Sector.FAMILY,
    Relation.STEP_PARENT: Sector.FAMILY,
    Relation.SIBLING: Sector.FAMILY,
    Relation.GRANDPARENT: Sector.FAMILY,
    Relation.AUNT_UNCLE: Sector.FAMILY,
    Relation.COUSIN: Sector.FAMILY,
    Relation.OTHER_FAMILY: Sector.FAMILY,
    Relation.FRIEND: Sector.FRIENDS,
    Relation.PARTNER: Sector.FRIENDS,
    Relation.NEIGHBOUR: Sector.LEISURE,
    Relation.TEACHER: Sector.SCHOOL_WORK,
    Relation.SPORTS_COACH: Sector.LEISURE,
    Relation.COLLEAGUE: Sector.SCHOOL_WORK,
    Relation.PROFESSIONAL: Sector.PROFESSIONAL,
    Relation.OTHER: Sector.LEISURE,
}
USUALLY_ADULT = frozenset(
    {
        Relation.PARENT,
        Relation.STEP_PARENT,
        Relation.GRANDPARENT,
        Relation.AUNT_UNCLE,
        Relation.NEIGHBOUR,
        Relation.TEACHER,
        Relation.SPORTS_COACH,
        Relation.COLLEAGUE,
        Relation.PROFESSIONAL,
    }
)


class NetworkError(Exception):
    """A change that cannot be made; ``code`` names the reason, ``field`` the form field."""

    def __init__(self, code: str, field: str | None = None, **params: object) -> None:
        super().__init__(code)
        self.code = code
        self.field = field
        self.params = params


@dataclass
class MemberInput:
    display_name: str
    relation: str
    ring: int
    sector: str | None = None  # None: the usual sector of the relation
    contact_frequency: str | None = None
    known_since: date | None = None
    is_adult: bool | None = None  # None: usual for the relation
    quality: str = Quality.POSITIVE
    email: str | None = None
    phone: str | None = None
    note: str | None = None
    youth_supports_member: bool = False
    supports: set[tuple[str, str]] | None = None  # (kind, domain); None leaves support alone


@dataclass(frozen=True)
class QuickEntry:
    name: str
    relation: str = Relation.OTHER
    ring: int = 2


@dataclass
class Changes:
    """What an update changed, field by field (for the access log and the flash message)."""

    fields: dict[str, tuple[object, object]] = field(default_factory=dict)


def _clean(value: str | None) -> str | None:
    value = (value or "").strip()
    return value or None


def check_ring(ring: object, field_name: str = "ring") -> int:
    if isinstance(ring, bool) or not isinstance(ring, int) or not MIN_RING <= ring <= MAX_RING:
        raise NetworkError("ring", field_name, value=ring)
    return ring


def _check_enum(
    enum_cls: type[Relation] | type[Sector] | type[Quality], value: str, name: str
) -> str:
    if value not in {m.value for m in enum_cls}:
        raise NetworkError(name, name, value=value)
    return value


def _check_supports(pairs: Iterable[tuple[str, str]]) -> set[tuple[str, str]]:
    kinds = {k.value for k in SupportKind}
    domains = {d.value for d in SupportDomain}
    result = set()
    for kind, domain in pairs:
        if kind not in kinds:
            raise NetworkError("kind", "supports", value=kind)
        if domain not in domains:
            raise NetworkError("domain", "supports", value=domain)
        result.add((kind, domain))
    return result


def _text(value: str, field_name: str, *, multiline: bool = False, required: bool = False) -> str:
    """The one text rule (jimnet.text), as this domain's refusal of the field."""
    try:
        return text.clean(value, multiline=multiline, required=required)
    except text.TextRefused as error:
        raise NetworkError(f"text_{error.code}", field_name) from None


def validate(data: MemberInput, today: date) -> MemberInput:
    """Check and normalise a member's details; raises NetworkError on the first problem."""
    name = _text(data.display_name or "", "display_name", required=True).strip()
    if not name:
        raise NetworkError("name_empty", "display_name")
    if len(name) > NAME_MAX:
        raise NetworkError("name_long", "display_name", max=NAME_MAX)
    relation = _check_enum(Relation, data.relation, "relation")
    sector = _check_enum(Sector, data.sector or DEFAULT_SECTOR[Relation(relation)], "sector")
    ring = check_ring(data.ring)
    quality = _check_enum(Quality, data.quality, "quality")
    frequency = _clean(data.contact_frequency)
    if frequency is not None and frequency not in {f.value for f in ContactFrequency}:
        raise NetworkError("contact_frequency", "contact_frequency", value=frequency)
    if data.known_since is not None and data.known_since > today:
        raise NetworkError("known_since_future", "known_since")
    email, phone = _clean(data.email), _clean(data.phone)
    note = _clean(data.note)
    for field_name, value in (("email", email), ("phone", phone)):
        if value is not None:
            _text(value, field_name)
    note = _text(note, "note", multiline=True) if note is not None else None
    if email is not None and (len(email) > EMAIL_MAX or "@" not in email):
        raise NetworkError("email", "email")
    if phone is not None and len(phone) > PHONE_MAX:
        raise NetworkError("phone", "phone", max=PHONE_MAX)
    if note is not None and len(note) > NOTE_MAX:
        raise NetworkError("note_long", "note", max=NOTE_MAX)
    is_adult = data.is_adult if data.is_adult is not None else relation in USUALLY_ADULT
    supports = _check_supports(data.supports) if data.supports is not None else None
    return MemberInput(
        display_name=name,
        relation=relation,
        ring=ring,
        sector=sector,
        contact_frequency=frequency,
        known_since=data.known_since,
        is_adult=is_adult,
        quality=quality,
        email=email,
        phone=phone,
        note=note,
        youth_supports_member=bool(data.youth_supports_member),
        supports=supports,
    )


def _check_version(member: NetworkMember, expected_version: int | None) -> None:
    if expected_version is not None and member.version != expected_version:
        raise NetworkError("stale", None, current=member.version)


def _save(session: Session) -> None:
    """Flush a change to a member. Between the version check and this flush another request
    may have saved (on PostgreSQL the UPDATE waits for its commit and then matches no row):
    that is the same stale edit, refused the same way. The session's transaction is then
    broken; the caller rolls it back before it reads the member again."""
    try:
        session.flush()
    except StaleDataError:
        raise NetworkError("stale", None, current=None) from None


def _check_current(member: NetworkMember) -> None:
    if member.removed_at is not None:
        raise NetworkError("removed", None)


def _touch(member: NetworkMember) -> None:
    # Any change, also to the member's support rows, bumps the member's version.
    member.updated_at = utcnow()


def _apply_supports(member: NetworkMember, pairs: set[tuple[str, str]]) -> bool:
    have = {(s.kind, s.domain): s for s in member.supports}
    if set(have) == pairs:
        return False
    for key, support in have.items():
        if key not in pairs:
            member.supports.remove(support)
    for kind, domain in sorted(pairs - set(have)):
        member.supports.append(Support(youth_id=member.youth_id, kind=kind, domain=domain))
    return True


def add_member(
    session: Session,
    youth_id: int,
    data: MemberInput,
    *,
    added_by_role: str,
    added_by_id: int | None,
    today: date,
) -> NetworkMember:
    clean = validate(data, today)
    member = NetworkMember(
        youth_id=youth_id,
        display_name=clean.display_name,
        relation=clean.relation,
        sector=clean.sector,
        ring=clean.ring,
        contact_frequency=clean.contact_frequency,
        known_since=clean.known_since,
        is_adult=bool(clean.is_adult),
        quality=clean.quality,
        email=clean.email,
        phone=clean.phone,
        note=clean.note,
        youth_supports_member=clean.youth_supports_member,
        added_by_role=AddedBy(added_by_role),
        added_by_id=added_by_id,
    )
    member.supports = []
    session.add(member)
    _apply_supports(member, clean.supports or set())
    session.flush()
    return member


EDITABLE = (
    "display_name",
    "relation",
    "sector",
    "ring",
    "contact_frequency",
    "known_since",
    "is_adult",
    "quality",
    "email",
    "phone",
    "note",
    "youth_supports_member",
)


def update_member(
    session: Session,
    member: NetworkMember,
    data: MemberInput,
    *,
    expected_version: int | None,
    today: date,
) -> Changes:
    _check_version(member, expected_version)
    _check_current(member)
    clean = validate(data, today)
    changes = Changes()
    for name in EDITABLE:
        new = getattr(clean, name)
        old = getattr(member, name)
        if new != old:
            changes.fields[name] = (old, new)
            setattr(member, name, new)
    if clean.supports is not None and _apply_supports(member, clean.supports):
        changes.fields["supports"] = ((), tuple(sorted(clean.supports)))
    if changes.fields:
        _touch(member)
        _save(session)
    return changes


def move_member(
    session: Session,
    member: NetworkMember,
    *,
    ring: int,
    sector: str | None = None,
    expected_version: int | None,
) -> Changes:
    """Put a member in another ring (and sector): the map's drag-and-drop and keyboard moves."""
    _check_version(member, expected_version)
    _check_current(member)
    ring = check_ring(ring)
    new_sector = _check_enum(Sector, sector, "sector") if sector is not None else member.sector
    changes = Changes()
    if ring != member.ring:
        changes.fields["ring"] = (member.ring, ring)
        member.ring = ring
    if new_sector != member.sector:
        changes.fields["sector"] = (member.sector, new_sector)
        member.sector = new_sector
    if changes.fields:
        _touch(member)
        _save(session)
    return changes


def remove_member(
    session: Session,
    member: NetworkMember,
    *,
    removed_by_id: int | None,
    expected_version: int | None,
    now: datetime | None = None,
) -> None:
    """Take a member off the map. The row stays (snapshots and history keep the name)."""
    _check_version(member, expected_version)
    _check_current(member)
    member.removed_at = now or utcnow()
    member.removed_by_id = removed_by_id
    _touch(member)
    _save(session)


def restore_member(session: Session, member: NetworkMember) -> None:
    if member.removed_at is None:
        return
    member.removed_at = None
    member.removed_by_id = None
    _touch(member)
    _save(session)


def set_supports(
    session: Session,
    member: NetworkMember,
    pairs: Iterable[tuple[str, str]],
    *,
    expected_version: int | None,
) -> bool:
    """Replace the support a member gives with ``pairs`` of (kind, domain)."""
    _check_version(member, expected_version)
    _check_current(member)
    changed = _apply_supports(member, _check_supports(pairs))
    if changed:
        _touch(member)
        _save(session)
    return changed


def _members_by_id(session: Session, ids: Sequence[int]) -> dict[int, NetworkMember]:
    rows = session.scalars(select(NetworkMember).where(NetworkMember.id.in_(ids))).all()
    return {m.id: m for m in rows}


def add_tie(
    session: Session,
    youth_id: int,
    a_id: int,
    b_id: int,
    quality: str = TieQuality.POSITIVE,
    *,
    added_by_role: str = AddedBy.PROFESSIONAL,
) -> Tie:
    """Record that two current members of this youth's map know each other.

    A member id of another youth's map is refused exactly like an unknown id.
    An existing tie between the same two people gets the new quality.
    """
    if quality not in {q.value for q in TieQuality}:
        raise NetworkError("tie_quality", "quality", value=quality)
    if a_id == b_id:
        raise NetworkError("tie_self", "b_id")
    # An id no row can have (beyond a 32-bit key) is simply unknown.
    members = _members_by_id(session, [i for i in (a_id, b_id) if 0 < i <= MAX_ID])
    for member_id, field_name in ((a_id, "a_id"), (b_id, "b_id")):
        member = members.get(member_id)
        if member is None or member.youth_id != youth_id:
            raise NetworkError("tie_unknown_member", field_name)
        if member.removed_at is not None:
            raise NetworkError("tie_removed_member", field_name, name=member.display_name)
    low, high = sorted((a_id, b_id))
    tie = session.scalars(select(Tie).where(Tie.a_id == low, Tie.b_id == high)).first()
    if tie is None:
        tie = Tie(
            youth_id=youth_id,
            a_id=low,
            b_id=high,
            quality=quality,
            added_by_role=AddedBy(added_by_role),
        )
        session.add(tie)
    else:
        tie.quality = quality
    session.flush()
    return tie


def remove_tie(session: Session, tie: Tie) -> None:
    session.delete(tie)
    session.flush()


def quick_add(
    session: Session,
    youth_id: int,
    entries: Sequence[QuickEntry],
    *,
    added_by_role: str,
    added_by_id: int | None,
    today: date,
) -> list[NetworkMember]:
    """Put several people on the map at once ("Wie is belangrijk voor jou?").

    Every entry is checked before anything is added: one bad line adds nobody.
    Empty names are skipped (the form has more rows than most people fill in).
    """
    filled = [e for e in entries if e.name.strip()]
    if not filled:
        raise NetworkError("quick_add_empty", None)
    if len(filled) > QUICK_ADD_MAX:
        raise NetworkError("too_many", None, max=QUICK_ADD_MAX)
    inputs = []
    for index, entry in enumerate(filled):
        try:
            inputs.append(validate(MemberInput(entry.name, entry.relation, entry.ring), today))
        except NetworkError as error:
            error.params["row"] = index + 1
            raise
    return [
        add_member(
            session,
            youth_id,
            data,
            added_by_role=added_by_role,
            added_by_id=added_by_id,
            today=today,
        )
        for data in inputs
    ]
