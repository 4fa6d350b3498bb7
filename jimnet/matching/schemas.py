"""The matching's API resources: the ranked JIM shortlist and the model versions."""

from __future__ import annotations

from marshmallow import fields

from jimnet.api.common import ApiSchema, Id, free_object


class ShortlistRankerSchema(ApiSchema):
    """Which ranker ordered the list, and why the points score when it did."""

    kind = fields.String(dump_only=True, metadata={"enum": ["fallback", "logistic", "boosting"]})
    label = fields.String(dump_only=True, metadata={"description": "in the caller's language"})
    version_id = fields.Integer(dump_only=True, allow_none=True)
    why_fallback = fields.String(
        dump_only=True, allow_none=True, metadata={"enum": ["no_model", "refused", None]}
    )
    refused = fields.String(
        dump_only=True,
        allow_none=True,
        metadata={"description": "why the active version's file was refused (staff only)"},
    )


class ShortlistReasonSchema(ApiSchema):
    """One of the three reasons that mattered most for this candidate."""

    code = fields.String(dump_only=True)
    text = fields.String(dump_only=True, metadata={"description": "B1, in the caller's language"})
    helps = fields.Boolean(
        dump_only=True, metadata={"description": "counted for (true) or against"}
    )


class RankedCandidateSchema(ApiSchema):
    """An eligible person from the map, in the order shown; chances as bands only."""

    member_id = Id(dump_only=True)
    display_name = fields.String(dump_only=True)
    position = fields.Integer(dump_only=True)
    shortlisted = fields.Boolean(dump_only=True, metadata={"description": "among the first three"})
    band = fields.String(dump_only=True, metadata={"enum": ["good", "fair", "low"]})
    band_label = fields.String(dump_only=True)
    in_conflict = fields.Boolean(dump_only=True)
    reasons = fields.List(fields.Nested(ShortlistReasonSchema), dump_only=True)
    relation = fields.String(dump_only=True)
    sector = fields.String(dump_only=True)
    ring = fields.Integer(dump_only=True)
    contact_frequency = fields.String(dump_only=True, allow_none=True)
    known_since = fields.Date(dump_only=True, allow_none=True)
    quality = fields.String(dump_only=True)
    support_kinds = fields.List(fields.String(), dump_only=True)
    support_domains = fields.List(fields.String(), dump_only=True)
    has_email = fields.Boolean(dump_only=True)
    earlier = fields.List(fields.String(), dump_only=True)


class ShortlistSchema(ApiSchema):
    """The ranked JIM candidates of one young person; the young person chooses."""

    ranker = fields.Nested(ShortlistRankerSchema, dump_only=True)
    has_good_candidate = fields.Boolean(dump_only=True)
    items = fields.List(fields.Nested(RankedCandidateSchema), dump_only=True)


class ModelVersionSchema(ApiSchema):
    """A trained model version with its held-out figures and whether its file checks out."""

    id = Id(dump_only=True)
    kind = fields.String(dump_only=True)
    algorithm = fields.String(dump_only=True)
    trained_at = fields.DateTime(dump_only=True)
    samples = fields.Integer(dump_only=True)
    groups = fields.Integer(dump_only=True)
    features = fields.List(fields.String(), dump_only=True)
    metrics = free_object("held-out figures per ranker, fairness, 6-month label", dump_only=True)
    notes = fields.String(dump_only=True, allow_none=True)
    file_name = fields.String(dump_only=True)
    sha256 = fields.String(dump_only=True)
    active = fields.Boolean(dump_only=True)
    activated_at = fields.DateTime(dump_only=True, allow_none=True)
    activated_by_name = fields.String(dump_only=True, allow_none=True)
    refused = fields.String(dump_only=True, allow_none=True)


class MatcherInUseSchema(ApiSchema):
    """What scores the volunteer-mentor pool's proposals now."""

    method = fields.String(dump_only=True, metadata={"enum": ["rule", "model"]})
    label = fields.String(dump_only=True, metadata={"description": "in the caller's language"})
    version_id = fields.Integer(dump_only=True, allow_none=True)
    refused = fields.String(
        dump_only=True,
        allow_none=True,
        metadata={"description": "why the active version's file was refused"},
    )


class ModelListSchema(ApiSchema):
    """Every version of the JIM ranker and of the volunteer-mentor matcher (``kind``), newest
    first, and what is in use for each."""

    in_use = fields.Nested(ShortlistRankerSchema, dump_only=True)
    matcher_in_use = fields.Nested(MatcherInUseSchema, dump_only=True)
    items = fields.List(fields.Nested(ModelVersionSchema), dump_only=True)
