"""Dutch is the source language; every text must also exist in English, with the same
placeholders, so that switching language never shows a half-translated page."""

from __future__ import annotations

import re
from io import BytesIO
from pathlib import Path

from babel.messages.extract import extract_from_dir
from babel.messages.pofile import read_po

ROOT = Path(__file__).resolve().parent.parent
CATALOGUE = ROOT / "jimnet" / "translations" / "en" / "LC_MESSAGES" / "messages.po"
KEYWORDS = {
    "_": None,
    "gettext": None,
    "ngettext": (1, 2),
    "lazy_gettext": None,
    "_l": None,
    "N_": None,
}
PLACEHOLDER = re.compile(r"%\((\w+)\)[sd]")


def _source_messages() -> set[str]:
    found: set[str] = set()
    method_map = [("jimnet/**.py", "python"), ("templates/**.html", "jinja2")]
    for _file, _line, message, _comments, _context in extract_from_dir(
        str(ROOT), method_map=method_map, keywords=KEYWORDS, options_map={"templates/**.html": {}}
    ):
        found.add(message[0] if isinstance(message, tuple) else message)
    return {m for m in found if m}


def _catalogue():
    return read_po(BytesIO(CATALOGUE.read_bytes()))


def test_every_text_has_an_english_translation():
    catalogue = _catalogue()
    missing = sorted(
        m
        for m in _source_messages()
        if not (catalogue.get(m) and catalogue.get(m).string and not catalogue.get(m).fuzzy)
    )
    assert missing == [], (
        f"{len(missing)} texts lack an English translation (run `make messages`):\n"
        + "\n".join(missing[:40])
    )


def test_translations_keep_their_placeholders():
    wrong = []
    for message in _catalogue():
        if not message.id or not message.string:
            continue
        ids = message.id if isinstance(message.id, tuple) else (message.id,)
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        expected = set(PLACEHOLDER.findall(ids[0]))
        for string in strings:
            if string and set(PLACEHOLDER.findall(string)) != expected:
                wrong.append(f"{ids[0]!r} -> {string!r}")
    assert wrong == []


def test_dutch_by_default_even_for_an_english_browser(client):
    page = client.get("/inloggen", headers={"Accept-Language": "en-US,en"}).get_data(as_text=True)
    assert '<html lang="nl">' in page
    assert "Wachtwoord vergeten" in page


def test_english_by_choice(client):
    token = client.csrf_token("/inloggen")
    client.post("/account/taal", data={"csrf_token": token, "lang-lang": "en", "next": "/inloggen"})
    page = client.get("/inloggen").get_data(as_text=True)
    assert '<html lang="en">' in page
    assert "Log in" in page
    assert "Wachtwoord vergeten" not in page
