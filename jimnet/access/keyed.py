"""What an access-log entry *is*, byte for byte: its canonical form, its MAC and its leaf.

The request computes the MAC (HMAC-SHA256 under ``JIMNET_LOG_KEY``, a key the database never
sees) before it inserts the row; the sequencer and ``flask verify-log`` recompute it. The Merkle
leaf is the canonical form with the row's id and its MAC, so the published tree pins all three.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import secrets
from collections.abc import Mapping, Sequence
from datetime import UTC, datetime
from typing import Any

VERSION = "jimnet-log-1"
# The fields an entry's MAC covers, in order. Changing this list needs a new VERSION.
FIELDS = (
    "occurred_at",
    "actor_user_id",
    "actor_role",
    "actor_organisation_id",
    "on_behalf_of_user_id",
    "youth_pseudonym",
    "subjects",
    "action",
    "object_type",
    "object_id",
    "outcome",
    "ip",
    "request_id",
    "route",
    "nonce",
)


def pseudonym_for(key: str, youth_id: int) -> str:
    return hmac.new(key.encode(), f"youth:{youth_id}".encode(), hashlib.sha256).hexdigest()[:32]


def subjects_text(pseudonyms: Sequence[str]) -> str | None:
    """The young people a list showed, compactly: sorted, unique, space-separated pseudonyms."""
    return " ".join(sorted(set(pseudonyms))) or None


def new_nonce() -> str:
    # Two entries of one request may be alike in every field; the nonce keeps their MACs apart,
    # so that a copied row is seen as a copy.
    return secrets.token_hex(8)


def _time(value: datetime) -> str:
    if value.tzinfo is not None:
        value = value.astimezone(UTC)
    return value.strftime("%Y-%m-%dT%H:%M:%S.%f")


def canonical(values: Sequence[Any]) -> bytes:
    """``values`` in the order of FIELDS; occurred_at first."""
    return json.dumps(
        [VERSION, _time(values[0]), *values[1:]], separators=(",", ":"), ensure_ascii=True
    ).encode()


def canonical_of(fields: Mapping[str, Any]) -> bytes:
    return canonical([fields[name] for name in FIELDS])


def mac(key: bytes, data: bytes) -> str:
    return hmac.digest(key, data, "sha256").hex()


def entry_leaf(entry_id: int, data: bytes, entry_mac: str) -> bytes:
    return b"entry:%d:%s:%s" % (entry_id, data, entry_mac.encode())


def gap_leaf(first: int, last: int) -> bytes:
    """A leaf that says: ids first..last never arrived (rolled back, lost, or removed)."""
    return b"gap:%d:%d" % (first, last)


def key_bytes(key: str) -> bytes:
    return key.encode()
