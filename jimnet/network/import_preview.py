"""What an import would do, as plain data for the mapping page and the API's ``dry_run``:
the tool, the interviews in the file, how each attribute maps (in the reader's words too),
the closeness rule with its table, and who is already on the map."""

from __future__ import annotations

from typing import Any

from jimnet.network import labels
from jimnet.network.importing import ImportPlan
from jimnet.network.mapping import Use


def _use(use: Use) -> dict[str, Any]:
    return {
        "name": use.name,
        "target": use.target,
        "reason": use.reason,
        "values": use.values,
        "description": labels.describe_use(use.target, use.reason),
    }


def preview(plan: ImportPlan, matches: dict[str, tuple[int, str]]) -> dict[str, Any]:
    mapping = plan.mapping
    assert mapping is not None  # plan_import always maps
    ring = None
    if mapping.ring is not None:
        rule = mapping.ring
        ring = {
            "source": rule.source,
            "scale": rule.scale,
            "reversed": rule.reversed,
            "table": [{"value": v, "ring": r} for v, r in rule.table],
            "description": labels.describe_ring(rule.scale, rule.reversed),
        }
    return {
        "tool": mapping.tool,
        "tool_name": labels.TOOL.get(mapping.tool, mapping.tool),
        "sessions": [
            {
                "index": g.index,
                "case_id": g.attrs.get("caseId"),
                "session_id": g.attrs.get("sessionUUID"),
                "protocol": g.attrs.get("protocolName"),
                "exported": g.attrs.get("sessionExportTime"),
            }
            for g in mapping.sessions
        ],
        "session": mapping.session,
        "members": len(plan.members),
        "ties": len(plan.ties),
        "conflict_ties": sum(1 for *_, q in plan.ties if q == "conflict"),
        "matches": [{"name": name, "member_id": mid} for mid, name in matches.values()],
        "nodes": [_use(u) for u in mapping.nodes],
        "edges": [_use(u) for u in mapping.edges],
        "ring": ring,
        "unknown_relations": mapping.unknown_relations,
    }
