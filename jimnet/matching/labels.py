"""Words on screen for the matching's values (Dutch msgids, B1)."""

from __future__ import annotations

from flask_babel import LazyString
from flask_babel import lazy_gettext as _l

from jimnet.matching import store
from jimnet.matching.ranker import BOOSTING, FALLBACK, LOGISTIC

RANKER: dict[str, LazyString] = {
    FALLBACK: _l("puntentelling"),
    LOGISTIC: _l("geleerd model (logistische regressie)"),
    BOOSTING: _l("geleerd model (gradient boosting)"),
}

REFUSAL: dict[str, LazyString] = {
    store.MISSING: _l("het bestand ontbreekt"),
    store.CHECKSUM: _l(
        "het bestand is veranderd sinds het werd opgeslagen (de controlesom klopt niet)"
    ),
    store.UNTRUSTED: _l("het bestand bevat onderdelen die jimnet niet vertrouwt"),
    store.CORRUPT: _l("het bestand is beschadigd en kan niet gelezen worden"),
    store.MISMATCH: _l("het bestand past niet bij deze versie van jimnet"),
}


def refusal(code: str) -> str:
    return str(REFUSAL.get(code, code))


def ranker(kind: str) -> str:
    return str(RANKER.get(kind, kind))
