"""The network map's API resources: one marshmallow schema each (request, answer, document)."""

from __future__ import annotations

from typing import Any

from marshmallow import fields, validate

from jimnet.api.common import (
    ApiSchema,
    Date,
    DateTime,
    Id,
    Integer,
    PatchSchema,
    StrictBoolean,
    Text,
    Version,
    enum_field,
    free_object,
    list_schema,
)
from jimnet.network.models import (
    MAX_RING,
    MIN_RING,
    ContactFrequency,
    Quality,
    Relation,
    Sector,
    SupportDomain,
    SupportKind,
    TieQuality,
)
from jimnet.network.services import EMAIL_MAX, NAME_MAX, NOTE_MAX, PHONE_MAX

LABEL_MAX = 200
SNAPSHOT_NOTE_MAX = 2000


class SupportSchema(ApiSchema):
    """One kind of support a member gives, in one domain."""

    kind = enum_field(SupportKind, required=True)
    domain = enum_field(SupportDomain, required=True)


class MemberSchema(ApiSchema):
    """A person on the young person's map. Left out on creation: ``sector`` follows from the
    relation, ``is_adult`` too, ``quality`` is positive."""

    id = Id(dump_only=True)
    youth_id = Id(dump_only=True)
    display_name = Text(NAME_MAX, min_length=1, required=True)
    relation = enum_field(Relation, required=True)
    sector = enum_field(Sector)
    ring = Integer(MIN_RING, MAX_RING, required=True)
    quality = enum_field(Quality)
    contact_frequency = enum_field(ContactFrequency, allow_none=True)
    known_since = Date(allow_none=True)
    is_adult = StrictBoolean()
    email = Text(EMAIL_MAX, allow_none=True)
    phone = Text(PHONE_MAX, allow_none=True)
    note = Text(NOTE_MAX, allow_none=True)
    youth_supports_member = StrictBoolean()
    supports = fields.List(
        fields.Nested(SupportSchema),
        validate=validate.Length(max=len(SupportKind) * len(SupportDomain)),
    )
    added_by_role = fields.String(dump_only=True)
    version = Version(dump_only=True)
    removed_at = DateTime(dump_only=True, allow_none=True)


class MemberPatchSchema(PatchSchema, MemberSchema):
    """A change to a member: the fields that change, and the version you read."""

    version = Version(required=True)


class VersionArgsSchema(ApiSchema):
    """``?version=``: the version you read (required: 428 without it; a stale one answers 409)."""

    problem_type = "bad-version"

    version = fields.Integer(validate=validate.Range(min=1, max=2**31 - 1))


class TieSchema(ApiSchema):
    """Two members who know each other."""

    id = Id(dump_only=True)
    youth_id = Id(dump_only=True)
    a_id = Id(required=True)
    b_id = Id(required=True)
    quality = enum_field(TieQuality, load_default=TieQuality.POSITIVE.value)


class GraphSchema(ApiSchema):
    """networkx node-link data: the young person is node ``ego``, members are ``m<id>``."""

    directed = fields.Boolean()
    multigraph = fields.Boolean()
    graph = free_object("Attributes of the map (youth, date)", required=True)
    nodes = fields.List(free_object("A node and its attributes"), required=True)
    links = fields.List(free_object("An edge and its attributes"), required=True)


class PersonSchema(ApiSchema):
    node = fields.String(required=True)
    member_id = fields.Integer(allow_none=True, required=True)
    name = fields.String(required=True)


class FindingSchema(ApiSchema):
    topic = fields.String(required=True)
    level = fields.String(required=True)
    text = fields.String(required=True)


def _people() -> fields.List[Any]:
    return fields.List(fields.Nested(PersonSchema))


class BrokerSchema(PersonSchema):
    betweenness = fields.Float()


class PillarSchema(PersonSchema):
    kinds = fields.Integer()
    domains = fields.Integer()


class NearConflictSchema(ApiSchema):
    supporter = fields.Nested(PersonSchema)
    other = fields.Nested(PersonSchema)
    reason = fields.String()


class AnalysisSchema(ApiSchema):
    """What the map says: size, who supports where (coverage per domain and kind), who carries
    it, bridges and go-betweens, conflict, strength per BIG5 domain (0–1), and findings in
    words."""

    size = fields.Integer(required=True)
    adults = fields.Integer()
    minors = fields.Integer()
    by_sector = fields.Dict(keys=fields.String(), values=fields.Integer())
    by_ring = fields.Dict(keys=fields.String(), values=fields.Integer())
    reciprocal = _people()
    coverage = fields.Dict(
        keys=fields.String(),
        values=fields.Dict(keys=fields.String(), values=_people()),
        required=True,
    )
    uncovered = fields.List(fields.String(), required=True)
    big5_uncovered = fields.List(fields.String())
    sole_supporter = fields.Dict(keys=fields.String(), values=fields.Nested(PersonSchema))
    bridges = _people()
    brokers = fields.List(fields.Nested(BrokerSchema))
    groups = fields.Integer()
    pillars = fields.List(fields.Nested(PillarSchema))
    conflict_with_youth = _people()
    conflict_pairs = fields.List(fields.List(fields.Nested(PersonSchema)))
    supporters_near_conflict = fields.List(fields.Nested(NearConflictSchema))
    strength = fields.Dict(keys=fields.String(), values=fields.Float(), required=True)
    always_there_adults = _people()
    findings = fields.List(fields.Nested(FindingSchema), required=True)


