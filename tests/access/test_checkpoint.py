"""Signed checkpoints: the note format, the signature, and the append-only directory."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from jimnet.access.checkpoint import BadCheckpoint, PublicKey, Publisher, Signer, parse

ROOT = bytes(range(32))
WHEN = datetime(2026, 11, 24, 10, 0, tzinfo=UTC)


def test_a_signed_checkpoint_reads_back_and_names_its_predecessor():
    signer = Signer("jimnet.test/access-log", "22" * 32)
    first = signer.sign(5, ROOT, WHEN, None)
    second = signer.sign(9, ROOT[::-1], WHEN + timedelta(seconds=5), first)
    assert first.startswith("jimnet.test/access-log\n5\n")
    one, two = parse(first, signer.public), parse(second, signer.public)
    assert (one.size, one.root, one.time, one.prev) == (5, ROOT, WHEN, None)
    assert two.prev == one.digest


def test_an_altered_or_foreign_checkpoint_is_refused():
    signer = Signer("jimnet.test/access-log", "22" * 32)
    note = signer.sign(5, ROOT, WHEN, None)
    with pytest.raises(BadCheckpoint, match="signature"):
        parse(note.replace("\n5\n", "\n6\n"), signer.public)
    other = Signer("jimnet.test/access-log", "33" * 32)
    with pytest.raises(BadCheckpoint, match="signature"):
        parse(note, other.public)
    with pytest.raises(BadCheckpoint):
        parse(note.split("\n\n")[0], signer.public)


def test_the_public_key_round_trips_as_text():
    signer = Signer("jimnet.test/access-log", "22" * 32)
    text = signer.public.text()
    assert PublicKey.parse(text) == signer.public
    name, key_id, key = text.split("+", 2)
    with pytest.raises(ValueError, match="id does not match"):
        PublicKey.parse(f"{name}+{'0' * len(key_id)}+{key}")


def test_the_publisher_appends_and_finds_the_newest(tmp_path):
    signer = Signer("jimnet.test/access-log", "22" * 32)
    publisher = Publisher(tmp_path / "cp")
    notes = []
    previous = None
    for i in range(60):  # more than a 4 KB tail
        previous = signer.sign(i + 1, ROOT, WHEN + timedelta(hours=i), previous)
        publisher.publish(previous, WHEN + timedelta(hours=i), signer.public)
        notes.append(previous)
    assert publisher.latest() == notes[-1]
    assert [n for _, n in publisher.read()] == notes
    assert len(list((tmp_path / "cp").glob("checkpoints-*.txt"))) == 3  # one file per day
    assert (tmp_path / "cp" / "public-key.txt").read_text().strip() == signer.public.text()
