"""What XML 1.0, UTF-8 and PostgreSQL text cannot carry, for the import and the writers.

This is not the text rule for names (that one lives in ``jimnet.text`` and also refuses bidi
overrides and invisible-only names); it is the floor every file writer and reader stands on:
characters outside XML 1.0's ``Char`` production (C0 controls other than tab, newline and
carriage return; U+FFFE, U+FFFF) and lone surrogates, which no UTF-8 encoder will write.
An import refuses them with the code point; a writer replaces them with U+FFFD, so that an
export is well-formed whatever is stored.
"""

from __future__ import annotations

import re

# Everything that is *not* an XML 1.0 Char (lone surrogates fall outside every range).
_UNSAFE = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")
REPLACEMENT = "\ufffd"


def first_unsafe(text: str) -> str | None:
    """The first character XML 1.0 / UTF-8 cannot carry, or None."""
    found = _UNSAFE.search(text)
    return found.group() if found else None


def codepoint(char: str) -> str:
    return f"U+{ord(char):04X}"


def clean(text: str) -> str:
    """The text with every character XML 1.0 / UTF-8 cannot carry replaced by U+FFFD."""
    return _UNSAFE.sub(REPLACEMENT, text)
