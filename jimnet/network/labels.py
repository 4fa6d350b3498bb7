"""Words on screen for the network's values (Dutch msgids, B1 level), and messages for errors."""

from __future__ import annotations

from flask_babel import LazyString
from flask_babel import lazy_gettext as _l

from jimnet import text as text_rule
from jimnet.network.models import (
    ContactFrequency,
    Quality,
    Relation,
    Sector,
    SupportDomain,
    SupportKind,
)
from jimnet.network.xmlsafe import clean

SECTOR: dict[str, LazyString] = {
    Sector.FAMILY: _l("Familie"),
    Sector.FRIENDS: _l("Vrienden"),
    Sector.SCHOOL_WORK: _l("School en werk"),
    Sector.LEISURE: _l("Vrije tijd en buurt"),
    Sector.PROFESSIONAL: _l("Hulpverlening"),
}

RELATION: dict[str, LazyString] = {
    Relation.PARENT: _l("Ouder"),
    Relation.STEP_PARENT: _l("Stiefouder"),
    Relation.SIBLING: _l("Broer of zus"),
    Relation.GRANDPARENT: _l("Opa of oma"),
    Relation.AUNT_UNCLE: _l("Oom of tante"),
    Relation.COUSIN: _l("Neef of nicht"),
    Relation.OTHER_FAMILY: _l("Andere familie"),
    Relation.FRIEND: _l("Vriend of vriendin"),
    Relation.PARTNER: _l("Partner (lief)"),
    Relation.NEIGHBOUR: _l("Buren"),
    Relation.TEACHER: _l("Leraar of mentor op school"),
    Relation.SPORTS_COACH: _l("Trainer of coach"),
    Relation.COLLEAGUE: _l("Collega"),
    Relation.PROFESSIONAL: _l("Hulpverlener"),
    Relation.OTHER: _l("Iemand anders"),
}

RING: dict[int, LazyString] = {
    1: _l("Heel dichtbij"),
    2: _l("Dichtbij"),
    3: _l("Wat verder weg"),
    4: _l("Ver weg"),
}

QUALITY: dict[str, LazyString] = {
    Quality.POSITIVE: _l("Goed contact"),
    Quality.MIXED: _l("Wisselend contact"),
    Quality.CONFLICT: _l("Ruzie of spanning"),
}

TIE_QUALITY: dict[str, LazyString] = {
    "positive": _l("Kennen elkaar"),
    "conflict": _l("Ruzie of spanning"),
}

FREQUENCY: dict[str, LazyString] = {
    ContactFrequency.DAILY: _l("Elke dag"),
    ContactFrequency.WEEKLY: _l("Elke week"),
    ContactFrequency.MONTHLY: _l("Elke maand"),
    ContactFrequency.YEARLY: _l("Een paar keer per jaar"),
    ContactFrequency.RARELY: _l("Bijna nooit"),
}

KIND: dict[str, LazyString] = {
    SupportKind.EMOTIONAL: _l("Luistert en troost"),
    SupportKind.PRACTICAL: _l("Helpt praktisch"),
    SupportKind.ADVICE: _l("Geeft advies"),
    SupportKind.COMPANY: _l("Doet dingen samen"),
}

DOMAIN: dict[str, LazyString] = {
    SupportDomain.WORK: _l("Werk"),
    SupportDomain.INCOME: _l("Geld"),
    SupportDomain.EXISTENCE_SECURITY: _l("Wonen, schulden en papieren"),
    SupportDomain.SCHOOL: _l("School"),
    SupportDomain.SUPPORT: _l("Steun en een luisterend oor"),
    SupportDomain.HEALTH: _l("Gezondheid"),
    SupportDomain.LEISURE: _l("Vrije tijd"),
}

