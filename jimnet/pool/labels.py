"""The pool's words on screen: codes stay in the database, people read these."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l

INTERESTS = {
    "sport": _l("Sport"),
    "music": _l("Muziek"),
    "gaming": _l("Gamen"),
    "cooking": _l("Koken"),
    "nature": _l("Natuur en buiten zijn"),
    "art": _l("Tekenen en kunst"),
    "tech": _l("Computers en techniek"),
    "animals": _l("Dieren"),
    "reading": _l("Lezen"),
    "fashion": _l("Kleding en mode"),
    "film": _l("Films en series"),
    "work": _l("Werk en stage"),
    "school": _l("Huiswerk en school"),
    "money": _l("Geld regelen"),
}
LANGUAGES = {
    "nl": _l("Nederlands"),
    "en": _l("Engels"),
    "ar": _l("Arabisch"),
    "tr": _l("Turks"),
    "ti": _l("Tigrinya"),
    "pl": _l("Pools"),
    "pap": _l("Papiaments"),
    "so": _l("Somalisch"),
    "uk": _l("Oekraïens"),
    "fr": _l("Frans"),
}
AVAILABILITY = {
    "weekday_day": _l("Doordeweeks overdag"),
    "weekday_evening": _l("Doordeweeks 's avonds"),
    "weekend": _l("In het weekend"),
}
GENDER = {
    "woman": _l("Vrouw"),
    "man": _l("Man"),
    "other": _l("Anders"),
    "unsaid": _l("Zeg ik liever niet"),
}
MENTOR_GENDER = {
    "any": _l("Maakt niet uit"),
    "woman": _l("Een vrouw"),
    "man": _l("Een man"),
}
VOLUNTEER_STATUS = {
    "registered": _l("Aangemeld, nog niet gesproken"),
    "approved": _l("Goedgekeurd"),
    "rejected": _l("Afgewezen"),
    "stopped": _l("Gestopt"),
}
REQUEST_STATUS = {
    "waiting": _l("Wacht op een mentor"),
    "matched": _l("Heeft een mentor"),
    "closed": _l("Afgesloten"),
}
MATCH_STATE = {
    "proposed": _l("Voorstel"),
    "approved": _l("Goedgekeurd, wacht op de jongere"),
    "accepted": _l("Jongere zegt ja"),
    "declined": _l("Jongere zegt nee"),
    "introduced": _l("Kennismaking gehad"),
    "active": _l("Loopt"),
    "ended": _l("Gestopt"),
    "withdrawn": _l("Niet doorgegaan"),
}
END_REASON = {
    "goal_reached": _l("Het doel is bereikt"),
    "youth_wish": _l("De jongere wil stoppen"),
    "mentor_wish": _l("De mentor wil stoppen"),
    "no_click": _l("Het klikte niet"),
    "moved": _l("Verhuisd"),
    "other": _l("Andere reden"),
}
STEP = {
    "propose": _l("voorgesteld"),
    "approve": _l("goedgekeurd"),
    "withdraw": _l("teruggetrokken"),
    "accept": _l("ja gezegd"),
    "decline": _l("nee gezegd"),
    "introduce": _l("kennismaking vastgelegd"),
    "activate": _l("gestart"),
    "end": _l("gestopt"),
    "share_changed": _l("delen aangepast"),
    "referral_withdrawn": _l("aanmelding ingetrokken"),
}


def words(table: dict[str, object], codes: list[str] | tuple[str, ...]) -> str:
    return ", ".join(str(table.get(code, code)) for code in codes)
