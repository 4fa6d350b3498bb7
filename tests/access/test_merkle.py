"""The Merkle tree against RFC 9162's own recursive definitions and an independent library."""

from __future__ import annotations

import hashlib
import warnings

import pytest
from hypothesis import given
from hypothesis import strategies as st

from jimnet.access import merkle


def _mth(leaves: list[bytes]) -> bytes:
    """MTH of RFC 9162 §2.1.1, written straight from the text."""
    if not leaves:
        return hashlib.sha256(b"").digest()
    if len(leaves) == 1:
        return merkle.leaf_hash(leaves[0])
    k = 1 << ((len(leaves) - 1).bit_length() - 1)
    return merkle.node_hash(_mth(leaves[:k]), _mth(leaves[k:]))


def _path(m: int, leaves: list[bytes]) -> list[bytes]:
    """PATH(m, D[n]) of §2.1.3.1."""
    if len(leaves) <= 1:
        return []
    k = 1 << ((len(leaves) - 1).bit_length() - 1)
    if m < k:
        return [*_path(m, leaves[:k]), _mth(leaves[k:])]
    return [*_path(m - k, leaves[k:]), _mth(leaves[:k])]


def _subproof(m: int, leaves: list[bytes], whole: bool) -> list[bytes]:
    """SUBPROOF(m, D[n], b) of §2.1.4.1."""
    n = len(leaves)
    if m == n:
        return [] if whole else [_mth(leaves)]
    k = 1 << ((n - 1).bit_length() - 1)
    if m <= k:
        return [*_subproof(m, leaves[:k], whole), _mth(leaves[k:])]
    return [*_subproof(m - k, leaves[k:], False), _mth(leaves[:k])]


def _build(leaves: list[bytes]) -> tuple[merkle.Builder, dict[merkle.Node, bytes]]:
    builder = merkle.Builder(0, [])
    nodes: dict[merkle.Node, bytes] = {}
    for i, data in enumerate(leaves):
        digest = merkle.leaf_hash(data)
        nodes[(0, i)] = digest
        for level, index, node in builder.append(digest):
            nodes[(level, index)] = node
    return builder, nodes


LEAVES = [f"entry {i}".encode() for i in range(40)]


def test_roots_match_the_rfc_and_an_independent_implementation():
    from pymerkle import InmemoryTree

    other = InmemoryTree(algorithm="sha256")
    builder = merkle.Builder(0, [])
    assert builder.root() == _mth([])
    for i, data in enumerate(LEAVES, start=1):
        other.append_entry(data)
        builder.append(merkle.leaf_hash(data))
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", DeprecationWarning)
            assert builder.root() == _mth(LEAVES[:i]) == other.get_root()


def test_a_builder_resumes_from_its_frontier():
    full, nodes = _build(LEAVES)
    for size in range(len(LEAVES)):
        resumed = merkle.Builder(size, [nodes[n] for n in merkle.frontier(size)])
        for data in LEAVES[size:]:
            resumed.append(merkle.leaf_hash(data))
        assert resumed.root() == full.root()


@pytest.mark.parametrize("size", [1, 2, 3, 5, 8, 13, 31, 40])
def test_inclusion_proofs_are_the_rfc_paths_and_verify(size):
    leaves = LEAVES[:size]
    _, nodes = _build(leaves)
    root = _mth(leaves)
    for m in range(size):
        proof = merkle.resolve(merkle.inclusion_ranges(m, size), nodes)
        assert proof == _path(m, leaves)
        assert merkle.verify_inclusion(merkle.leaf_hash(leaves[m]), m, size, proof, root)
        assert not merkle.verify_inclusion(merkle.leaf_hash(b"forged"), m, size, proof, root)
        if size > 1:
            assert not merkle.verify_inclusion(
                merkle.leaf_hash(leaves[m]), (m + 1) % size, size, proof, root
            )


@pytest.mark.parametrize("new", [1, 2, 3, 6, 7, 8, 9, 21, 40])
def test_consistency_proofs_are_the_rfc_proofs_and_verify(new):
    leaves = LEAVES[:new]
    _, nodes = _build(leaves)
    for old in range(1, new + 1):
        proof = merkle.resolve(merkle.consistency_ranges(old, new), nodes)
        assert proof == _subproof(old, leaves, True)
        assert merkle.verify_consistency(old, new, _mth(leaves[:old]), _mth(leaves), proof)
        if old < new:
            rewritten = [b"rewritten", *leaves[1:]]
            assert not merkle.verify_consistency(
                old, new, _mth(rewritten[:old]), _mth(leaves), proof
            )


@given(st.integers(1, 300), st.data())
def test_any_leaf_of_any_tree_has_a_valid_proof(size, data):
    index = data.draw(st.integers(0, size - 1))
    old = data.draw(st.integers(1, size))
    leaves = [b"%d" % i for i in range(size)]
    builder, nodes = _build(leaves)
    path = merkle.resolve(merkle.inclusion_ranges(index, size), nodes)
    assert merkle.verify_inclusion(nodes[(0, index)], index, size, path, builder.root())
    proof = merkle.resolve(merkle.consistency_ranges(old, size), nodes)
    old_root = merkle.fold([nodes[n] for n in merkle.frontier(old)])
    assert merkle.verify_consistency(old, size, old_root, builder.root(), proof)
