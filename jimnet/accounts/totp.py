"""TOTP second factor (pyotp). A code is accepted once: the accepted time step is stored."""

from __future__ import annotations

import time

import pyotp
import segno

ISSUER = "jimnet"
STEP = 30


def new_secret() -> str:
    return pyotp.random_base32()


def provisioning_uri(secret: str, email: str) -> str:
    return pyotp.TOTP(secret).provisioning_uri(name=email, issuer_name=ISSUER)


def qr_svg(uri: str) -> str:
    """An inline SVG of the QR code, drawn here: no image service, no network."""
    return str(segno.make(uri, error="m").svg_inline(scale=4, dark="#1b1b1b", light="#ffffff"))


def accepted_step(
    secret: str, code: str, last_step: int | None, now: float | None = None
) -> int | None:
    """The time step the code belongs to, if it is valid and newer than the last one accepted.

    One step of clock drift either way is tolerated, as most authenticator apps need.
    """
    code = "".join(ch for ch in code if ch.isdigit())
    if len(code) != 6:
        return None
    now = time.time() if now is None else now
    totp = pyotp.TOTP(secret, interval=STEP)
    current = int(now // STEP)
    for step in (current - 1, current, current + 1):
        if pyotp.utils.strings_equal(totp.at(step * STEP), code):
            if last_step is not None and step <= last_step:
                return None
            return step
    return None
