from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import (
    BooleanField,
    DateField,
    EmailField,
    HiddenField,
    IntegerField,
    SelectField,
    StringField,
    SubmitField,
)
from wtforms.validators import DataRequired, Length, NumberRange, Optional, Regexp

from jimnet.forms import BaseForm, EmailAddress, choices

POSTCODE = Regexp(
    r"^\s*[1-9][0-9]{3}\s?[A-Za-z]{2}\s*$",
    message=_l("Een postcode is 4 cijfers en 2 letters, zoals 1234 AB."),
)


class YouthDetailsMixin:
    first_name = StringField(_l("Voornaam"), validators=[DataRequired(), Length(max=100)])
    last_name = StringField(_l("Achternaam"), validators=[DataRequired(), Length(max=100)])
    date_of_birth = DateField(
        _l("Geboortedatum"), validators=[DataRequired(message=_l("Vul een geldige datum in."))]
    )
    postcode = StringField(_l("Postcode"), validators=[Optional(), POSTCODE])


class YouthCreateForm(YouthDetailsMixin, BaseForm):
    organisation_id = SelectField(_l("Organisatie"), coerce=int, validators=[DataRequired()])
    parent1_name = StringField(
        _l("Ouder met gezag 1: naam"), validators=[Optional(), Length(max=200)]
    )
    parent1_email = EmailField(
        _l("Ouder met gezag 1: e-mail"), validators=[Optional(), EmailAddress(), Length(max=254)]
    )
    parent2_name = StringField(
        _l("Ouder met gezag 2: naam"), validators=[Optional(), Length(max=200)]
    )
    parent2_email = EmailField(
        _l("Ouder met gezag 2: e-mail"), validators=[Optional(), EmailAddress(), Length(max=254)]
    )
    submit = SubmitField(_l("Jongere toevoegen"))


class YouthEditForm(YouthDetailsMixin, BaseForm):
    reporting_every_weeks = IntegerField(
        _l("Hoe vaak rapporteren (elke zoveel weken)"),
        validators=[Optional(), NumberRange(min=1, max=52)],
    )
    version = HiddenField()
    submit = SubmitField(_l("Opslaan"))


class AddTeamMemberForm(BaseForm):
    email = EmailField(
        _l("E-mailadres van je collega"),
        validators=[DataRequired(), EmailAddress(), Length(max=254)],
    )
    role = SelectField(
        _l("Rol in het team"),
        choices=choices([("professional", _l("Professional")), ("coach", _l("Transitiecoach"))]),
    )
    submit = SubmitField(_l("Toevoegen aan het team"))


class InviteParticipantForm(BaseForm):
    role = SelectField(
        _l("Wie nodig je uit?"),
        choices=choices([("youth", _l("De jongere")), ("parent", _l("Een ouder"))]),
    )
    email = EmailField(
        _l("E-mailadres"), validators=[DataRequired(), EmailAddress(), Length(max=254)]
    )
    submit = SubmitField(_l("Uitnodiging sturen"))


class ParentShareForm(BaseForm):
    """What the young person shares with one parent (one form per parent on the page)."""

    parent_id = HiddenField()
    version = HiddenField()
    share_jim = BooleanField(_l("Mijn JIM: wie het is en hoe het gaat"))
    share_network = BooleanField(_l("Mijn netwerkkaart"))
    share_big5 = BooleanField(_l("Mijn plan (BIG5)"))
    share_log = BooleanField(_l("Wie mijn dossier heeft bekeken"))
    share_details = BooleanField(
        _l("Notities over de mensen in mijn netwerk, en hun telefoonnummer en e-mail")
    )
    submit = SubmitField(_l("Opslaan"))
