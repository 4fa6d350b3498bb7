"""BIG5 forms. The assessment form is built per domain set: a radio list per domain, ordered 5 → 1
with the descriptor of each level, plus "I don't know"."""

from __future__ import annotations

from typing import Any

from flask_babel import lazy_gettext as _l
from wtforms import (
    DateField,
    Field,
    HiddenField,
    RadioField,
    SelectField,
    StringField,
    SubmitField,
    TextAreaField,
)
from wtforms.validators import DataRequired, InputRequired, Length, Optional

from jimnet.big5 import scale
from jimnet.big5.domains import DomainSetView
from jimnet.big5.models import ActionOwner, ActionStatus
from jimnet.forms import BaseForm, choices

NOTE_LIMIT = Length(max=2000, message=_l("Gebruik hoogstens 2000 tekens."))


def level_choices() -> list[Any]:
    return choices(
        [(str(level), str(level)) for level in scale.LEVELS_DOWN] + [(scale.UNKNOWN, scale.UNKNOWN)]
    )


class AssessmentFormBase(BaseForm):
    """Fields per domain are added by ``assessment_form``; the names are ``level_<key>``,
    ``note_<key>`` and (for the domain with a network proposal) ``overrule_<key>``."""

    domain_keys: list[str] = []
    proposal_key: str | None = None

    def level_field(self, key: str) -> RadioField:
        field: RadioField = self[f"level_{key}"]
        return field

    def note_field(self, key: str) -> Field:
        return self[f"note_{key}"]

    def overrule_field(self, key: str) -> Field | None:
        return self._fields.get(f"overrule_{key}")

    def fields_of(self, key: str) -> list[Field]:
        names = [f"level_{key}", f"note_{key}", f"overrule_{key}"]
        return [self._fields[n] for n in names if n in self._fields]

    def level_of(self, key: str) -> int | None:
        return scale.parse_level(self.level_field(key).data)


def assessment_form(
    domain_set: DomainSetView,
    *,
    with_date: bool,
    proposal_key: str | None,
    youth_words: bool = False,
) -> type[AssessmentFormBase]:
    """The form for one domain set; ``youth_words`` words the labels for the young person."""
    attrs: dict[str, Any] = {
        "domain_keys": domain_set.keys,
        "proposal_key": proposal_key,
        "note": TextAreaField(
            _l("Toelichting bij deze score (mag leeg)"), validators=[Optional(), NOTE_LIMIT]
        ),
        "submit": SubmitField(_l("Score opslaan")),
    }
    if with_date:
        attrs["assessed_on"] = DateField(
            _l("Datum van de score"),
            validators=[DataRequired(message=_l("Vul een geldige datum in."))],
        )
    for domain in domain_set.domains:
        attrs[f"level_{domain.key}"] = RadioField(
            domain.name,
            choices=level_choices(),
            validators=[InputRequired(message=_l("Kies een score, of 'Weet ik niet'."))],
        )
        attrs[f"note_{domain.key}"] = TextAreaField(
            _l("Wat zie je? (mag leeg)"), validators=[Optional(), NOTE_LIMIT]
        )
        if domain.key == proposal_key:
            attrs[f"overrule_{domain.key}"] = TextAreaField(
                _l("Ander niveau dan het voorstel? Schrijf op waarom"),
                validators=[Optional(), NOTE_LIMIT],
            )
    return type("AssessmentForm", (AssessmentFormBase,), attrs)


class ActionForm(BaseForm):
    domain_key = SelectField(_l("Domein"), validators=[DataRequired()])
    what = StringField(
        _l("Wat moet er gebeuren?"),
        validators=[DataRequired(message=_l("Schrijf op wat er moet gebeuren.")), Length(max=300)],
    )
    owner_kind = SelectField(
        _l("Wie doet het?"),
        choices=choices(
            [
                (ActionOwner.YOUTH.value, _l("De jongere")),
                (ActionOwner.PARENT.value, _l("Ouder")),
                (ActionOwner.JIM.value, _l("JIM")),
                (ActionOwner.PROFESSIONAL.value, _l("Professional")),
                (ActionOwner.OTHER.value, _l("Iemand anders")),
            ]
        ),
    )
    owner_name = StringField(
        _l("Naam (nodig bij 'Iemand anders')"), validators=[Optional(), Length(max=200)]
    )
    due_on = DateField(
        _l("Klaar op"), validators=[DataRequired(message=_l("Vul een geldige datum in."))]
    )
    status = SelectField(
        _l("Status"),
        choices=choices(
            [
                (ActionStatus.OPEN.value, _l("Open")),
                (ActionStatus.DONE.value, _l("Klaar")),
                (ActionStatus.DROPPED.value, _l("Vervallen")),
            ]
        ),
        default=ActionStatus.OPEN.value,
    )
    note = TextAreaField(_l("Toelichting (mag leeg)"), validators=[Optional(), NOTE_LIMIT])
    version = HiddenField()
    submit = SubmitField(_l("Actie opslaan"))


class DomainSetForm(BaseForm):
    consortium_id = SelectField(_l("Samenwerkingsverband"), coerce=int, validators=[DataRequired()])
    domain_set_id = SelectField(_l("Domeinen"), coerce=int, validators=[DataRequired()])
    submit = SubmitField(_l("Deze domeinen gebruiken"))
