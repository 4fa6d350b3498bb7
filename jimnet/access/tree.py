"""The Merkle tree as stored: leaves and complete nodes, read in one query per question."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from sqlalchemy import and_, or_, select
from sqlalchemy.orm import Session

from jimnet.access import merkle
from jimnet.access.models import AccessLogLeaf, AccessLogNode


class MissingNode(LookupError):
    """The database lacks a node the tree of that size must have (removed, or never built)."""


def fetch(session: Session, nodes: Iterable[merkle.Node]) -> dict[merkle.Node, bytes]:
    by_level: dict[int, set[int]] = defaultdict(set)
    for level, index in nodes:
        by_level[level].add(index)
    found: dict[merkle.Node, bytes] = {}
    leaves = by_level.pop(0, set())
    if leaves:
        for seq, digest in session.execute(
            select(AccessLogLeaf.seq, AccessLogLeaf.hash).where(AccessLogLeaf.seq.in_(leaves))
        ):
            found[(0, seq)] = bytes(digest)
    if by_level:
        condition = or_(
            *(
                and_(AccessLogNode.level == level, AccessLogNode.index.in_(indexes))
                for level, indexes in by_level.items()
            )
        )
        for level, index, digest in session.execute(
            select(AccessLogNode.level, AccessLogNode.index, AccessLogNode.hash).where(condition)
        ):
            found[(level, index)] = bytes(digest)
    missing = {(lv, ix) for lv, ixs in by_level.items() for ix in ixs} | {(0, i) for i in leaves}
    missing -= found.keys()
    if missing:
        raise MissingNode(f"the stored tree lacks {len(missing)} node(s), e.g. {min(missing)}")
    return found


def frontier(session: Session, size: int) -> list[bytes]:
    nodes = merkle.frontier(size)
    found = fetch(session, nodes)
    return [found[n] for n in nodes]


def root(session: Session, size: int) -> bytes:
    return merkle.fold(frontier(session, size))


@dataclass(frozen=True)
class InclusionProof:
    seq: int
    size: int
    path: list[bytes]


def inclusion_proofs(
    session: Session, seqs: Iterable[int], size: int
) -> Mapping[int, InclusionProof]:
    """Proofs for several leaves against one tree size, from a single fetch of nodes."""
    wanted = {seq: merkle.inclusion_ranges(seq, size) for seq in seqs if 0 <= seq < size}
    nodes = fetch(session, merkle.nodes_for(r for ranges in wanted.values() for r in ranges))
    return {
        seq: InclusionProof(seq, size, merkle.resolve(ranges, nodes))
        for seq, ranges in wanted.items()
    }


def consistency_proof(session: Session, old: int, new: int) -> list[bytes]:
    ranges = merkle.consistency_ranges(old, new)
    return merkle.resolve(ranges, fetch(session, merkle.nodes_for(ranges)))
