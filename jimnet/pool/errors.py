"""Why a pool step was refused: a code for programs, an HTTP status, and words for people."""

from __future__ import annotations

from flask_babel import gettext as _


class PoolError(Exception):
    """A rule of the pool was broken; nothing was changed."""

    STATUS = {
        "role": 403,
        "out_of_order": 409,
        "conflict": 409,
        "vog": 409,
        "at_capacity": 409,
        "request_taken": 409,
        "not_approved": 409,
        "no_account": 409,
        "open_request": 409,
        "request_closed": 409,
        "request_matched": 409,
        "end_reason": 422,
        "vog_future": 422,
        "date_future": 422,
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
        "role": _("Deze stap is niet voor jou."),
        "out_of_order": _("Deze stap kan nu niet. Kijk hoe het nu staat."),
        "conflict": _(
            "Iemand anders heeft dit voorstel net veranderd, bijvoorbeeld al goedgekeurd. "
            "Hieronder zie je hoe het nu staat."
        ),
        "vog": _(
            "De VOG van deze vrijwilliger is verlopen of ontbreekt. "
            "Leg eerst een nieuwe VOG vast; tot dan kan deze vrijwilliger niet gekoppeld worden."
        ),
        "at_capacity": _(
            "Deze vrijwilliger heeft geen plek meer vrij. Maak een nieuwe ronde voor deze jongere."
        ),
        "request_taken": _("Deze jongere heeft al een goedgekeurd voorstel of een mentor."),
        "not_approved": _("Deze vrijwilliger is (nog) niet goedgekeurd."),
        "no_account": _(
            "De vrijwilliger heeft nog geen account. Stuur eerst de uitnodiging; "
            "daarna kan de koppeling starten."
        ),
        "open_request": _("Deze jongere staat al op de wachtlijst voor een vrijwillige mentor."),
        "request_closed": _("Deze aanmelding is al afgesloten."),
        "request_matched": _(
            "Er loopt al een koppeling met een mentor. Stop die koppeling (met een reden) als het "
            "niet meer nodig is."
        ),
        "end_reason": _("Kies waarom het stopt."),
        "vog_future": _("De datum van de VOG ligt in de toekomst. Vul de datum op de VOG in."),
        "date_future": _("Deze datum ligt in de toekomst."),
    }
    return texts.get(code, texts["out_of_order"])
