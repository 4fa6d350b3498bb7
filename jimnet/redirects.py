"""One rule for where a user-supplied target (``next=``, the language switch) may send someone.

Only a path on this site is followed. Browsers are lenient where a server is strict: they drop
tabs and newlines inside a URL and read ``\\`` as ``/``, so ``/\\tevil``, ``/%09/evil`` (once
decoded) and ``\\\\evil`` all become ``//evil``, a link to another site. Instead of predicting
every such trick, a target with any control character, whitespace or backslash is refused.
"""

from __future__ import annotations

import re
from urllib.parse import urlsplit

from flask import url_for

_UNSAFE = re.compile(r"[\x00-\x20\x7f\\]|\s")


def safe_target(target: str | None, default: str | None = None) -> str:
    """``target`` if it is a plain path on this site, else ``default`` (the home page)."""
    if target and _is_local_path(target):
        return target
    return default or url_for("home.index")


def _is_local_path(target: str) -> bool:
    if not target.startswith("/") or target.startswith("//") or _UNSAFE.search(target):
        return False
    parts = urlsplit(target)
    return not parts.scheme and not parts.netloc
