"""A proposal's reasons in plain words (B1), from the codes kept on the match."""

from __future__ import annotations

from typing import Any

from flask_babel import format_decimal, ngettext
from flask_babel import gettext as _

from jimnet.pool import labels
from jimnet.pool.compatibility import RULE_WEIGHTS


def sentence(reason: dict[str, Any], *, to_youth: bool = False) -> str:
    code = reason.get("code")
    if code == "interests":
        what = labels.words(labels.INTERESTS, reason.get("values", [])).lower()
        return _("Jullie houden allebei van: %(what)s", what=what)
    if code == "language":
        what = labels.words(labels.LANGUAGES, reason.get("values", []))
        if reason.get("asked"):
            return (
                _("Spreekt %(what)s, zoals je vroeg", what=what)
                if to_youth
                else _("Spreekt %(what)s, zoals gevraagd", what=what)
            )
        return _("Spreekt %(what)s", what=what)
    if code == "distance":
        km = int(reason.get("km", 0))
        if km <= 1:
            return _("Woont in dezelfde plaats")
        return ngettext("Woont %(num)d km verderop", "Woont %(num)d km verderop", km)
    if code == "gender":
        value = reason.get("value")
        if value == "woman":
            return (
                _("Is een vrouw, zoals je vroeg") if to_youth else _("Is een vrouw, zoals gevraagd")
            )
        return _("Is een man, zoals je vroeg") if to_youth else _("Is een man, zoals gevraagd")
    return ""


def sentences(reasons: list[dict[str, Any]], *, to_youth: bool = False) -> list[str]:
    return [s for s in (sentence(r, to_youth=to_youth) for r in reasons) if s]


def band_words(band: str) -> str:
    return {
        "good": _("Past goed"),
        "fair": _("Past redelijk"),
        "weak": _("Past matig"),
    }.get(band, band)


def method_words(method: str, version_id: int | None = None) -> str:
    if method == "model" and version_id is not None:
        return _("geleerd van eerdere koppelingen (model versie %(id)s)", id=version_id)
    if method == "model":
        return _("geleerd van eerdere koppelingen")
    return _("vaste regel (nog te weinig eerdere koppelingen om van te leren)")


# Counts in sentences: every number with its noun through ngettext ("1 voorstel", "2 voorstellen").


def proposals(n: int) -> str:
    return ngettext("%(num)d voorstel", "%(num)d voorstellen", n)


def young_people(n: int) -> str:
    return ngettext("%(num)d jongere", "%(num)d jongeren", n)


def waiting_young_people(n: int) -> str:
    return ngettext("%(num)d wachtende jongere", "%(num)d wachtende jongeren", n)


def places(n: int) -> str:
    return ngettext("%(num)d plek", "%(num)d plekken", n)


def rule_words() -> str:
    """The documented rule in words, with its weights as they are in the code."""
    return _(
        "%(interests)s × gedeelde interesses + %(languages)s × taal + %(distance)s × nabijheid",
        **{name: format_decimal(weight) for name, weight in RULE_WEIGHTS.items()},
    )
