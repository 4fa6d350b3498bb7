"""Forms of the JIM pages. Labels are plain Dutch (B1): the young person reads them on a phone."""

from __future__ import annotations

from typing import Any

from flask_babel import lazy_gettext as _l
from wtforms import (
    BooleanField,
    DateField,
    EmailField,
    HiddenField,
    IntegerField,
    PasswordField,
    RadioField,
    SelectField,
    StringField,
    SubmitField,
    TextAreaField,
)
from wtforms.validators import (
    DataRequired,
    InputRequired,
    Length,
    NumberRange,
    Optional,
)

from jimnet.accounts.forms import NewPasswordForm
from jimnet.forms import BaseForm, EmailAddress, choices

REQUIRED_DATE = DataRequired(message=_l("Vul een geldige datum in."))


class VersionMixin:
    version = HiddenField()


class NominateForm(VersionMixin, BaseForm):
    member_id = RadioField(
        _l("Wie wil jij als JIM?"),
        coerce=int,
        validators=[InputRequired(message=_l("Kies één persoon."))],
    )
    motivation = TextAreaField(
        _l("Waarom deze persoon? (mag je leeg laten)"), validators=[Optional(), Length(max=2000)]
    )
    submit = SubmitField(_l("Deze persoon wil ik als JIM"))


class StepForm(VersionMixin, BaseForm):
    """A step with an optional reason (start the conversation, pause, withdraw, …)."""

    reason = TextAreaField(_l("Toelichting (mag leeg)"), validators=[Optional(), Length(max=2000)])
    submit = SubmitField(_l("Bevestigen"))


class ConversationForm(VersionMixin, BaseForm):
    held_on = DateField(_l("Datum van het gesprek"), validators=[REQUIRED_DATE])
    willingness = SelectField(
        _l("Wil de kandidaat JIM worden?"),
        choices=choices(
            [
                ("willing", _l("Ja, graag")),
                ("hesitant", _l("Twijfelt nog")),
                ("unwilling", _l("Nee")),
            ]
        ),
    )
    reachability = SelectField(
        _l("Is de kandidaat goed bereikbaar voor de jongere?"),
        choices=choices(
            [
                ("easy", _l("Ja, dichtbij en snel bereikbaar")),
                ("reasonable", _l("Redelijk")),
                ("hard", _l("Moeilijk")),
            ]
        ),
    )
    concerns = TextAreaField(_l("Zorgen"), validators=[Optional(), Length(max=4000)])
    concerns_handling = TextAreaField(
        _l("Wat doen we met die zorgen?"), validators=[Optional(), Length(max=4000)]
    )
    outcome = RadioField(
        _l("Uitkomst"),
        choices=choices([("suitable", _l("Geschikt")), ("not_suitable", _l("Niet geschikt"))]),
        validators=[InputRequired(message=_l("Kies een uitkomst."))],
    )
    reason_for_youth = TextAreaField(
        _l("Uitleg voor de jongere"),
        validators=[
            DataRequired(message=_l("Schrijf in gewone woorden waarom, voor de jongere.")),
            Length(max=2000),
        ],
    )
    vog_status = RadioField(
        _l("VOG (verklaring omtrent het gedrag)"),
        choices=choices(
            [
                ("requested", _l("Aangevraagd")),
                ("received", _l("Ontvangen")),
                ("not_needed", _l("Niet nodig")),
            ]
        ),
        validators=[InputRequired(message=_l("Kies hoe het met de VOG staat."))],
    )
    vog_issued_on = DateField(_l("Datum op de VOG"), validators=[Optional()])
    vog_not_needed_reason = TextAreaField(
        _l("Waarom is een VOG niet nodig?"), validators=[Optional(), Length(max=2000)]
    )
    submit = SubmitField(_l("Gesprek vastleggen"))

    def validate(self, extra_validators: Any = None) -> bool:
        # Checked here, not in validate_<field>: Optional() ends a field's chain when it is
        # empty, so an inline check of an empty field would never run.
        ok = bool(super().validate(extra_validators))
        if self.vog_status.data == "received" and self.vog_issued_on.data is None:
            if not self.vog_issued_on.errors:
                self.vog_issued_on.errors = [
                    *self.vog_issued_on.errors,
                    _l("Vul de datum op de VOG in."),
                ]
            ok = False
        if (
            self.vog_status.data == "not_needed"
            and not (self.vog_not_needed_reason.data or "").strip()
        ):
            self.vog_not_needed_reason.errors = [
                *self.vog_not_needed_reason.errors,
                _l("Schrijf op waarom een VOG niet nodig is."),
            ]
            ok = False
        return ok


class OwnConsentForm(BaseForm):
    agree = BooleanField(
        _l("Ik geef toestemming dat deze persoon JIM wordt."),
        validators=[DataRequired(message=_l("Zet een vinkje als je toestemming geeft."))],
    )
    submit = SubmitField(_l("Toestemming geven"))


