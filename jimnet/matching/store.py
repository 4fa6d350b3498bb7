"""Model files and their versions: save with skops and a model card, load only what checks out,
activate and roll back one version at a time.

**Never pickle.** Files are written with ``skops.io.dump`` and read with ``skops.io.load`` and an
explicit list of the few types beyond skops' defaults that our models contain
(:data:`TRUSTED`); a file that names any other type is refused before it is loaded.

**Loading checks, in order:** the file exists; its SHA-256 is the one recorded when it was saved
(a single changed byte is caught here); skops finds no type outside the trusted list; it loads;
it is the kind and feature version the row says. Any failure is a :class:`Refused` with a
reason code (shown to the admin in words) and the caller falls back to the points score. The
hash is checked on every use, not only on the first load, so a file changed while the server
runs is refused from the next request on; the verified model itself is cached per hash.
"""

from __future__ import annotations

import hashlib
import logging
import os
import tempfile
import threading
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

import numpy as np
import skops.io as sio
from sqlalchemy import select, update
from sqlalchemy.orm import Session

from jimnet.db import utcnow
from jimnet.matching.features import FEATURE_VERSION, FEATURES
from jimnet.matching.models import ModelKind, ModelVersion

log = logging.getLogger(__name__)

# Types in our files that skops does not trust by itself; nothing else is ever loaded.
TRUSTED: tuple[str, ...] = (
    "numpy.dtype",
    "sklearn.calibration._CalibratedClassifier",
    "sklearn.calibration._SigmoidCalibration",
    "sklearn.ensemble._hist_gradient_boosting.predictor.TreePredictor",
)

# Why a file was refused (codes; the pages say them in words).
MISSING = "missing"
CHECKSUM = "checksum"
UNTRUSTED = "untrusted"
CORRUPT = "corrupt"
MISMATCH = "mismatch"


@dataclass(frozen=True)
class KindSpec:
    """What a file of a kind must contain: its feature names, in order, and their version."""

    features: tuple[str, ...]
    feature_version: int


# Every kind that may be saved and loaded; the volunteer-mentor matcher registers its own
# (``jimnet.pool.learning``), so this module needs to know nothing of the pool.
SPECS: dict[str, KindSpec] = {str(ModelKind.JIM_RANKER): KindSpec(FEATURES, FEATURE_VERSION)}


def register_kind(kind: ModelKind, features: Sequence[str], feature_version: int) -> None:
    SPECS[str(kind)] = KindSpec(tuple(features), feature_version)


class Refused(Exception):
    def __init__(self, code: str, detail: str = "") -> None:
        super().__init__(f"{code}: {detail}" if detail else code)
        self.code = code
        self.detail = detail


@dataclass(frozen=True)
class LoadedModel:
    version_id: int
    algorithm: str
    estimator: Any
    baseline: np.ndarray[Any, np.dtype[np.float64]]


def models_dir(config: dict[str, Any] | Any) -> Path:
    return Path(config["JIMNET_MODELS_DIR"])


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 16), b""):
            digest.update(block)
    return digest.hexdigest()


