"""Words for the privacy pages (Dutch msgids, B1 level, the second person to the young person)."""

from __future__ import annotations

from flask_babel import gettext as _

from jimnet.access.policy import Relation
from jimnet.privacy.permissions import parent_decides, youth_decides
from jimnet.youth.models import Youth


def export_error(code: str) -> str:
    return {
        "open": _(
            "Je hebt je gegevens al opgevraagd. Download ze hieronder, of vraag ze opnieuw op "
            "als de link verlopen is."
        ),
        "used": _(
            "Deze download is al gebruikt. Vraag je gegevens opnieuw op als je ze nog eens wilt."
        ),
        "expired": _("Deze link is verlopen. Vraag je gegevens opnieuw op."),
        "not_ready": _("Je gegevens worden nog klaargezet. Probeer het zo nog eens."),
        "failed": _("Het klaarzetten is niet gelukt. Vraag je gegevens opnieuw op."),
    }.get(code, _("Dit kan niet."))


def why_no_export(youth: Youth, relation: Relation | None) -> str | None:
    """Why this person cannot ask for the export here, in words; None when they can."""
    if relation == Relation.YOUTH and not youth_decides(youth):
        return _("Je bent jonger dan 12. Je ouders kunnen je gegevens voor je opvragen.")
    if relation == Relation.PARENT and not parent_decides(youth):
        return _(
            "%(name)s is 16 jaar of ouder en beslist zelf over de eigen gegevens. "
            "Alleen %(name)s kan ze opvragen.",
            name=youth.first_name,
        )
    if relation not in (Relation.YOUTH, Relation.PARENT):
        return _(
            "Alleen de jongere (vanaf 12 jaar) of een ouder met gezag (tot 16 jaar) kan deze "
            "gegevens opvragen. Help hen daarbij als ze dat willen."
        )
    return None


def erasure_error(code: str, youth: Youth | None = None) -> str:
    name = youth.first_name if youth is not None else ""
    return {
        "protective_measure": _(
            "Voor dit dossier gold een beschermingsmaatregel. Het wordt niet eerder vernietigd "
            "dan de wet toestaat."
        ),
        "youth_under_12": _(
            "%(name)s is jonger dan 12. Dan vragen de ouders met gezag het aan.", name=name
        ),
        "parent_16": _(
            "%(name)s is 16 jaar of ouder. Alleen %(name)s kan dit nu vragen, niet een ouder.",
            name=name,
        ),
        "future_date": _("Deze datum ligt in de toekomst."),
        "open_request": _("Er ligt al een verzoek dat nog niet is afgehandeld."),
        "same_person": _(
            "Je hebt dit verzoek zelf vastgelegd. Een andere beheerder beslist erover (vier ogen)."
        ),
        "decided": _("Over dit verzoek is al beslist."),
        "reason_needed": _("Schrijf op waarom niet."),
        "stale": _(
            "Iemand anders heeft dit intussen veranderd. Bekijk de nieuwe stand en probeer het opnieuw."
        ),
        "measure_date_without_measure": _(
            "Vul alleen een einddatum in als er een beschermingsmaatregel gold."
        ),
    }.get(code, _("Dit kan niet."))


def erasure_status(status: str) -> str:
    return {
        "recorded": _("wacht op een beheerder"),
        "executed": _("uitgevoerd"),
        "refused": _("geweigerd"),
    }.get(status, status)


def erasure_scope(scope: str) -> str:
    return {
        "derived": _("afgeleide gegevens (scores en kenmerken)"),
        "file": _("het hele dossier"),
    }.get(scope, scope)
