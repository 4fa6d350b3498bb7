"""Forms of the pool. The public form is short, phone-first and in plain words (B1)."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import (
    BooleanField,
    DateField,
    EmailField,
    HiddenField,
    IntegerField,
    RadioField,
    SelectField,
    SelectMultipleField,
    StringField,
    SubmitField,
    TelField,
    TextAreaField,
    widgets,
)
from wtforms.validators import (
    DataRequired,
    InputRequired,
    Length,
    NumberRange,
    Optional,
    Regexp,
    ValidationError,
)

from jimnet.clock import today
from jimnet.forms import BaseForm, EmailAddress, choices
from jimnet.pool import labels

POSTCODE = Regexp(r"^\s*\d{4}\s*[A-Za-z]{2}\s*$", message=_l("Vul een postcode in zoals 3811 AB."))
# Names and phone numbers: letters, digits and the usual marks, nothing that looks like markup.
NAME = Regexp(r"^[^<>{}\[\]\\/=;`$]*$", message=_l("Gebruik alleen letters in je naam."))
PHONE = Regexp(r"^[0-9 +()-]{8,20}$", message=_l("Vul een telefoonnummer in, zoals 06 12345678."))
PLAIN_TEXT = Regexp(r"^[^<>]*$", message=_l("Gebruik geen < of > in je tekst."))


def _checkboxes(label: object, table: dict[str, object], **kwargs: object) -> SelectMultipleField:
    return SelectMultipleField(
        label,
        choices=choices((code, str(text)) for code, text in table.items()),
        option_widget=widgets.CheckboxInput(),
        widget=widgets.ListWidget(prefix_label=False),
        **kwargs,
    )


class VersionMixin:
    version = HiddenField()


class RegisterForm(BaseForm):
    organisation_id = SelectField(
        _l("Bij welke organisatie meld je je aan?"),
        coerce=int,
        validators=[InputRequired(message=_l("Kies een organisatie."))],
    )
    name = StringField(
        _l("Je naam"),
        validators=[DataRequired(message=_l("Vul je naam in.")), Length(max=200), NAME],
    )
    email = EmailField(
        _l("Je e-mailadres"),
        validators=[
            DataRequired(message=_l("Vul je e-mailadres in.")),
            EmailAddress(),
            Length(max=254),
        ],
    )
    phone = TelField(_l("Je telefoonnummer"), validators=[Optional(), PHONE])
    birth_year = IntegerField(
        _l("Je geboortejaar"),
        validators=[
            InputRequired(message=_l("Vul je geboortejaar in.")),
            NumberRange(min=1930, message=_l("Vul een geboortejaar in, zoals 1985.")),
        ],
    )
    gender = SelectField(
        _l("Je bent"), choices=choices((c, str(t)) for c, t in labels.GENDER.items())
    )
    postcode = StringField(
        _l("Je postcode"),
        validators=[DataRequired(message=_l("Vul je postcode in.")), POSTCODE],
    )
    municipality = StringField(_l("Je woonplaats"), validators=[Optional(), Length(max=100), NAME])
    travel_km = IntegerField(
        _l("Hoe ver wil je reizen? (km)"),
        default=10,
        validators=[
            InputRequired(message=_l("Vul in hoeveel kilometer.")),
            NumberRange(min=1, max=60, message=_l("Kies tussen 1 en 60 km.")),
        ],
    )
    interests = _checkboxes(
        _l("Wat vind je leuk?"),
        labels.INTERESTS,
        validators=[DataRequired(message=_l("Kies minstens één ding dat je leuk vindt."))],
    )
    languages = _checkboxes(
        _l("Welke talen spreek je?"),
        labels.LANGUAGES,
        validators=[DataRequired(message=_l("Kies minstens één taal."))],
    )
    availability = _checkboxes(
        _l("Wanneer kun je?"),
        labels.AVAILABILITY,
        validators=[DataRequired(message=_l("Kies minstens één moment."))],
    )
    youth_age_min = IntegerField(
        _l("Leeftijd jongere: vanaf"),
        default=12,
        validators=[InputRequired(), NumberRange(min=12, max=23, message=_l("Kies 12 tot 23."))],
    )
    youth_age_max = IntegerField(
        _l("tot en met"),
        default=23,
        validators=[InputRequired(), NumberRange(min=12, max=23, message=_l("Kies 12 tot 23."))],
    )
    motivation = TextAreaField(
        _l("Waarom wil je mentor worden? (mag je leeg laten)"),
        validators=[Optional(), Length(max=2000), PLAIN_TEXT],
    )
    # A field people never see (hidden by CSS and from screen readers): bots fill it in.
    website = StringField(_l("Laat dit veld leeg"), validators=[Optional(), Length(max=200)])
    submit = SubmitField(_l("Aanmelden"))

    def validate_birth_year(self, field: IntegerField) -> None:
        if field.data is not None and today().year - field.data < 18:
            raise ValidationError(_l("Je moet minstens 18 jaar zijn om mentor te worden."))

    def validate_youth_age_max(self, field: IntegerField) -> None:
        low = self.youth_age_min.data
        if field.data is not None and low is not None and field.data < low:
            raise ValidationError(_l("De hoogste leeftijd moet hoger zijn dan de laagste."))


class ScreeningForm(VersionMixin, BaseForm):
    status = RadioField(
        _l("Uitkomst van de screening"),
        choices=choices((c, str(t)) for c, t in labels.VOLUNTEER_STATUS.items()),
        validators=[InputRequired(message=_l("Kies een uitkomst."))],
    )
    interviewed_on = DateField(_l("Datum kennismakingsgesprek"), validators=[Optional()])
    vog_issued_on = DateField(_l("Datum op de VOG"), validators=[Optional()])
    training_done_on = DateField(_l("Training gevolgd op"), validators=[Optional()])
    capacity = IntegerField(
        _l("Hoeveel jongeren tegelijk?"),
        default=1,
        validators=[
            InputRequired(message=_l("Vul een aantal in.")),
            NumberRange(min=1, max=3, message=_l("Kies 1, 2 of 3.")),
        ],
    )
    notes = TextAreaField(_l("Notities"), validators=[Optional(), Length(max=4000)])
    submit = SubmitField(_l("Screening opslaan"))

    def validate_status(self, field: RadioField) -> None:
        if field.data == "approved" and not (
            self.interviewed_on.data and self.vog_issued_on.data and self.training_done_on.data
        ):
            raise ValidationError(
                _l("Goedkeuren kan pas na het gesprek, met een VOG en na de training.")
            )


class WishesForm(VersionMixin, BaseForm):
    reason = TextAreaField(
        _l("Waarom een vrijwillige mentor?"),
        validators=[Optional(), Length(max=2000)],
    )
    interests = _checkboxes(_l("Wat vindt de jongere leuk?"), labels.INTERESTS)
    languages = _checkboxes(_l("In welke taal wil de jongere praten?"), labels.LANGUAGES)
    mentor_gender = RadioField(
        _l("Liever een mentor die is:"),
        choices=choices((c, str(t)) for c, t in labels.MENTOR_GENDER.items()),
        default="any",
        validators=[InputRequired()],
    )
    max_km = IntegerField(
        _l("Hoe ver mag de mentor wonen? (km, mag leeg)"),
        validators=[Optional(), NumberRange(min=1, max=60, message=_l("Kies tussen 1 en 60 km."))],
    )
    submit = SubmitField(_l("Aanmelden bij de mentorpool"))


class StepForm(VersionMixin, BaseForm):
    reason = TextAreaField(_l("Toelichting (mag leeg)"), validators=[Optional(), Length(max=2000)])
    submit = SubmitField(_l("Bevestigen"))


class EndForm(VersionMixin, BaseForm):
    end_reason = RadioField(
        _l("Waarom stopt het?"),
        choices=choices((c, str(t)) for c, t in labels.END_REASON.items()),
        validators=[InputRequired(message=_l("Kies waarom het stopt."))],
    )
    reason = TextAreaField(_l("Toelichting (mag leeg)"), validators=[Optional(), Length(max=2000)])
    submit = SubmitField(_l("Stoppen"))


class ShareForm(VersionMixin, BaseForm):
    share_network = BooleanField(_l("Mijn netwerkkaart"))
    share_big5 = BooleanField(_l("Mijn BIG5-plan"))
    share_case_notes = BooleanField(_l("Verslagen van mijn begeleider"))
    submit = SubmitField(_l("Opslaan"))


class WithdrawReferralForm(VersionMixin, BaseForm):
    reason = TextAreaField(
        _l("Waarom? (mag leeg; de jongere ziet dit niet)"),
        validators=[Optional(), Length(max=2000), PLAIN_TEXT],
    )
    submit = SubmitField(_l("Aanmelding intrekken"))