def _write_atomically(path: Path, data: bytes) -> None:
    """Write next to the target and rename: a reader never sees half a file."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.")
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def save(
    session: Session,
    directory: Path,
    *,
    kind: ModelKind,
    algorithm: str,
    estimator: Any,
    baseline: np.ndarray[Any, np.dtype[np.float64]],
    samples: int,
    groups: int,
    metrics: dict[str, Any],
    notes: str,
    card: str,
    created_by: str,
    trained_at: datetime | None = None,
) -> ModelVersion:
    """Write the model file and its card, and record an inactive version pointing at them."""
    trained_at = trained_at or utcnow()
    spec = SPECS[str(kind)]
    data = sio.dumps(
        {
            "kind": str(kind),
            "algorithm": algorithm,
            "feature_version": spec.feature_version,
            "features": list(spec.features),
            "estimator": estimator,
            "baseline": baseline,
        }
    )
    digest = hashlib.sha256(data).hexdigest()
    stem = f"{kind}-{trained_at:%Y%m%dT%H%M%S}-{digest[:10]}"
    _write_atomically(directory / f"{stem}.skops", data)
    _write_atomically(directory / f"{stem}.md", card.encode("utf-8"))
    version = ModelVersion(
        kind=str(kind),
        algorithm=algorithm,
        trained_at=trained_at,
        samples=samples,
        groups=groups,
        features=list(spec.features),
        feature_version=spec.feature_version,
        metrics=metrics,
        notes=notes,
        file_name=f"{stem}.skops",
        sha256=digest,
        created_by_name=created_by,
    )
    session.add(version)
    session.flush()
    return version


def card_path(directory: Path, version: ModelVersion) -> Path:
    return directory / version.file_name.replace(".skops", ".md")


_cache: dict[str, LoadedModel] = {}
_cache_lock = threading.Lock()


def load(directory: Path, version: ModelVersion) -> LoadedModel:
    """The verified model of this version, or :class:`Refused` with the reason."""
    path = directory / version.file_name
    if path.name != version.file_name or not path.is_file():
        raise Refused(MISSING, version.file_name)
    try:
        data = path.read_bytes()
    except OSError as error:
        raise Refused(MISSING, str(error)) from None
    digest = hashlib.sha256(data).hexdigest()
    if digest != version.sha256:
        raise Refused(CHECKSUM, f"expected {version.sha256[:12]}…, found {digest[:12]}…")
    with _cache_lock:
        cached = _cache.get(digest)
    if cached is not None and cached.version_id == version.id:
        return cached
    try:
        untrusted = sio.get_untrusted_types(data=data)
    except Exception as error:
        raise Refused(CORRUPT, type(error).__name__) from None
    unexpected = sorted(set(untrusted) - set(TRUSTED))
    if unexpected:
        raise Refused(UNTRUSTED, ", ".join(unexpected))
    try:
        content = sio.loads(data, trusted=list(untrusted))
    except Exception as error:
        raise Refused(CORRUPT, type(error).__name__) from None
    spec = SPECS.get(version.kind)
    if (
        spec is None
        or not isinstance(content, dict)
        or content.get("kind") != version.kind
        or content.get("feature_version") != spec.feature_version
        or list(content.get("features") or []) != list(spec.features)
        or not hasattr(content.get("estimator"), "predict_proba")
    ):
        raise Refused(MISMATCH, "kind or features differ from this version of jimnet")
    loaded = LoadedModel(
        version_id=version.id,
        algorithm=str(content.get("algorithm") or version.algorithm),
        estimator=content["estimator"],
        baseline=np.asarray(content["baseline"], dtype=np.float64),
    )
    with _cache_lock:
        _cache[digest] = loaded
    return loaded


def check(directory: Path, version: ModelVersion) -> Refused | None:
    """Why this version's file cannot be used, or None (for the admin's list)."""
    try:
        load(directory, version)
    except Refused as refused:
        return refused
    return None


# --- versions ----------------------------------------------------------------------------


def versions(session: Session, kind: ModelKind) -> list[ModelVersion]:
    return list(
        session.scalars(
            select(ModelVersion)
            .where(ModelVersion.kind == kind)
            .order_by(ModelVersion.trained_at.desc(), ModelVersion.id.desc())
        )
    )


def active(session: Session, kind: ModelKind) -> ModelVersion | None:
    return session.scalars(
        select(ModelVersion).where(ModelVersion.kind == kind, ModelVersion.active.is_(True))
    ).first()


class Stale(Exception):
    """Someone else changed which version is active since the page was shown."""


# "Whatever is active now": for the command line, which shows no page first.
ANY = -1


def _lock_kind(session: Session, kind: str, expected_active_id: int | None) -> None:
    """Row locks on every version of the kind (PostgreSQL; SQLite writes one at a time), so
    that two activations run one after the other and the second sees the first's result; then
    the active version must still be the one the admin saw."""
    rows = session.execute(
        select(ModelVersion.id, ModelVersion.active)
        .where(ModelVersion.kind == kind)
        .with_for_update()
    ).all()
    if expected_active_id == ANY:
        return
    now_active = next((row.id for row in rows if row.active), None)
    if now_active != expected_active_id:
        raise Stale(f"active is {now_active}, the page showed {expected_active_id}")


def activate(
    session: Session,
    version: ModelVersion,
    *,
    by_id: int | None,
    by_name: str,
    expected_active_id: int | None = ANY,
    at: datetime | None = None,
) -> None:
    """Make this the one active version of its kind (also for rolling back to an older one).
    Raises :class:`Stale` when the active version is no longer ``expected_active_id``."""
    at = at or utcnow()
    _lock_kind(session, version.kind, expected_active_id)
    session.execute(
        update(ModelVersion)
        .where(
            ModelVersion.kind == version.kind,
            ModelVersion.active.is_(True),
            ModelVersion.id != version.id,
        )
        .values(active=False)
        .execution_options(synchronize_session=False)
    )
    session.flush()
    session.execute(
        update(ModelVersion)
        .where(ModelVersion.id == version.id)
        .values(active=True, activated_at=at, activated_by_id=by_id, activated_by_name=by_name)
        .execution_options(synchronize_session=False)
    )
    session.expire_all()


def deactivate(session: Session, kind: ModelKind, expected_active_id: int | None = ANY) -> None:
    """Back to the points score: no version of this kind is active."""
    _lock_kind(session, kind, expected_active_id)
    session.execute(
        update(ModelVersion)
        .where(ModelVersion.kind == kind, ModelVersion.active.is_(True))
        .values(active=False)
        .execution_options(synchronize_session=False)
    )
    session.expire_all()
