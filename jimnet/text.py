"""The one rule for text that people type, at every way in (forms, API schemas, imports).

What XML 1.0 and PostgreSQL cannot carry, and what only serves to deceive, is refused with a
clear message instead of being stored (an ill-formed export, a 500 on PostgreSQL, a name that
reads backwards or shows as nothing):

- control characters (C0, DEL, C1), except tab and newline where the field is multi-line (a
  carriage return of a pasted Windows line end becomes a newline);
- lone surrogates (U+D800–U+DFFF: ``"\\ud800"`` in JSON is not a character);
- the noncharacters U+FFFE and U+FFFF, which XML 1.0 forbids;
- bidirectional overrides and isolates (U+202A–U+202E, U+2066–U+2069), which make a text read
  otherwise than it is stored;
- a name (or any required text) made only of invisible characters (zero-width spaces and
  joiners, the byte-order mark, soft hyphens, …) and white space.

Accepted text is NFC-normalised, so that "Zoë" typed two ways is stored one way.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass

from flask_babel import LazyString
from flask_babel import lazy_gettext as _l

BIDI_CONTROLS = frozenset("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")
# Characters that show as nothing: zero-width space, non-joiner, joiner, word joiner, the
# invisible operators, the byte-order mark, soft hyphen, Mongolian vowel separator, the
# left-to-right and right-to-left marks, the Hangul fillers and the combining grapheme joiner.
INVISIBLE = frozenset(
    "\u200b\u200c\u200d\u2060\u2061\u2062\u2063\u2064\ufeff\u00ad\u180e\u200e\u200f"
    "\u3164\u115f\u1160\uffa0\u034f"
)
NONCHARACTERS = frozenset("\ufffe\uffff")

MESSAGES: dict[str, LazyString] = {
    "control": _l("Deze tekst bevat een onzichtbaar stuurteken. Typ de tekst opnieuw."),
    "surrogate": _l("Deze tekst bevat een ongeldig teken. Typ de tekst opnieuw."),
    "bidi": _l(
        "Deze tekst bevat een teken dat de leesrichting omdraait. Typ de tekst opnieuw "
        "zonder dat teken."
    ),
    "invisible": _l("Deze tekst bestaat alleen uit onzichtbare tekens. Vul echte tekst in."),
}


class TextRefused(ValueError):
    """Text the rule refuses; ``code`` names why, ``message`` says it to the person."""

    def __init__(self, code: str) -> None:
        super().__init__(code)
        self.code = code

    @property
    def message(self) -> str:
        return str(MESSAGES[self.code])


def _refusal(value: str, multiline: bool) -> str | None:
    for char in value:
        point = ord(char)
        if 0xD800 <= point <= 0xDFFF:
            return "surrogate"
        if point < 0x20 or 0x7F <= point <= 0x9F:
            if multiline and char in "\t\n\r":
                continue
            return "control"
        if char in BIDI_CONTROLS:
            return "bidi"
        if char in NONCHARACTERS:
            return "control"
    return None


def only_invisible(value: str) -> bool:
    """True for a non-empty text with nothing a reader can see."""
    return bool(value) and all(
        c in INVISIBLE or c.isspace() or unicodedata.category(c) in ("Cf", "Mn", "Me", "Zs")
        for c in value
    )


def clean(value: str, *, multiline: bool = False, required: bool = False) -> str:
    """``value`` as it is stored (NFC), or :class:`TextRefused`.

    ``multiline`` admits tab and newline (notes, reasons); ``required`` refuses a text of only
    invisible characters (names). An empty or blank text is left to the field's own rules.
    """
    code = _refusal(value, multiline)
    if code is not None:
        raise TextRefused(code)
    if multiline:
        value = value.replace("\r\n", "\n").replace("\r", "\n")
    value = unicodedata.normalize("NFC", value)
    if required and value.strip() and only_invisible(value):
        raise TextRefused("invisible")
    return value


def check(value: str, *, multiline: bool = False, required: bool = False) -> str | None:
    """The message for a refused text, or None when it passes."""
    try:
        clean(value, multiline=multiline, required=required)
    except TextRefused as error:
        return error.message
    return None


@dataclass(frozen=True)
class Rule:
    """How the rule applies to one field (kept beside the field's declaration)."""

    multiline: bool = False
    required: bool = False
