"""Forms of the network map: a member, quick-add, a tie, a measurement, an import."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf.file import FileField, FileRequired
from wtforms import (
    BooleanField,
    DateField,
    EmailField,
    FieldList,
    Form,
    FormField,
    HiddenField,
    RadioField,
    SelectField,
    SelectMultipleField,
    StringField,
    SubmitField,
    TextAreaField,
)
from wtforms.validators import DataRequired, Length, Optional

from jimnet.forms import BaseForm, EmailAddress, choices
from jimnet.network import labels
from jimnet.network.models import (
    ContactFrequency,
    Quality,
    Relation,
    Sector,
    SupportDomain,
    SupportKind,
)
from jimnet.network.services import NAME_MAX, NOTE_MAX, PHONE_MAX

QUICK_ROWS = 10


def relation_choices() -> list[tuple[str, object]]:
    return [(r.value, labels.RELATION[r]) for r in Relation]


def ring_choices() -> list[tuple[str, object]]:
    return [(str(r), _l("%(ring)d · %(label)s", ring=r, label=labels.RING[r])) for r in range(1, 5)]


def support_choices() -> list[tuple[str, object]]:
    return [
        (f"{k.value}:{d.value}", f"{labels.KIND[k]} · {labels.DOMAIN[d]}")
        for d in SupportDomain
        for k in SupportKind
    ]


class MemberForm(BaseForm):
    display_name = StringField(
        _l("Naam"),
        validators=[DataRequired(message=_l("Vul een naam in.")), Length(max=NAME_MAX)],
    )
    relation = SelectField(_l("Wie is het?"), choices=choices(relation_choices()))
    ring = RadioField(
        _l("Hoe dichtbij?"),
        choices=choices(ring_choices()),
        default="2",
        validate_choice=False,  # the service says clearly what a ring may be
    )
    sector = SelectField(
        _l("Groep"),
        choices=choices(
            [("", _l("Vanzelf: past bij wie het is"))]
            + [(s.value, labels.SECTOR[s]) for s in Sector]
        ),
        validate_choice=False,
    )
    quality = RadioField(
        _l("Hoe is het contact?"),
        choices=choices([(q.value, labels.QUALITY[q]) for q in Quality]),
        default=Quality.POSITIVE.value,
        validate_choice=False,
    )
    contact_frequency = SelectField(
        _l("Hoe vaak is er contact?"),
        choices=choices(
            [("", _l("Weet ik niet"))] + [(f.value, labels.FREQUENCY[f]) for f in ContactFrequency]
        ),
        validate_choice=False,
    )
    is_adult = RadioField(
        _l("Is deze persoon 18 of ouder?"),
        choices=choices([("", _l("Vanzelf")), ("yes", _l("Ja")), ("no", _l("Nee"))]),
        default="",
        validate_choice=False,
    )
    known_since = DateField(
        _l("Kennen jullie elkaar sinds (datum)?"),
        validators=[Optional()],
    )
    supports = SelectMultipleField(
        _l("Waarmee helpt deze persoon?"),
        choices=choices(support_choices()),
        validate_choice=True,
    )
    youth_supports_member = BooleanField(
        _l("De jongere helpt deze persoon ook (steun twee kanten op)")
    )
    email = EmailField(_l("E-mail"), validators=[Optional(), EmailAddress(), Length(max=254)])
    phone = StringField(_l("Telefoon"), validators=[Optional(), Length(max=PHONE_MAX)])
    note = TextAreaField(_l("Notitie"), validators=[Optional(), Length(max=NOTE_MAX)])
    version = HiddenField()
    submit = SubmitField(_l("Opslaan"))


class QuickRowForm(Form):  # type: ignore[misc]
    name = StringField(_l("Naam"), validators=[Optional(), Length(max=NAME_MAX)])
    relation = SelectField(
        _l("Wie is het?"), choices=choices(relation_choices()), default=Relation.FRIEND.value
    )
    ring = SelectField(
        _l("Hoe dichtbij?"), choices=choices(ring_choices()), default="2", validate_choice=False
    )


class QuickAddForm(BaseForm):
    rows = FieldList(FormField(QuickRowForm), min_entries=QUICK_ROWS, max_entries=30)
    submit = SubmitField(_l("Zet ze op de kaart"))


class TieForm(BaseForm):
    a_id = SelectField(_l("Deze persoon"), coerce=int, validate_choice=False)
    b_id = SelectField(_l("kent deze persoon"), coerce=int, validate_choice=False)
    quality = RadioField(
        _l("Hoe is het tussen hen?"),
        choices=choices(
            [
                ("positive", labels.TIE_QUALITY["positive"]),
                ("conflict", labels.TIE_QUALITY["conflict"]),
            ]
        ),
        default="positive",
        validate_choice=False,
    )
    submit = SubmitField(_l("Verbinding opslaan"))


class SnapshotForm(BaseForm):
    label = StringField(_l("Naam van de meting"), validators=[Optional(), Length(max=200)])
    taken_on = DateField(
        _l("Datum van het gesprek"),
        validators=[DataRequired(message=_l("Vul een geldige datum in."))],
    )
    note = TextAreaField(_l("Notitie"), validators=[Optional(), Length(max=2000)])
    submit = SubmitField(_l("Meting vastleggen"))


class ImportForm(BaseForm):
    file = FileField(
        _l("Bestand (GraphML of JSON)"),
        validators=[FileRequired(message=_l("Kies een bestand."))],
    )
    replace = BooleanField(
        _l("Vervang de huidige kaart (de mensen die er nu op staan, blijven in de geschiedenis)")
    )
    submit = SubmitField(_l("Inlezen"))


class ImportConfirmForm(BaseForm):
    """The mapping step: the file travels along (base64) until the import is confirmed, so
    nothing is stored before then; the choices change the mapping when it is shown again."""

    payload = HiddenField(validators=[DataRequired()])
    filename = HiddenField(validators=[Length(max=255)])
    replace = BooleanField(
        _l("Vervang de huidige kaart (de mensen die er nu op staan, blijven in de geschiedenis)")
    )
    session = SelectField(_l("Welk interview"), choices=[], validate_choice=False)
    closeness = RadioField(
        _l("Welke kant van de schaal is het dichtst bij?"),
        choices=choices(
            [
                ("low_is_close", _l("1 is het dichtst bij")),
                ("high_is_close", _l("Het hoogste getal is het dichtst bij")),
            ]
        ),
        default="low_is_close",
    )
    merge = BooleanField(
        _l("Voeg niet opnieuw toe wie al op de kaart staat (zelfde naam)"), default=True
    )
    show = SubmitField(_l("Opnieuw bekijken"))
    confirm = SubmitField(_l("Inlezen"))
