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
from json.encoder import c_make_encoder, encode_basestring_ascii  # type: ignore[attr-defined]
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


# The C encoder of the json module, made once: the same bytes as
# ``json.dumps(value, separators=(",", ":"), ensure_ascii=True)``, without building an encoder
# per call (which doubled the cost of verifying a million entries).
ENCODE = (
    c_make_encoder(None, None, encode_basestring_ascii, None, ":", ",", False, False, True)
    if c_make_encoder is not None
    else lambda value, level: [json.dumps(value, separators=(",", ":"), ensure_ascii=True)]
)


def time_text(value: datetime) -> str:
    """UTC, microseconds, no offset: ``2026-11-24T10:00:00.123456``."""
    if value.tzinfo is not None:
        value = value.astimezone(UTC)
    return value.isoformat(timespec="microseconds")[:26]


def canonical(values: Sequence[Any]) -> bytes:
    """``values`` in the order of FIELDS; occurred_at first, as a datetime or already as
    ``time_text`` (the verifier has the database format it, which is much cheaper)."""
    when = values[0] if isinstance(values[0], str) else time_text(values[0])
    return "".join(ENCODE([VERSION, when, *values[1:]], 0)).encode()


def canonical_of(fields: Mapping[str, Any]) -> bytes:
    return canonical([fields[name] for name in FIELDS])


def mac(key: bytes, data: bytes) -> str:
    return hmac.digest(key, data, "sha256").hex()


def entry_leaf(entry_id: int, data: bytes, entry_mac: str, mac_ok: bool = True) -> bytes:
    """The leaf of an entry. The sequencer checks the MAC before it places the entry and says
    what it found in the leaf itself (``entry`` or ``forged``), so the signed tree carries the
    verdict and a verifier without the entry key can still read it."""
    kind = b"entry" if mac_ok else b"forged"
    return b"%s:%d:%s:%s" % (kind, entry_id, data, entry_mac.encode())


def gap_leaf(first: int, last: int) -> bytes:
    """A leaf that says: ids first..last never arrived (rolled back, lost, or removed)."""
    return b"gap:%d:%d" % (first, last)


def key_bytes(key: str) -> bytes:
    return key.encode()
