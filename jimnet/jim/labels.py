"""Words on screen for the JIM's states, steps and choices (Dutch msgids, B1 level)."""

from __future__ import annotations

from flask_babel import LazyString
from flask_babel import lazy_gettext as _l

STATE: dict[str, LazyString] = {
    "nominated": _l("Voorgedragen"),
    "in_conversation": _l("In gesprek"),
    "suitable": _l("Geschikt"),
    "not_suitable": _l("Niet geschikt"),
    "awaiting_consent": _l("Wacht op toestemming"),
    "invited": _l("Uitgenodigd"),
    "active": _l("Actief"),
    "standby": _l("Even op pauze"),
    "ended": _l("Gestopt"),
    "withdrawn": _l("Ingetrokken"),
    "declined": _l("Wil liever niet"),
}

# What the young person reads about where things stand, in one sentence.
STATE_FOR_YOUTH: dict[str, LazyString] = {
    "nominated": _l("Je hebt %(name)s gekozen. Je begeleider gaat met %(name)s praten."),
    "in_conversation": _l("Je begeleider praat met %(name)s over wat een JIM doet."),
    "suitable": _l("%(name)s kan jouw JIM worden. Nu is er toestemming nodig."),
    "not_suitable": _l("%(name)s wordt niet jouw JIM. Je mag iemand anders kiezen."),
    "awaiting_consent": _l("We wachten op toestemming. Daarna krijgt %(name)s een uitnodiging."),
    "invited": _l("%(name)s heeft een uitnodiging gekregen. We wachten op het antwoord."),
    "active": _l("%(name)s is jouw JIM."),
    "standby": _l("%(name)s is jouw JIM, maar de rol staat even op pauze."),
    "ended": _l("De rol van %(name)s als JIM is gestopt."),
    "withdrawn": _l("Je hebt de keuze voor %(name)s ingetrokken."),
    "declined": _l("%(name)s wil liever geen JIM worden. Je mag iemand anders kiezen."),
}

STEP: dict[str, LazyString] = {
    "nominate": _l("voorgedragen"),
    "start_conversation": _l("gesprek gestart"),
    "record_conversation": _l("gesprek vastgelegd"),
    "request_consent": _l("toestemming gevraagd"),
    "consent_given": _l("toestemming gegeven"),
    "consent_withdrawn": _l("toestemming ingetrokken"),
    "invite": _l("uitgenodigd"),
    "reinvite": _l("opnieuw uitgenodigd"),
    "accept": _l("uitnodiging aangenomen"),
    "decline": _l("uitnodiging afgeslagen"),
    "pause": _l("op pauze gezet"),
    "resume": _l("weer actief"),
    "suspend": _l("gepauzeerd: toestemming ingetrokken"),
    "uninvite": _l("uitnodiging ingetrokken: toestemming ingetrokken"),
    "end": _l("rol beëindigd"),
    "withdraw": _l("voordracht ingetrokken"),
    "share_changed": _l("delen aangepast"),
    "positioning": _l("positioneringsgesprek vastgelegd"),
}

# Button texts for the steps a person can take.
BUTTON: dict[str, LazyString] = {
    "start_conversation": _l("Gesprek met kandidaat starten"),
    "record_conversation": _l("Gesprek vastleggen"),
    "request_consent": _l("Toestemming vragen"),
    "invite": _l("Uitnodiging sturen"),
    "reinvite": _l("Nieuwe uitnodiging sturen"),
    "pause": _l("Even op pauze zetten"),
    "resume": _l("Weer actief maken"),
    "end": _l("Rol beëindigen"),
    "withdraw": _l("Voordracht intrekken"),
}

ROLE: dict[str, LazyString] = {
    "youth": _l("jongere"),
    "parent": _l("ouder"),
    "professional": _l("professional"),
    "coach": _l("coach"),
    "jim": _l("JIM"),
    "candidate": _l("kandidaat"),
}

WAITING_ON: dict[str, LazyString] = {
    "professional": _l("jou (professional)"),
    "youth": _l("de jongere"),
    "parents": _l("de ouders"),
    "candidate": _l("de kandidaat"),
    "nobody": _l("niemand"),
}

END_REASON: dict[str, LazyString] = {
    "youth_wish": _l("de jongere wilde het"),
    "jim_wish": _l("de JIM wilde het"),
    "care_ended": _l("de hulp is klaar"),
    "other": _l("iets anders"),
}

WILLINGNESS: dict[str, LazyString] = {
    "willing": _l("wil graag"),
    "hesitant": _l("twijfelt"),
    "unwilling": _l("wil niet"),
}

REACHABILITY: dict[str, LazyString] = {
    "easy": _l("goed bereikbaar"),
    "reasonable": _l("redelijk bereikbaar"),
    "hard": _l("moeilijk bereikbaar"),
}

HOW: dict[str, LazyString] = {
    "good": _l("Goed"),
    "okay": _l("Gaat wel"),
    "hard": _l("Moeilijk"),
}

METHOD: dict[str, LazyString] = {
    "app": _l("in de app"),
    "paper": _l("op papier"),
    "in_person": _l("in een gesprek"),
}