# "Nobody helps with …": one plain sentence per domain.
NOBODY: dict[str, LazyString] = {
    SupportDomain.WORK: _l("Niemand helpt bij werk."),
    SupportDomain.INCOME: _l("Niemand helpt bij geld."),
    SupportDomain.EXISTENCE_SECURITY: _l("Niemand helpt bij wonen, schulden of papieren."),
    SupportDomain.SCHOOL: _l("Niemand helpt bij school."),
    SupportDomain.SUPPORT: _l("Niemand is er als het moeilijk is."),
    SupportDomain.HEALTH: _l("Niemand helpt bij gezondheid."),
    SupportDomain.LEISURE: _l("Niemand doet iets samen in de vrije tijd."),
}

ADDED_BY: dict[str, LazyString] = {
    "youth": _l("de jongere zelf"),
    "professional": _l("een professional"),
    "coach": _l("de coach"),
    "parent": _l("een ouder"),
    "jim": _l("de JIM"),
    "import": _l("een import"),
    "demo": _l("voorbeeldgegevens"),
}

ERROR: dict[str, LazyString] = {
    "ring": _l("Kies een ring van 1 (heel dichtbij) tot en met 4 (ver weg)."),
    "name_empty": _l("Vul een naam in."),
    "name_long": _l("Deze naam is te lang (hoogstens %(max)s tekens)."),
    "relation": _l("Kies wie deze persoon is."),
    "sector": _l("Kies een groep: familie, vrienden, school en werk, vrije tijd of hulpverlening."),
    "quality": _l("Kies hoe het contact is."),
    "contact_frequency": _l("Kies hoe vaak jullie contact hebben."),
    "known_since_future": _l("Deze datum ligt in de toekomst."),
    "email": _l("Dit is geen geldig e-mailadres."),
    "phone": _l("Dit telefoonnummer is te lang."),
    "note_long": _l("Deze notitie is te lang (hoogstens %(max)s tekens)."),
    "kind": _l("Deze soort steun bestaat niet."),
    "domain": _l("Dit onderwerp van steun bestaat niet."),
    "stale": _l(
        "Iemand anders heeft deze persoon intussen veranderd. Hieronder staat de nieuwe versie; "
        "kijk of je wijziging nog nodig is en sla opnieuw op."
    ),
    "removed": _l("Deze persoon staat niet meer op de kaart."),
    # The one text rule (jimnet.text): its messages, under this domain's codes.
    **{f"text_{code}": message for code, message in text_rule.MESSAGES.items()},
    "version_missing_api": _l(
        "Stuur de versie mee die je las (?version=): zonder versie kan een wijziging van een "
        "ander ongemerkt verloren gaan."
    ),
    "version_missing": _l(
        "Deze pagina is verouderd: hij zegt niet welke versie van deze persoon je zag. "
        "Laad de kaart opnieuw en probeer het nog eens."
    ),
    "tie_self": _l("Kies twee verschillende mensen."),
    "tie_unknown_member": _l("Deze persoon staat niet op deze netwerkkaart."),
    "tie_removed_member": _l("%(name)s staat niet meer op de kaart."),
    "tie_quality": _l("Kies of ze elkaar gewoon kennen of ruzie hebben."),
    "quick_add_empty": _l("Vul minstens één naam in."),
    "too_many": _l("Je kunt hoogstens %(max)s mensen tegelijk toevoegen."),
    "snapshot_future": _l("Een meting kan niet in de toekomst liggen."),
}

