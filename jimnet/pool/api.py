"""The pool's JSON API (see the end of this module's history: written after the pages)."""

from __future__ import annotations

from flask import Blueprint

bp = Blueprint("pool_api", __name__)
