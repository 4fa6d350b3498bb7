"""Forms of the privacy page: the retention facts and a written erasure request."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import BooleanField, DateField, HiddenField, SelectField, TextAreaField
from wtforms.validators import DataRequired, Length, Optional

from jimnet.forms import BaseForm, choices


class RetentionForm(BaseForm):
    care_ended_on = DateField(_l("Zorg beëindigd op"), validators=[Optional()])
    protective_measure = BooleanField(
        _l("Er gold een beschermingsmaatregel (ondertoezichtstelling of voogdij)")
    )
    measure_ended_on = DateField(_l("Maatregel beëindigd op"), validators=[Optional()])
    version = HiddenField()


class ErasureRequestForm(BaseForm):
    scope = SelectField(
        _l("Wat moet weg?"),
        choices=choices(
            [
                ("derived", _l("Alleen afgeleide gegevens (scores en kenmerken): meteen")),
                ("file", _l("Het hele dossier, eerder dan de bewaartermijn (vier ogen)")),
            ]
        ),
    )
    requested_by = SelectField(
        _l("Wie vroeg het?"),
        choices=choices([("youth", _l("De jongere")), ("parent", _l("Een ouder met gezag"))]),
    )
    requested_on = DateField(
        _l("Datum van het schriftelijke verzoek"),
        validators=[DataRequired(message=_l("Vul een geldige datum in."))],
    )
    note = TextAreaField(_l("Toelichting (optioneel)"), validators=[Optional(), Length(max=2000)])


class RefuseForm(BaseForm):
    reason = TextAreaField(
        _l("Waarom niet?"),
        validators=[DataRequired(message=_l("Schrijf op waarom niet.")), Length(max=2000)],
    )