IMPORT: dict[str, LazyString] = {
    "too_big": _l("Het bestand is te groot (hoogstens %(max)s MB)."),
    "unknown_format": _l("Dit is geen GraphML- of JSON-bestand."),
    "encoding": _l("Het bestand is niet in UTF-8 opgeslagen."),
    "malformed_xml": _l("Het bestand is geen geldige XML: %(reason)s."),
    "xml_entities": _l(
        "Het bestand bevat een DTD of entiteiten. Die nemen we om veiligheidsredenen niet aan."
    ),
    "not_graphml": _l("Dit is geen GraphML: het bestand begint met <%(tag)s>."),
    "no_graph": _l("Er staat geen netwerk (<graph>) in het bestand."),
    "several_graphs": _l("Er staan meerdere netwerken in het bestand; het mag er één zijn."),
    "nested_graph": _l("Netwerken binnen netwerken kunnen we niet inlezen."),
    "hyperedge": _l("Hyperedges kunnen we niet inlezen."),
    "key_without_id": _l("Een <key> heeft geen id."),
    "unknown_key": _l("Gegevens met een onbekende sleutel '%(key)s'."),
    "bad_value": _l("'%(value)s' is geen geldige waarde voor %(name)s (soort: %(type)s)."),
    "malformed_json": _l("Het bestand is geen geldige JSON: %(reason)s."),
    "too_deep": _l("Het bestand is te diep genest."),
    "too_many_elements": _l(
        "Het bestand heeft te veel XML-elementen voor een netwerk (hoogstens %(max)s)."
    ),
    "not_node_link": _l(
        "Dit is geen netwerk in node-link-vorm (met 'nodes' en 'edges' of 'links')."
    ),
    "number_too_big": _l("Het getal in '%(name)s' is te lang (%(value)s)."),
    "not_a_number": _l("'%(value)s' in '%(name)s' is geen getal dat we kunnen lezen."),
    "bad_character": _l(
        "Het veld '%(name)s' bevat een teken dat niet in een netwerkbestand mag (%(char)s)."
    ),
    "more_problems": _l("En nog %(count)s problemen; los eerst de problemen hierboven op."),
    "node_without_id": _l("Een persoon (node) heeft geen id."),
    "not_scalar": _l("Het veld '%(name)s' moet een enkele waarde zijn, geen lijst of object."),
    "edge_without_ends": _l("Een verbinding heeft geen 'source' en 'target'."),
    "duplicate_node": _l("De id '%(id)s' komt twee keer voor."),
    "wrong_type": _l("Het veld '%(name)s' moet van de soort %(type)s zijn, niet '%(value)s'."),
    "bad_date": _l("'%(value)s' is geen datum (gebruik JJJJ-MM-DD)."),
    "member_invalid": _l("Persoon '%(id)s': %(reason)s"),
    "edge_unknown_node": _l(
        "Een verbinding wijst naar '%(id)s', maar die persoon staat niet in het bestand."
    ),
    "edge_self": _l("Een verbinding van '%(id)s' naar zichzelf."),
    "edge_quality": _l("'%(value)s' is geen soort verbinding (positive of conflict)."),
    "too_many_members": _l("Er staan te veel mensen in het bestand (hoogstens %(max)s)."),
    "too_many_ties": _l("Er staan te veel verbindingen in het bestand (hoogstens %(max)s)."),
    "no_members": _l("Er staat niemand in het bestand."),
    "choose_session": _l(
        "Er staan %(count)s interviews in dit bestand. Kies welk interview je wilt inlezen."
    ),
    "unknown_session": _l("Er is geen interview '%(session)s' in dit bestand."),
}


class _Params(dict[str, object]):
    def __missing__(self, key: str) -> str:
        return "?"


def error_text(code: str, **params: object) -> str:
    text = ERROR.get(code)
    if text is None:
        return str(_l("Dit kan niet."))
    return str(text) % _Params(params) if "%(" in str(text) else str(text)


def import_problem_text(line: int | None, code: str, params: dict[str, object]) -> str:
    """One reason an import was refused, with its line ("Regel 12: …")."""
    values = {k: clean(v) if isinstance(v, str) else v for k, v in params.items()}
    if code in ("malformed_xml", "malformed_json"):
        values["reason"] = parser_reason(str(params.get("reason", "")))
    if code == "member_invalid":
        inner = {k: v for k, v in params.items() if k not in ("id", "code")}
        values["reason"] = error_text(str(params.get("code", "")), **inner)
    template = IMPORT.get(code)
    text = str(template) % _Params(values) if template is not None else str(_l("Dit kan niet."))
    if line is None:
        return text
    return str(_l("Regel %(line)d: %(text)s", line=line, text=text))


# --- the mapping step of an import ------------------------------------------------------------

TOOL: dict[str, str] = {
    "jimnet": "jimnet",
    "networkcanvas": "Network Canvas",
    "igraph": "igraph",
    "gephi": "Gephi",
    "networkx": "networkx",
    "graphml": "GraphML",
    "json": "JSON",
}

