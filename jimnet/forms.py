"""Shared form pieces: CSRF messages in plain language, and password rules."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

import email_validator
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import (
    Field,
    Form,
    PasswordField,
    SelectChoice,
    StringField,
    TextAreaField,
    ValidationError,
)

from jimnet import text
from jimnet.accounts.passwords import MIN_LENGTH
from jimnet.paging import MAX_ID


class BaseForm(FlaskForm):  # type: ignore[misc]  # Flask-WTF is untyped
    class Meta:
        def csrf_error_message(self) -> Any:  # pragma: no cover - used by wtforms
            return _l("Het formulier is verlopen. Je invoer staat er nog; verstuur het opnieuw.")

    def page_errors(self) -> list[str]:
        """Errors of the whole form (WTForms' ``form_errors``, an expired CSRF token)."""
        errors = [str(e) for e in self.form_errors]
        csrf = getattr(self, "csrf_token", None)
        if csrf is not None and csrf.errors:
            errors.append(
                str(_l("Het formulier is verlopen. Je invoer staat er nog; verstuur het opnieuw."))
            )
        return errors

    def add_error(self, message: str) -> None:
        self.form_errors.append(message)

    def validate(self, extra_validators: Any = None) -> bool:
        """The field validators, then the one text rule (jimnet.text) on every text field:
        refused text gets its message by the field; accepted text is stored NFC-normalised.
        Text areas may hold tabs and newlines; a required field may not be only invisible."""
        valid = bool(super().validate(extra_validators))
        for field in self:
            if isinstance(field.data, int) and not -MAX_ID <= field.data <= MAX_ID:
                # A number no database integer holds (twenty digits as an id): refused here,
                # before a query overflows (a 500 on both databases).
                field.errors = [*field.errors, _l("Dit nummer bestaat niet: kies uit de lijst.")]
                valid = False
                continue
            if not isinstance(field, StringField) or isinstance(field, PasswordField):
                continue
            if not isinstance(field.data, str) or not field.data:
                continue
            try:
                field.data = text.clean(
                    field.data,
                    multiline=isinstance(field, TextAreaField),
                    required=bool(field.flags.required),
                )
            except text.TextRefused as error:
                field.errors = [*field.errors, error.message]
                valid = False
        return valid


class EmailAddress:
    """An e-mail address check (email-validator) that also admits the reserved ``.test``
    domain of the demo accounts; it never looks anything up on the network."""

    def __call__(self, form: Form, field: Field) -> None:
        try:
            email_validator.validate_email(
                field.data or "", check_deliverability=False, test_environment=True
            )
        except email_validator.EmailNotValidError as error:
            raise ValidationError(_l("Dit is geen geldig e-mailadres.")) from error


def choices(pairs: Iterable[tuple[Any, Any]]) -> list[SelectChoice]:
    """Select options from (value, label) pairs."""
    return [SelectChoice(value, label) for value, label in pairs]


def strong_password(form: Form, field: Field) -> None:
    value = field.data or ""
    if len(value) < MIN_LENGTH:
        raise ValidationError(_l("Kies een wachtwoord van minstens %(n)d tekens.", n=MIN_LENGTH))
    email = getattr(form, "email", None)
    if email is not None and email.data and email.data.split("@")[0].lower() in value.lower():
        raise ValidationError(_l("Je wachtwoord mag je e-mailadres niet bevatten."))
