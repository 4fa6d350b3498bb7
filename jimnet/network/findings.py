"""The analysis in plain Dutch sentences (B1), for the page beside the map and for the API."""

from __future__ import annotations

from dataclasses import dataclass

from flask_babel import gettext as _
from flask_babel import ngettext

from jimnet.network import labels
from jimnet.network.analysis import CONFLICT_TIE, Analysis
from jimnet.network.models import BIG5_DOMAINS, SupportDomain

THIN_NETWORK = 5


@dataclass(frozen=True)
class Finding:
    topic: str  # size | gap | carrier | conflict | reciprocity
    level: str  # warning | info | good
    text: str

    def as_dict(self) -> dict[str, str]:
        return {"topic": self.topic, "level": self.level, "text": self.text}


def _names(names: list[str]) -> str:
    if len(names) <= 1:
        return "".join(names)
    return _("%(first)s en %(last)s", first=", ".join(names[:-1]), last=names[-1])


def describe(analysis: Analysis) -> list[Finding]:
    found: list[Finding] = []
    size_text = ngettext(
        "Er staat %(num)d persoon op de kaart", "Er staan %(num)d mensen op de kaart", analysis.size
    )
    found.append(
        Finding(
            "size",
            "warning" if analysis.size < THIN_NETWORK else "info",
            size_text
            + "; "
            + ngettext("%(num)d is volwassen.", "%(num)d zijn volwassen.", analysis.adults),
        )
    )
    if analysis.size < THIN_NETWORK:
        found.append(
            Finding("size", "warning", _("Het netwerk is klein. Wie zou er nog bij kunnen?"))
        )
    if not analysis.always_there_adults:
        found.append(
            Finding(
                "gap",
                "warning",
                _("Er is geen volwassene dichtbij die steunt of praktisch helpt."),
            )
        )
    else:
        found.append(
            Finding(
                "gap",
                "good",
                _(
                    "Volwassenen dichtbij die steunen of helpen: %(names)s.",
                    names=_names([p.name for p in analysis.always_there_adults]),
                ),
            )
        )
    for domain in SupportDomain:
        if domain.value in analysis.uncovered:
            level = "warning" if domain in BIG5_DOMAINS else "info"
            found.append(Finding("gap", level, str(labels.NOBODY[domain])))
    for sole_domain, person in analysis.sole_supporter.items():
        found.append(
            Finding(
                "carrier",
                "info",
                _(
                    "Alleen %(name)s helpt bij %(domain)s.",
                    name=person.name,
                    domain=str(labels.DOMAIN[sole_domain]).lower(),
                ),
            )
        )
    if len(analysis.bridges) == 1:
        found.append(
            Finding(
                "carrier",
                "info",
                _(
                    "%(name)s verbindt mensen die elkaar anders niet kennen. "
                    "Valt %(name)s weg, dan valt het netwerk uit elkaar.",
                    name=analysis.bridges[0].name,
                ),
            )
        )
    elif analysis.bridges:
        found.append(
            Finding(
                "carrier",
                "info",
                _(
                    "%(names)s verbinden mensen die elkaar anders niet kennen. "
                    "Valt een van hen weg, dan valt het netwerk uit elkaar.",
                    names=_names([p.name for p in analysis.bridges]),
                ),
            )
        )
    for person, kinds, domains in analysis.pillars:
        found.append(
            Finding(
                "carrier",
                "info",
                _(
                    "Op %(name)s rust veel: %(kinds)d soorten steun bij %(domains)d onderwerpen.",
                    name=person.name,
                    kinds=kinds,
                    domains=domains,
                ),
            )
        )
    for person in analysis.conflict_with_youth:
        found.append(
            Finding(
                "conflict", "warning", _("Met %(name)s is er ruzie of spanning.", name=person.name)
            )
        )
    for a, b in analysis.conflict_pairs:
        found.append(
            Finding(
                "conflict",
                "warning",
                _("%(a)s en %(b)s hebben ruzie of spanning met elkaar.", a=a.name, b=b.name),
            )
        )
    for supporter, other, why in analysis.supporters_near_conflict:
        if why == CONFLICT_TIE:
            text = _(
                "%(name)s helpt, maar heeft ruzie of spanning met %(other)s.",
                name=supporter.name,
                other=other.name,
            )
        else:
            text = _(
                "%(name)s helpt, en staat dicht bij %(other)s, met wie het botst.",
                name=supporter.name,
                other=other.name,
            )
        found.append(Finding("conflict", "info", text))
    if analysis.reciprocal:
        found.append(
            Finding(
                "reciprocity",
                "good",
                _(
                    "Steun gaat twee kanten op met %(names)s.",
                    names=_names([p.name for p in analysis.reciprocal]),
                ),
            )
        )
    return found
