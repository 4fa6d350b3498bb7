"""Why a JIM step was refused: a code for programs, an HTTP status, and words for people."""

from __future__ import annotations

from flask_babel import gettext as _


class JimError(Exception):
    """A rule of the JIM workflow was broken; nothing was changed."""

    STATUS = {
        "out_of_order": 409,
        "role": 403,
        "no_consent": 409,
        "no_suitable_outcome": 409,
        "already_in_position": 409,
        "live_nomination": 409,
        "stale": 409,
        "not_in_network": 422,
        "removed": 422,
        "minor": 422,
        "parent": 422,
        "professional": 422,
        "not_authority": 403,
        "consent_age": 422,
        "consent_exists": 409,
        "consent_withdrawn": 409,
        "consent_date": 422,
        "consent_closed": 409,
        "invitation_unusable": 410,
        "invitee_is_close": 422,
        "invitee_is_staff": 422,
        "no_email": 422,
        "conversation_date": 422,
        "vog_date": 422,
        "positioning_date": 422,
        "not_in_position": 409,
        "end_reason": 422,
    }

    def __init__(self, code: str) -> None:
        super().__init__(code)
        self.code = code

    @property
    def status(self) -> int:
        return self.STATUS.get(self.code, 409)

    @property
    def message(self) -> str:
        return message(self.code)


def message(code: str) -> str:
    texts = {
        "out_of_order": _(
            "Deze stap kan nu niet. Kijk bij de stand van zaken wat de volgende stap is."
        ),
        "role": _("Deze stap is niet voor jou. Iemand anders in het team zet hem."),
        "no_consent": _(
            "De toestemming is nog niet compleet. Kijk wie nog toestemming moet geven."
        ),
        "no_suitable_outcome": _(
            "Er is nog geen gesprek vastgelegd waaruit blijkt dat deze persoon geschikt is."
        ),
        "already_in_position": _("Deze jongere heeft al een JIM. Beëindig eerst die rol."),
        "live_nomination": _(
            "Er loopt al een voordracht. Trek die eerst in als je iemand anders wilt."
        ),
        "stale": _(
            "Iemand anders heeft dit intussen veranderd. "
            "Bekijk de nieuwe stand en probeer het opnieuw."
        ),
        "not_in_network": _("Deze persoon staat niet in het netwerk van deze jongere."),
        "removed": _("Deze persoon staat niet meer in het netwerk."),
        "minor": _("Een JIM is een volwassene. Deze persoon is nog geen 18."),
        "parent": _("Een ouder kan geen JIM zijn. Kies iemand anders uit je netwerk."),
        "professional": _("Een hulpverlener kan geen JIM zijn. Kies iemand uit je eigen netwerk."),
        "not_authority": _("Alleen een ouder met gezag kan deze toestemming geven."),
        "consent_age": _(
            "Op deze leeftijd telt deze toestemming niet. Kijk wie toestemming geeft."
        ),
        "consent_exists": _("Deze toestemming is al gegeven."),
        "consent_withdrawn": _("Deze toestemming is al ingetrokken."),
        "consent_date": _(
            "De datum van de toestemming kan niet in de toekomst liggen of vóór de voordracht."
        ),
        "consent_closed": _("Voor deze voordracht kan geen toestemming meer worden gegeven."),
        "invitation_unusable": _(
            "Deze uitnodiging is verlopen, al gebruikt of ingetrokken. "
            "Vraag de begeleider om een nieuwe."
        ),
        "invitee_is_close": _(
            "Dit account hoort bij de jongere zelf, een ouder of een hulpverlener van het team. "
            "Zij kunnen geen JIM zijn."
        ),
        "invitee_is_staff": _(
            "Dit is een account van een medewerker. Een medewerker kan geen JIM zijn: "
            "maak een eigen account aan met een ander e-mailadres."
        ),
        "no_email": _("Er is geen e-mailadres. Vul er een in of kies een brief."),
        "vog_date": _("Vul de datum op de VOG in; die kan niet in de toekomst liggen."),
        "conversation_date": _(
            "De datum van het gesprek kan niet in de toekomst liggen of vóór de voordracht."
        ),
        "positioning_date": _("De datum van het gesprek kan niet in de toekomst liggen."),
        "not_in_position": _("Dit kan alleen als de JIM actief is of even pauzeert."),
        "end_reason": _("Kies waarom de rol stopt."),
    }
    return texts.get(code, _("Dit kan niet."))
