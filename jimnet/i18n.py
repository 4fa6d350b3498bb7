"""Dutch by default, English by choice: the person's own setting or the language switch."""

from __future__ import annotations

from flask import Flask, current_app, session
from flask_babel import get_locale
from flask_babel import gettext as _
from flask_login import current_user

from jimnet.extensions import babel


def N_(message: str) -> str:
    """Mark a string for translation where it is translated later (e.g. stored, then shown)."""
    return message


def select_locale() -> str:
    languages: list[str] = current_app.config["JIMNET_LANGUAGES"]
    if current_user and current_user.is_authenticated and current_user.locale in languages:
        return str(current_user.locale)
    chosen = session.get("lang")
    if chosen in languages:
        return str(chosen)
    # Dutch by default, English by choice: many Dutch phones run in English, so the browser's
    # language is not taken as a choice.
    return str(current_app.config["BABEL_DEFAULT_LOCALE"])


def role_label(role: str) -> str:
    labels = {
        "professional": _("Professional"),
        "coach": _("Transitiecoach"),
        "intake": _("Intake"),
        "org_admin": _("Beheerder"),
        "youth": _("Jongere"),
        "parent": _("Ouder"),
        "jim": _("JIM"),
    }
    return labels.get(str(role), str(role))


def status_label(status: str) -> str:
    labels = {
        "intake": _("In intake"),
        "active": _("In zorg"),
        "aftercare": _("Verlengde zorg (18+)"),
        "closed": _("Afgesloten"),
    }
    return labels.get(str(status), str(status))


def init_app(app: Flask) -> None:
    babel.init_app(app, locale_selector=select_locale)
    # {% do list.append(x) %} instead of {% set _ = … %}, which would hide gettext's _().
    app.jinja_env.add_extension("jinja2.ext.do")
    app.jinja_env.globals["current_locale"] = lambda: str(get_locale() or "nl")
    app.jinja_env.globals["role_label"] = role_label
    app.jinja_env.globals["status_label"] = status_label
