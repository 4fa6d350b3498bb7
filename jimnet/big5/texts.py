"""The words on screen for BIG5's codes: statuses, owners, perspectives, errors and reasons.

Services return codes; views, templates and the API word them here (Dutch msgids, B1).
"""

from __future__ import annotations

from flask_babel import gettext as _
from flask_babel import ngettext

from jimnet.big5.countdown import Phase
from jimnet.big5.domains import DomainSetView
from jimnet.big5.models import ActionOwner, ActionStatus, Perspective
from jimnet.big5.readiness import ReadinessStatus
from jimnet.big5.support import Proposal, Reason


def perspective(value: str) -> str:
    labels: dict[str, str] = {
        Perspective.YOUTH: _("Jongere zelf"),
        Perspective.PROFESSIONAL: _("Professional"),
        Perspective.JIM: _("JIM"),
    }
    return labels.get(str(value), str(value))


def owner(kind: str, name: str | None = None) -> str:
    labels: dict[str, str] = {
        ActionOwner.YOUTH: _("De jongere"),
        ActionOwner.PARENT: _("Ouder"),
        ActionOwner.JIM: _("JIM"),
        ActionOwner.PROFESSIONAL: _("Professional"),
        ActionOwner.OTHER: _("Iemand anders"),
    }
    label = labels.get(str(kind), str(kind))
    if kind == ActionOwner.OTHER and name:
        return name
    return f"{label}: {name}" if name else label


def action_status(value: str) -> str:
    labels: dict[str, str] = {
        ActionStatus.OPEN: _("Open"),
        ActionStatus.DONE: _("Klaar"),
        ActionStatus.DROPPED: _("Vervallen"),
    }
    return labels.get(str(value), str(value))


def readiness(value: str) -> str:
    labels: dict[str, str] = {
        ReadinessStatus.READY: _("Klaar voor 18"),
        ReadinessStatus.READY_WITH_PLAN: _("Klaar met plan"),
        ReadinessStatus.NOT_READY: _("Nog niet klaar"),
        ReadinessStatus.NOT_ASSESSED: _("Nog niet gescoord"),
    }
    return labels.get(str(value), str(value))


def readiness_explained(value: str) -> str:
    labels: dict[str, str] = {
        ReadinessStatus.READY: _("Alle domeinen staan op 4 of 5."),
        ReadinessStatus.READY_WITH_PLAN: _(
            "Niet alle domeinen staan op 4 of 5, maar voor elk domein onder 4 is er een open actie die op tijd is."
        ),
        ReadinessStatus.NOT_READY: _(
            "Een domein staat onder 4 en heeft geen open actie, of alleen acties die te laat zijn."
        ),
        ReadinessStatus.NOT_ASSESSED: _("Nog niet elk domein heeft een score van de professional."),
    }
    return labels.get(str(value), str(value))


def phase(value: str) -> str:
    labels: dict[str, str] = {
        Phase.EARLY: _("Nog ruim voor 18"),
        Phase.PREPARING: _("Voorbereiden op 18"),
        Phase.FINAL: _("Het laatste half jaar voor 18"),
        Phase.EXTENDED: _("18+: verlengde jeugdhulp"),
        Phase.AFTER: _("Ouder dan 23"),
    }
    return labels.get(str(value), str(value))


def error(code: str) -> str:
    labels: dict[str, str] = {
        "future": _("Een score kan niet in de toekomst liggen."),
        "before_birth": _("Deze datum ligt vóór de geboortedatum."),
        "unknown_domain": _("Dit domein hoort niet bij de domeinen van deze jongere."),
        "duplicate_domain": _("Dit domein staat er twee keer in."),
        "level_range": _("Kies een score van 1 tot en met 5, of 'Weet ik niet'."),
        "overrule_reason": _("Je kiest een ander niveau dan het voorstel. Schrijf op waarom."),
        "empty": _("Kies bij minstens één domein een score."),
        "too_long": _("Deze tekst is te lang."),
        "what_required": _("Schrijf op wat er moet gebeuren."),
        "owner_name_required": _("Schrijf de naam op van wie dit doet."),
        "due_in_past": _("Kies een datum vandaag of later."),
        "due_too_far": _("Kies een datum binnen vijf jaar."),
        "stale": _(
            "Iemand anders heeft deze actie intussen veranderd. Hieronder staat de nieuwe versie; jouw invoer staat ernaast."
        ),
        "wrong_perspective": _("Je kunt alleen scoren vanuit je eigen rol."),
    }
    return labels.get(code, _("Dit kan niet."))


def domain_list(domain_set: DomainSetView | None, keys: list[str] | tuple[str, ...]) -> str:
    """Network domain values in the words of the set (a NJi 'wonen' covers 'existence_security')."""
    names = []
    for key in keys:
        name = None
        if domain_set is not None:
            domain = domain_set.get(key)
            name = domain.name if domain else None
            if name is None:
                name = next((d.name for d in domain_set.domains if key in d.network_domains), None)
        names.append(name or network_domain(key))
    return ", ".join(dict.fromkeys(names))


def network_domain(key: str) -> str:
    labels: dict[str, str] = {
        "work": _("Werk"),
        "income": _("Inkomen"),
        "existence_security": _("Bestaanszekerheid"),
        "school": _("School"),
        "support": _("Support"),
        "health": _("Gezondheid"),
        "leisure": _("Vrije tijd"),
    }
    return labels.get(key, key)


def reason(item: Reason, domain_set: DomainSetView | None = None) -> str:
    names = ", ".join(item.names)
    if item.code == "no_map":
        return _("Er is nog geen netwerkkaart. Maak die eerst samen; dan volgt een voorstel.")
    if item.code == "members":
        return ngettext(
            "%(num)d persoon op de netwerkkaart.", "%(num)d mensen op de netwerkkaart.", item.count
        )
    if item.code == "adults":
        return ngettext("%(num)d volwassene.", "%(num)d volwassenen.", item.count)
    if item.code == "always_there":
        if not item.names:
            return _("Geen volwassene die er altijd is (dichtbij, positief, en steunt of helpt).")
        return _("Volwassenen die er altijd zijn: %(names)s.", names=names)
    if item.code == "jim":
        return _("JIM in positie: %(names)s.", names=names)
    if item.code == "no_jim":
        return _("Er is (nog) geen JIM.")
    if item.code == "uncovered":
        if not item.names:
            return _("Voor elk domein is er iemand in het netwerk.")
        return _(
            "Niemand in het netwerk helpt bij: %(domains)s.",
            domains=domain_list(domain_set, item.names),
        )
    if item.code == "conflicts":
        return _("Ruzie of conflict met: %(names)s.", names=names)
    return item.code


def proposal_text(proposal: Proposal, domain_set: DomainSetView | None = None) -> str:
    """The reason kept with the score: the level and the facts behind it, in one line."""
    facts = " ".join(reason(r, domain_set) for r in proposal.reasons)
    if proposal.level is None:
        return facts
    return _("Voorstel %(level)d. %(facts)s", level=proposal.level, facts=facts)
