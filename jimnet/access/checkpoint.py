"""Signed checkpoints of the log's head, and where they are published.

A checkpoint follows the transparency-log checkpoint format (C2SP ``tlog-checkpoint`` inside a
``signed-note``, as used by Go's checksum database, Sigstore and CT's successors): the log's
origin, its size, the base64 Merkle root, then extension lines; a blank line; and a signature
line ``— <name> <base64(key id ‖ Ed25519 signature)>``. Our extension lines are the signing time
and the SHA-256 of the previous checkpoint, so a removed checkpoint breaks the chain.

The signing key (``JIMNET_LOG_SIGNING_KEY``) lives outside the database, and checkpoints are
published outside it too: appended to one file per day in a directory that the database's
writers cannot change (``JIMNET_LOG_CHECKPOINTS``), and handed to an optional command
(``JIMNET_LOG_PUBLISH_COMMAND``) that can pass them on to a consortium partner, an object store
with retention lock or an RFC 3161 time-stamping authority.
"""

from __future__ import annotations

import base64
import hashlib
import logging
import os
import shlex
import subprocess
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat

logger = logging.getLogger(__name__)

ED25519 = b"\x01"
DASH = "\u2014"
TIME_FORMAT = "%Y-%m-%dT%H:%M:%S.%fZ"


def _b64(data: bytes) -> str:
    return base64.b64encode(data).decode()


def _key_id(name: str, public: bytes) -> bytes:
    return hashlib.sha256(name.encode() + b"\n" + ED25519 + public).digest()[:4]


@dataclass(frozen=True)
class PublicKey:
    """A verifier key in the signed-note text form ``<name>+<hex key id>+<base64(1 ‖ key)>``."""

    name: str
    raw: bytes

    @property
    def key_id(self) -> bytes:
        return _key_id(self.name, self.raw)

    def text(self) -> str:
        return f"{self.name}+{self.key_id.hex()}+{_b64(ED25519 + self.raw)}"

    @classmethod
    def parse(cls, text: str) -> PublicKey:
        try:
            name, key_id, encoded = text.strip().split("+", 2)
            data = base64.b64decode(encoded, validate=True)
        except ValueError as error:
            raise ValueError("not a verifier key: expected <name>+<id>+<key>") from error
        if data[:1] != ED25519 or len(data) != 33:
            raise ValueError("not an Ed25519 verifier key")
        key = cls(name, data[1:])
        if key.key_id.hex() != key_id:
            raise ValueError("the verifier key's id does not match its key")
        return key

    def verify(self, message: bytes, signature: bytes) -> bool:
        try:
            Ed25519PublicKey.from_public_bytes(self.raw).verify(signature, message)
        except InvalidSignature:
            return False
        return True


class Signer:
    def __init__(self, name: str, seed_hex: str) -> None:
        try:
            seed = bytes.fromhex(seed_hex.strip())
        except ValueError as error:
            raise ValueError("JIMNET_LOG_SIGNING_KEY must be 64 hex characters") from error
        if len(seed) != 32:
            raise ValueError("JIMNET_LOG_SIGNING_KEY must be 64 hex characters (32 bytes)")
        self.name = name
        self._key = Ed25519PrivateKey.from_private_bytes(seed)
        raw = self._key.public_key().public_bytes(Encoding.Raw, PublicFormat.Raw)
        self.public = PublicKey(name, raw)

    def sign(self, size: int, root: bytes, when: datetime, previous: str | None) -> str:
        prev = _b64(hashlib.sha256(previous.encode()).digest()) if previous else "-"
        body = (
            f"{self.name}\n{size}\n{_b64(root)}\n"
            f"time {when.astimezone(UTC).strftime(TIME_FORMAT)}\nprev {prev}\n"
        )
        signature = self._key.sign(body.encode())
        return f"{body}\n{DASH} {self.name} {_b64(self.public.key_id + signature)}\n"


@dataclass(frozen=True)
class Checkpoint:
    note: str
    origin: str
    size: int
    root: bytes
    time: datetime
    prev: bytes | None

    @property
    def digest(self) -> bytes:
        return hashlib.sha256(self.note.encode()).digest()


class BadCheckpoint(ValueError):
    pass