class SnapshotSummarySchema(ApiSchema):
    """A measurement in a list: an immutable, dated copy of the map."""

    id = Id(dump_only=True)
    youth_id = Id(dump_only=True)
    taken_on = Date(metadata={"description": "Default: today. Not in the future."})
    taken_at = DateTime(dump_only=True)
    label = Text(LABEL_MAX)
    note = Text(SNAPSHOT_NOTE_MAX, allow_none=True)
    size = fields.Integer(dump_only=True)


class SnapshotSchema(SnapshotSummarySchema):
    """One measurement, with the map as it was (node-link JSON)."""

    data = fields.Nested(GraphSchema, dump_only=True)


SnapshotListSchema = list_schema(SnapshotSummarySchema, "NetworkSnapshotList")


class PlaceSchema(ApiSchema):
    ring = fields.Integer()
    sector = fields.String()


class MoveSchema(ApiSchema):
    member_id = fields.Integer()
    name = fields.String()
    before = fields.Nested(PlaceSchema, allow_none=True)
    after = fields.Nested(PlaceSchema, allow_none=True)


class BeforeAfterSchema(ApiSchema):
    before = fields.Integer()
    after = fields.Integer()


class ComparisonSchema(ApiSchema):
    """Two measurements side by side: who joined, left, came closer or moved away, which
    domains gained or lost support."""

    size = fields.Nested(BeforeAfterSchema)
    adults = fields.Nested(BeforeAfterSchema)
    joined = fields.List(fields.Nested(MoveSchema), required=True)
    left = fields.List(fields.Nested(MoveSchema), required=True)
    closer = fields.List(fields.Nested(MoveSchema), required=True)
    further = fields.List(fields.Nested(MoveSchema), required=True)
    other_sector = fields.List(fields.Nested(MoveSchema))
    domains_gained = fields.List(fields.String(), required=True)
    domains_lost = fields.List(fields.String(), required=True)
    strength_change = fields.Dict(keys=fields.String(), values=fields.Float())
    ties_new = fields.Integer()
    ties_gone = fields.Integer()


class ImportArgsSchema(ApiSchema):
    """How to read the file: ``replace`` takes the current members off the map first (kept in
    history); ``merge`` (default) does not add again whom the map already has (same name);
    ``dry_run`` answers the mapping without saving anything; ``session`` chooses an interview
    of a unified Network Canvas export (its number, case id or session UUID); ``closeness``
    says which end of a closeness scale is closest."""

    replace = fields.Boolean(truthy={"true", "1"}, falsy={"false", "0"}, load_default=False)
    merge = fields.Boolean(truthy={"true", "1"}, falsy={"false", "0"}, load_default=True)
    dry_run = fields.Boolean(truthy={"true", "1"}, falsy={"false", "0"}, load_default=False)
    session = fields.String(load_default=None, validate=validate.Length(max=100))
    closeness = fields.String(
        load_default="low_is_close", validate=validate.OneOf(["low_is_close", "high_is_close"])
    )


class ImportSessionSchema(ApiSchema):
    index = fields.Integer(required=True, metadata={"description": "1, 2, … in file order"})
    case_id = fields.String(allow_none=True)
    session_id = fields.String(allow_none=True)
    protocol = fields.String(allow_none=True)
    exported = fields.String(allow_none=True)


class AttributeUseSchema(ApiSchema):
    name = fields.String(required=True, metadata={"description": "the attribute in the file"})
    target = fields.String(
        allow_none=True, metadata={"description": "the jimnet field it fills; null: ignored"}
    )
    reason = fields.String(metadata={"description": "why ignored: added_by, layout, unknown"})
    values = fields.Dict(keys=fields.String(), values=fields.String())
    description = fields.String(metadata={"description": "the same in the user's language"})


class RingStepSchema(ApiSchema):
    value = fields.Integer(required=True)
    ring = fields.Integer(required=True)


class RingRuleSchema(ApiSchema):
    source = fields.String(required=True)
    scale = fields.Integer(required=True)
    reversed = fields.Boolean(required=True)
    table = fields.List(fields.Nested(RingStepSchema), required=True)
    description = fields.String()


class ImportMatchSchema(ApiSchema):
    name = fields.String(required=True)
    member_id = fields.Integer(required=True)


class ImportPreviewSchema(ApiSchema):
    """What an import would do, before anything is saved (``dry_run=true``)."""

    tool = fields.String(required=True)
    sessions = fields.List(fields.Nested(ImportSessionSchema), required=True)
    session = fields.Integer(required=True)
    members = fields.Integer(required=True)
    ties = fields.Integer(required=True)
    conflict_ties = fields.Integer(required=True)
    matches = fields.List(fields.Nested(ImportMatchSchema), required=True)
    nodes = fields.List(fields.Nested(AttributeUseSchema), required=True)
    edges = fields.List(fields.Nested(AttributeUseSchema), required=True)
    ring = fields.Nested(RingRuleSchema, allow_none=True)
    unknown_relations = fields.List(fields.String(), required=True)


class ImportResultSchema(ApiSchema):
    """What an import added (all of the file, or nothing)."""

    members = fields.Integer(required=True)
    ties = fields.Integer(required=True)
    removed = fields.Integer(required=True)
    merged = fields.Integer(
        required=True, metadata={"description": "people of the file already on the map"}
    )
