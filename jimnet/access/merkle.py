"""The Merkle tree of RFC 9162 (Certificate Transparency 2.0, §2.1), over stored nodes.

Only *complete* subtrees are stored (a node at ``level`` and ``index`` covers leaves
``[index·2^level, (index+1)·2^level)``); any other subtree the RFC's recursion needs is a fold of
complete ones. Proof generation therefore asks for a set of node coordinates, which the caller
fetches in one query, and then combines them here; verification needs nothing but the proof.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterable, Mapping, Sequence

Node = tuple[int, int]  # (level, index)
EMPTY_ROOT = hashlib.sha256(b"").digest()


def leaf_hash(data: bytes) -> bytes:
    return hashlib.sha256(b"\x00" + data).digest()


def node_hash(left: bytes, right: bytes) -> bytes:
    return hashlib.sha256(b"\x01" + left + right).digest()


def _split(n: int) -> int:
    """The largest power of two smaller than n (n > 1)."""
    return 1 << ((n - 1).bit_length() - 1)


def complete_nodes(start: int, end: int) -> list[Node]:
    """The complete subtrees that make up the RFC subtree ``[start, end)``, left to right."""
    nodes = []
    while start < end:
        level = (end - start).bit_length() - 1
        nodes.append((level, start >> level))
        start += 1 << level
    return nodes


def fold(hashes: Sequence[bytes]) -> bytes:
    """The root of a subtree from its complete parts (left to right), as the RFC defines it."""
    if not hashes:
        return EMPTY_ROOT
    result = hashes[-1]
    for left in reversed(hashes[:-1]):
        result = node_hash(left, result)
    return result


def frontier(size: int) -> list[Node]:
    """The complete subtrees of a tree of ``size`` leaves: what an append needs to remember."""
    return complete_nodes(0, size)


# -- proofs: which ranges they consist of ---------------------------------------------------------


def inclusion_ranges(index: int, size: int) -> list[tuple[int, int]]:
    """PATH(m, D[n]) of RFC 9162 §2.1.3.1 as subtree ranges, from the leaf upwards."""
    if not 0 <= index < size:
        raise ValueError(f"leaf {index} is not in a tree of {size}")
    path: list[tuple[int, int]] = []
    start, end = 0, size
    while end - start > 1:
        k = _split(end - start)
        if index < start + k:
            path.append((start + k, end))
            end = start + k
        else:
            path.append((start, start + k))
            start += k
    path.reverse()
    return path


def consistency_ranges(old: int, new: int) -> list[tuple[int, int]]:
    """PROOF(m, D[n]) of RFC 9162 §2.1.4.1 as subtree ranges, in the RFC's order."""
    if not 0 < old <= new:
        raise ValueError(f"no consistency proof from {old} to {new}")
    ranges: list[tuple[int, int]] = []
    start, end, m, whole = 0, new, old, True
    while m != end - start:
        k = _split(end - start)
        if m <= k:
            ranges.append((start + k, end))
            end = start + k
        else:
            ranges.append((start, start + k))
            start, m, whole = start + k, m - k, False
    if not whole:
        ranges.append((start, end))
    ranges.reverse()
    return ranges


def nodes_for(ranges: Iterable[tuple[int, int]]) -> set[Node]:
    return {node for start, end in ranges for node in complete_nodes(start, end)}


def resolve(ranges: Iterable[tuple[int, int]], nodes: Mapping[Node, bytes]) -> list[bytes]:
    """Turn proof ranges into hashes, given the complete nodes they are made of."""
    return [fold([nodes[n] for n in complete_nodes(start, end)]) for start, end in ranges]


def root_from(size: int, get: Callable[[Sequence[Node]], Mapping[Node, bytes]]) -> bytes:
    nodes = frontier(size)
    found = get(nodes)
    return fold([found[n] for n in nodes])


# -- verification (RFC 9162 §2.1.3.2 and §2.1.4.2) -----------------------------------------------


def verify_inclusion(
    leaf: bytes, index: int, size: int, proof: Sequence[bytes], root: bytes
) -> bool:
    if not 0 <= index < size:
        return False
    fn, sn, r = index, size - 1, leaf
    for p in proof:
        if sn == 0:
            return False
        if fn & 1 or fn == sn:
            r = node_hash(p, r)
            if not fn & 1:
                while fn & 1 == 0 and fn != 0:
                    fn >>= 1
                    sn >>= 1
        else:
            r = node_hash(r, p)
        fn >>= 1
        sn >>= 1
    return sn == 0 and r == root


def verify_consistency(
    old: int, new: int, old_root: bytes, new_root: bytes, proof: Sequence[bytes]
) -> bool:
    if old == new:
        return not proof and old_root == new_root
    if not 0 < old < new or not proof:
        return False
    path = list(proof)
    if old & (old - 1) == 0:  # a power of two: the old root is the first node of the path
        path.insert(0, old_root)
    fn, sn = old - 1, new - 1
    while fn & 1:
        fn >>= 1
        sn >>= 1
    fr = sr = path[0]
    for c in path[1:]:
        if sn == 0:
            return False
        if fn & 1 or fn == sn:
            fr = node_hash(c, fr)
            sr = node_hash(c, sr)
            if not fn & 1:
                while fn & 1 == 0 and fn != 0:
                    fn >>= 1
                    sn >>= 1
        else:
            sr = node_hash(sr, c)
        fn >>= 1
        sn >>= 1
    return sn == 0 and fr == old_root and sr == new_root


class Builder:
    """Appends leaf hashes to a tree given its frontier; yields every complete node it makes."""

    def __init__(self, size: int, frontier_hashes: Sequence[bytes]) -> None:
        self.size = size
        # One pending hash per set bit of size, highest level first.
        self.stack = list(frontier_hashes)

    def append(self, leaf: bytes) -> list[tuple[int, int, bytes]]:
        made = []
        index, level, current = self.size, 0, leaf
        while index & 1:
            current = node_hash(self.stack.pop(), current)
            index >>= 1
            level += 1
            made.append((level, index, current))
        self.stack.append(current)
        self.size += 1
        return made

    def root(self) -> bytes:
        return fold(self.stack)