class RecordConsentForm(BaseForm):
    """The professional records a consent given in person or on paper."""

    giver = SelectField(_l("Wie gaf toestemming?"), validators=[DataRequired()])
    method = SelectField(
        _l("Hoe?"),
        choices=choices([("paper", _l("Op papier")), ("in_person", _l("In een gesprek"))]),
    )
    given_on = DateField(_l("Datum van de toestemming"), validators=[REQUIRED_DATE])
    note = TextAreaField(_l("Notitie (mag leeg)"), validators=[Optional(), Length(max=2000)])
    submit = SubmitField(_l("Toestemming vastleggen"))


class WithdrawConsentForm(BaseForm):
    reason = TextAreaField(_l("Waarom? (mag leeg)"), validators=[Optional(), Length(max=2000)])
    submit = SubmitField(_l("Toestemming intrekken"))


class InviteForm(VersionMixin, BaseForm):
    channel = RadioField(
        _l("Hoe sturen we de uitnodiging?"),
        choices=choices(
            [("email", _l("Per e-mail, met een link")), ("letter", _l("Als brief met een code"))]
        ),
        default="email",
    )
    email = EmailField(
        _l("E-mailadres van de kandidaat"),
        validators=[Optional(), EmailAddress(), Length(max=254)],
    )
    submit = SubmitField(_l("Uitnodiging maken"))


class PositioningForm(BaseForm):
    held_on = DateField(_l("Datum van het gesprek"), validators=[REQUIRED_DATE])
    attendees = TextAreaField(_l("Wie waren erbij?"), validators=[DataRequired(), Length(max=2000)])
    jim_tasks = TextAreaField(
        _l("Wat gaat de JIM doen?"), validators=[DataRequired(), Length(max=4000)]
    )
    jim_may_see = TextAreaField(
        _l("Afspraken over wat de JIM mag zien (mag leeg)"),
        validators=[Optional(), Length(max=2000)],
    )
    contact_agreement = TextAreaField(
        _l("Hoe vaak hebben de JIM en de professional contact?"),
        validators=[DataRequired(), Length(max=2000)],
    )
    check_in_every_weeks = IntegerField(
        _l("Hoe vaak vragen we hoe het gaat? (elke zoveel weken)"),
        default=6,
        validators=[InputRequired(), NumberRange(min=1, max=26)],
    )
    submit = SubmitField(_l("Gesprek vastleggen"))


class CheckInForm(BaseForm):
    how = RadioField(
        _l("Hoe gaat het met de JIM?"),
        choices=choices([("good", _l("Goed")), ("okay", _l("Gaat wel")), ("hard", _l("Moeilijk"))]),
        validators=[InputRequired(message=_l("Kies hoe het gaat."))],
    )
    note = TextAreaField(
        _l("Wil je er iets over zeggen?"), validators=[Optional(), Length(max=2000)]
    )
    submit = SubmitField(_l("Versturen"))


class EndForm(VersionMixin, BaseForm):
    end_reason = SelectField(
        _l("Waarom stopt de rol?"),
        choices=choices(
            [
                ("youth_wish", _l("De jongere wil het")),
                ("jim_wish", _l("De JIM wil het")),
                ("care_ended", _l("De hulp is klaar")),
                ("other", _l("Iets anders")),
            ]
        ),
    )
    reason = TextAreaField(_l("Toelichting"), validators=[Optional(), Length(max=2000)])
    submit = SubmitField(_l("Rol beëindigen"))


class ShareForm(VersionMixin, BaseForm):
    share_network = BooleanField(_l("Mijn netwerkkaart"))
    share_big5 = BooleanField(_l("Mijn plan (BIG5)"))
    share_case_notes = BooleanField(_l("Notities en telefoonnummers bij de mensen in mijn netwerk"))
    submit = SubmitField(_l("Opslaan"))


class CodeForm(BaseForm):
    code = StringField(
        _l("Code uit de brief"),
        validators=[DataRequired(), Length(max=40)],
        render_kw={"autocomplete": "off", "autocapitalize": "characters"},
    )
    submit = SubmitField(_l("Verder"))


class NewAccountForm(NewPasswordForm):
    """A new account for the invited JIM: the password rules of every other new password."""

    email = EmailField(
        _l("E-mailadres"), validators=[DataRequired(), EmailAddress(), Length(max=254)]
    )
    name = StringField(_l("Je naam"), validators=[DataRequired(), Length(max=200)])
    submit = SubmitField(_l("Account maken en JIM worden"))


class ExistingAccountForm(BaseForm):
    email = EmailField(
        _l("E-mailadres"), validators=[DataRequired(), EmailAddress(), Length(max=254)]
    )
    password = PasswordField(
        _l("Wachtwoord"),
        validators=[DataRequired()],
        render_kw={"autocomplete": "current-password"},
    )
    submit = SubmitField(_l("Inloggen en JIM worden"))


class AcceptForm(BaseForm):
    """For someone already logged in."""

    submit = SubmitField(_l("Ja, ik word JIM"))


class DeclineForm(BaseForm):
    reason = TextAreaField(
        _l("Wil je zeggen waarom? (mag leeg)"), validators=[Optional(), Length(max=2000)]
    )
    submit = SubmitField(_l("Nee, ik doe het liever niet"))