TARGET: dict[str, LazyString] = {
    "name": _l("Naam"),
    "relation": _l("Relatie"),
    "relation_option": _l("Relatie (ja of nee per keuze)"),
    "ring": _l("Ring (1 tot en met 4)"),
    "closeness": _l("Ring, omgerekend met de regel hieronder"),
    "sector": _l("Groep"),
    "quality": _l("Hoe het contact is"),
    "is_adult": _l("Volwassen"),
    "contact_frequency": _l("Hoe vaak contact"),
    "known_since": _l("Kent de jongere sinds"),
    "youth_supports_member": _l("De jongere helpt deze persoon ook"),
    "supports": _l("Steun"),
    "tie_quality": _l("Soort verbinding (positive of conflict)"),
    "tie_conflict": _l("Ruzie of spanning als het type of label dat zegt"),
    "tie_sign": _l("Ruzie of spanning bij een negatief getal"),
}

IGNORED: dict[str, LazyString] = {
    "added_by": _l("Niet overgenomen: wie iemand toevoegde, nemen we nooit uit een bestand over."),
    "layout": _l("Niet overgenomen: een id, een plek of opmaak."),
    "unknown": _l("Niet overgenomen: dit veld kent jimnet niet."),
}

# Reasons of the XML and JSON parsers (expat, json), in the reader's language.
PARSER_REASON: dict[str, LazyString] = {
    "mismatched tag": _l("een eind-tag past niet bij de begin-tag"),
    "not well-formed (invalid token)": _l("een teken dat hier niet mag"),
    "unclosed token": _l("iets is niet afgesloten"),
    "no element found": _l("het bestand houdt op voordat alles is afgesloten"),
    "junk after document element": _l("er staat nog iets na het einde"),
    "syntax error": _l("de opbouw klopt niet"),
    "undefined entity": _l("een onbekende entiteit"),
    "unbound prefix": _l("een onbekend voorvoegsel (namespace)"),
    "duplicate attribute": _l("een attribuut staat er twee keer"),
    "reference to invalid character number": _l("een verwijzing naar een teken dat niet mag"),
    "XML or text declaration not at start of entity": _l(
        "de XML-declaratie staat niet aan het begin"
    ),
    "Expecting value": _l("hier verwachten we een waarde"),
    "Expecting ',' delimiter": _l("hier verwachten we een komma"),
    "Expecting ':' delimiter": _l("hier verwachten we een dubbele punt"),
    "Expecting property name enclosed in double quotes": _l(
        "hier verwachten we een naam tussen dubbele aanhalingstekens"
    ),
    "Unterminated string starting at": _l("een tekst zonder afsluitend aanhalingsteken"),
    "Invalid control character at": _l("een stuurteken in een tekst"),
    "Invalid \\escape": _l("een ongeldige escape (\\)"),
    "Invalid \\uXXXX escape": _l("een ongeldige \\u-escape"),
    "Extra data": _l("er staat nog iets na het einde"),
}


def parser_reason(reason: str) -> str:
    """A parser's English message in the reader's words (never English inside Dutch)."""
    for english, words in PARSER_REASON.items():
        if reason.startswith(english):
            return str(words)
    return str(_l("de opbouw klopt hier niet"))


def describe_use(target: str | None, reason: str) -> str:
    if target is None:
        return str(IGNORED.get(reason, IGNORED["unknown"]))
    return str(TARGET.get(target, target))


def describe_ring(scale: int, reversed_: bool) -> str:
    if reversed_:
        return str(
            _l(
                "Schaal 1 tot en met %(scale)s, waarbij %(scale)s het dichtst bij is: eerst "
                "omgedraaid, dan ring = 1 + (waarde − 1) × 4 ÷ %(scale)s, naar beneden afgerond.",
                scale=scale,
            )
        )
    return str(
        _l(
            "Schaal 1 tot en met %(scale)s, waarbij 1 het dichtst bij is: "
            "ring = 1 + (waarde − 1) × 4 ÷ %(scale)s, naar beneden afgerond.",
            scale=scale,
        )
    )