def parse(note: str, key: PublicKey) -> Checkpoint:
    """Parse and verify one note; raise BadCheckpoint saying what is wrong with it."""
    body, sep, signatures = note.partition("\n\n")
    if not sep:
        raise BadCheckpoint("it has no signature")
    body += "\n"
    lines = body.splitlines()
    if len(lines) < 5:
        raise BadCheckpoint("it is incomplete")
    verified = False
    for line in signatures.splitlines():
        parts = line.split(" ")
        if len(parts) != 3 or parts[0] != DASH or parts[1] != key.name:
            continue
        try:
            blob = base64.b64decode(parts[2], validate=True)
        except ValueError:
            continue
        if blob[:4] == key.key_id and key.verify(body.encode(), blob[4:]):
            verified = True
    if not verified:
        raise BadCheckpoint("its signature does not match the log's public key")
    origin, size_text, root_text, *extensions = lines
    try:
        size = int(size_text)
        root = base64.b64decode(root_text, validate=True)
        extra = dict(line.split(" ", 1) for line in extensions)
        when = datetime.strptime(extra["time"], TIME_FORMAT).replace(tzinfo=UTC)
        prev = None if extra["prev"] == "-" else base64.b64decode(extra["prev"], validate=True)
    except (ValueError, KeyError) as error:
        raise BadCheckpoint("it is signed but not a checkpoint of this log") from error
    if origin != key.name:
        raise BadCheckpoint(f"it belongs to another log ({origin})")
    return Checkpoint(note, origin, size, root, when, prev)


def split_notes(text: str) -> Iterator[str]:
    """Notes as they are appended to a file: each ends with its signature line(s)."""
    current: list[str] = []
    in_signatures = False
    for line in text.splitlines(keepends=True):
        if in_signatures and not line.startswith(DASH):
            yield "".join(current)
            current, in_signatures = [], False
            if line.strip() == "":
                continue
        current.append(line)
        if line.startswith(DASH):
            in_signatures = True
    if current:
        yield "".join(current)


class Publisher:
    """Appends checkpoints to ``<directory>/checkpoints-<UTC date>.txt`` (O_APPEND, fsync'd)."""

    def __init__(self, directory: Path, command: str | None = None) -> None:
        self.directory = Path(directory)
        self.command = command

    def file_for(self, when: datetime) -> Path:
        return self.directory / f"checkpoints-{when.astimezone(UTC):%Y-%m-%d}.txt"

    def publish(self, note: str, when: datetime, public_key: PublicKey) -> None:
        self.directory.mkdir(parents=True, exist_ok=True)
        self._write_public_key(public_key)
        fd = os.open(self.file_for(when), os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o644)
        try:
            os.write(fd, note.encode() + b"\n")
            os.fsync(fd)
        finally:
            os.close(fd)
        if self.command:
            self._hand_on(note)

    def _write_public_key(self, key: PublicKey) -> None:
        path = self.directory / "public-key.txt"
        if not path.exists():
            path.write_text(key.text() + "\n")

    def _hand_on(self, note: str) -> None:
        assert self.command is not None
        try:
            subprocess.run(  # noqa: S603 - the operator's own configured command
                shlex.split(self.command), input=note.encode(), check=True, timeout=30
            )
        except (OSError, subprocess.SubprocessError):
            # The directory holds it; the command is a second copy and may catch up next time.
            logger.exception("JIMNET_LOG_PUBLISH_COMMAND failed for a checkpoint")

    def latest(self) -> str | None:
        """The newest note, read from the end of the newest file (a day file grows large)."""
        files = sorted(self.directory.glob("checkpoints-*.txt")) if self.directory.is_dir() else []
        for path in reversed(files):
            with path.open("rb") as handle:
                handle.seek(0, os.SEEK_END)
                end = handle.tell()
                handle.seek(max(0, end - 4096))
                tail = handle.read().decode(errors="replace")
            notes = list(
                split_notes(tail if end <= 4096 else tail[tail.find("\n\n", tail.find(DASH)) + 2 :])
            )
            if notes:
                return notes[-1]
        return None

    def latest_checkpoint(self, key: PublicKey) -> Checkpoint | None:
        note = self.latest()
        if note is None:
            return None
        try:
            return parse(note, key)
        except BadCheckpoint:
            return None

    def read(self, since: datetime | None = None) -> list[tuple[Path, str]]:
        """Every note in the directory (from the day of ``since`` on), file by file."""
        if not self.directory.is_dir():
            return []
        first = f"checkpoints-{since.astimezone(UTC):%Y-%m-%d}.txt" if since else ""
        found: list[tuple[Path, str]] = []
        for path in sorted(self.directory.glob("checkpoints-*.txt")):
            if path.name >= first:
                found.extend((path, note) for note in split_notes(path.read_text()))
        return found
