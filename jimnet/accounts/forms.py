from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import EmailField, PasswordField, SelectField, StringField, SubmitField
from wtforms.validators import DataRequired, EqualTo, Length

from jimnet.forms import BaseForm, EmailAddress, choices, strong_password


class LoginForm(BaseForm):
    email = EmailField(
        _l("E-mailadres"), validators=[DataRequired(), EmailAddress(), Length(max=254)]
    )
    password = PasswordField(_l("Wachtwoord"), validators=[DataRequired(), Length(max=200)])
    submit = SubmitField(_l("Inloggen"))


class TotpForm(BaseForm):
    code = StringField(
        _l("Code uit je app (6 cijfers)"),
        validators=[DataRequired(), Length(min=6, max=8)],
        render_kw={"inputmode": "numeric", "autocomplete": "one-time-code"},
    )
    submit = SubmitField(_l("Controleren"))


class ResetRequestForm(BaseForm):
    email = EmailField(
        _l("E-mailadres"), validators=[DataRequired(), EmailAddress(), Length(max=254)]
    )
    submit = SubmitField(_l("Stuur mij een link"))


class NewPasswordForm(BaseForm):
    password = PasswordField(
        _l("Nieuw wachtwoord"),
        validators=[DataRequired(), strong_password, Length(max=200)],
        render_kw={"autocomplete": "new-password"},
    )
    confirm = PasswordField(
        _l("Herhaal het wachtwoord"),
        validators=[DataRequired(), EqualTo("password", _l("De wachtwoorden zijn niet gelijk."))],
        render_kw={"autocomplete": "new-password"},
    )
    submit = SubmitField(_l("Wachtwoord opslaan"))


class AcceptInvitationForm(NewPasswordForm):
    name = StringField(_l("Je naam"), validators=[DataRequired(), Length(max=200)])
    submit = SubmitField(_l("Account maken"))


class ChangePasswordForm(NewPasswordForm):
    current = PasswordField(
        _l("Huidig wachtwoord"),
        validators=[DataRequired()],
        render_kw={"autocomplete": "current-password"},
    )


class LanguageForm(BaseForm):
    lang = SelectField(_l("Taal"), choices=choices([("nl", "Nederlands"), ("en", "English")]))
    submit = SubmitField(_l("Kies taal"))


class ApiTokenForm(BaseForm):
    name = StringField(_l("Naam van de sleutel"), validators=[DataRequired(), Length(max=100)])
    submit = SubmitField(_l("Sleutel maken"))


class ConfirmForm(BaseForm):
    """A button that changes something: only its CSRF token travels."""

    submit = SubmitField(_l("Bevestigen"))
