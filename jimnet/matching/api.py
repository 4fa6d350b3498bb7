"""The matching's JSON API: the ranked JIM shortlist of a young person, and the model versions.

``GET /api/v1/youth/{youth_id}/jim/candidates`` answers what the young person's page shows (the
same order, bands, reasons and ranker), through the door with ``nominate_jim``.
``GET /api/v1/models`` is for org admins (404 for everyone else, like the page).
"""

from __future__ import annotations

from typing import Any

from flask import current_app
from flask_login import current_user
from flask_smorest import abort

from jimnet.access import Outcome, load_youth, record
from jimnet.api.blueprint import ApiBlueprint
from jimnet.clock import today
from jimnet.extensions import db
from jimnet.jim.permissions import NOMINATE_JIM
from jimnet.matching import explain, labels, ranking, store
from jimnet.matching.models import ModelKind
from jimnet.matching.schemas import ModelListSchema, ShortlistSchema
from jimnet.matching.views import _org_admin
from jimnet.pool import explain as pool_explain
from jimnet.pool import learning

bp = ApiBlueprint("matching_api", __name__, description="The JIM shortlist and model versions")
TAGS = ["matching"]


def _ranker(in_use: ranking.RankerInUse, staff: bool) -> dict[str, Any]:
    return {
        "kind": in_use.kind,
        "label": labels.ranker(in_use.kind),
        "version_id": in_use.version.id if in_use.version and not in_use.is_fallback else None,
        "why_fallback": in_use.why_fallback,
        "refused": labels.refusal(in_use.refused.code) if staff and in_use.refused else None,
    }


@bp.route("/youth/<int:youth_id>/jim/candidates", tags=TAGS)
@bp.response(200, ShortlistSchema)
def get_candidates(youth_id: int) -> Any:
    """The JIM candidates, ranked, with bands, reasons and the ranker in use"""
    youth = load_youth(youth_id, NOMINATE_JIM)
    result = ranking.rank(db.session(), youth, today(), store.models_dir(current_app.config))
    first = {c.member.id for c in result.first}
    items = []
    for c in result.candidates:
        m = c.member
        items.append(
            {
                "member_id": m.id,
                "display_name": m.display_name,
                "position": c.position,
                "shortlisted": m.id in first,
                "band": c.band,
                "band_label": str(explain.BAND[c.band]),
                "in_conflict": c.in_conflict,
                "reasons": [
                    {"code": r.code, "text": explain.text(r), "helps": r.helps} for r in c.reasons
                ],
                "relation": m.relation,
                "sector": m.sector,
                "ring": m.ring,
                "contact_frequency": m.contact_frequency,
                "known_since": m.known_since,
                "quality": m.quality,
                "support_kinds": sorted({s.kind for s in m.supports}),
                "support_domains": sorted({s.domain for s in m.supports}),
                "has_email": bool(m.email),
                "earlier": c.earlier,
            }
        )
    return {
        "ranker": _ranker(result.ranker, staff=bool(current_user.is_staff)),
        "has_good_candidate": ranking.has_good_candidate(result),
        "items": items,
    }


@bp.route("/models", tags=TAGS)
@bp.response(200, ModelListSchema)
def list_models() -> Any:
    """Every version of the JIM ranker and the mentor matcher with their figures, and what is
    in use (org admins)"""
    if not _org_admin(current_user):
        record("list_models", "model_version", None, outcome=Outcome.DENIED)
        abort(404)
    session = db.session()
    directory = store.models_dir(current_app.config)
    items = []
    kinds = (ModelKind.JIM_RANKER, ModelKind.MENTOR_MATCHER)
    for v in [version for kind in kinds for version in store.versions(session, kind)]:
        refused = store.check(directory, v)
        items.append(
            {
                **{
                    name: getattr(v, name)
                    for name in (
                        "id",
                        "kind",
                        "algorithm",
                        "trained_at",
                        "samples",
                        "groups",
                        "features",
                        "metrics",
                        "notes",
                        "file_name",
                        "sha256",
                        "active",
                        "activated_at",
                        "activated_by_name",
                    )
                },
                "refused": labels.refusal(refused.code) if refused else None,
            }
        )
    _, in_use = ranking.ranker_in_use(session, directory)
    _, matcher = learning.matcher_in_use(session, directory)
    matcher_version = matcher.version.id if matcher.version and matcher.method == "model" else None
    record("list_models", "model_version", None, actor_role="org_admin")
    return {
        "in_use": _ranker(in_use, staff=True),
        "matcher_in_use": {
            "method": matcher.method,
            "label": pool_explain.method_words(matcher.method, matcher_version),
            "version_id": matcher_version,
            "refused": labels.refusal(matcher.refused.code) if matcher.refused else None,
        },
        "items": items,
    }
