"""Proofs for people outside the database: a young person's entries are in the published log.

For the entries on her log page, each leaf is recomputed from the entry row and its inclusion
proof (RFC 9162) is verified against the newest published, signed checkpoint. The same proof
is offered as JSON, so that anyone with the log's public key can check it without trusting us.
"""

from __future__ import annotations

import base64
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from jimnet.access import keyed, merkle, tree
from jimnet.access.checkpoint import Checkpoint
from jimnet.access.models import AccessLogEntry, AccessLogLeaf, AccessLogTree
from jimnet.access.settings import LogSettings


@dataclass
class EntryProof:
    entry_id: int
    seq: int
    leaf: bytes
    path: list[bytes]
    ok: bool


@dataclass
class Inclusion:
    checkpoint: Checkpoint | None
    proofs: list[EntryProof] = field(default_factory=list)
    pending: int = 0  # newer than the checkpoint: not in it yet

    @property
    def checked(self) -> int:
        return sum(1 for p in self.proofs if p.ok)

    @property
    def failed(self) -> int:
        return sum(1 for p in self.proofs if not p.ok)

    def as_json(self, settings: LogSettings) -> dict[str, Any]:
        def b64(data: bytes) -> str:
            return base64.b64encode(data).decode()

        return {
            "how_to_check": (
                "RFC 9162 §2.1.3.2: hash each leaf as SHA-256(0x00 || leaf), fold in the path "
                "and compare with the root of the checkpoint; check the checkpoint's signature "
                "(C2SP signed-note, Ed25519) with the public key."
            ),
            "public_key": settings.public_key.text(),
            "checkpoint": self.checkpoint.note if self.checkpoint else None,
            "entries": [
                {
                    "entry_id": p.entry_id,
                    "leaf_index": p.seq,
                    "leaf": b64(p.leaf),
                    "inclusion_path": [b64(h) for h in p.path],
                    "verified": p.ok,
                }
                for p in self.proofs
            ],
            "not_yet_in_checkpoint": self.pending,
        }


def tree_size(session: Session) -> int:
    size = session.scalar(select(AccessLogTree.size).where(AccessLogTree.id == 1))
    return int(size or 0)


def latest_checkpoint(settings: LogSettings) -> Checkpoint | None:
    return settings.publisher.latest_checkpoint(settings.public_key)


def inclusion(
    session: Session, settings: LogSettings, entries: Sequence[AccessLogEntry]
) -> Inclusion:
    checkpoint = latest_checkpoint(settings)
    result = Inclusion(checkpoint)
    if not entries:
        return result
    if checkpoint is None:
        result.pending = len(entries)
        return result
    by_id = {e.id: e for e in entries}
    leaves = {
        entry_id: (seq, bytes(digest))
        for seq, entry_id, digest in session.execute(
            select(AccessLogLeaf.seq, AccessLogLeaf.entry_id, AccessLogLeaf.hash).where(
                AccessLogLeaf.entry_id.in_(by_id)
            )
        )
    }
    covered = {i: leaves[i][0] for i in by_id if i in leaves and leaves[i][0] < checkpoint.size}
    result.pending = len(by_id) - len(covered)
    try:
        paths = tree.inclusion_proofs(session, covered.values(), checkpoint.size)
    except tree.MissingNode:
        paths = {}
    for entry_id, seq in sorted(covered.items(), key=lambda item: item[1]):
        entry = by_id[entry_id]
        data = keyed.canonical([getattr(entry, name) for name in keyed.FIELDS])
        leaf = keyed.entry_leaf(entry_id, data, entry.mac)
        proof = paths.get(seq)
        ok = proof is not None and merkle.verify_inclusion(
            merkle.leaf_hash(leaf), seq, checkpoint.size, proof.path, checkpoint.root
        )
        result.proofs.append(EntryProof(entry_id, seq, leaf, proof.path if proof else [], ok))
    return result
