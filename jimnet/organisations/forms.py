from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import EmailField, SelectChoice, SelectField, SelectMultipleField, SubmitField, widgets
from wtforms.validators import DataRequired, Length

from jimnet.accounts.roles import StaffRole
from jimnet.forms import BaseForm, EmailAddress, choices


def role_choices() -> list[SelectChoice]:
    return choices(
        [
            (StaffRole.PROFESSIONAL.value, str(_l("Professional"))),
            (StaffRole.COACH.value, str(_l("Transitiecoach"))),
            (StaffRole.INTAKE.value, str(_l("Intake"))),
            (StaffRole.ORG_ADMIN.value, str(_l("Beheerder"))),
            (StaffRole.COORDINATOR.value, str(_l("Coördinator vrijwillige mentoren"))),
        ]
    )


class InviteStaffForm(BaseForm):
    email = EmailField(
        _l("E-mailadres"), validators=[DataRequired(), EmailAddress(), Length(max=254)]
    )
    role = SelectField(_l("Rol"), validators=[DataRequired()])
    organisation_id = SelectField(_l("Organisatie"), coerce=int, validators=[DataRequired()])
    submit = SubmitField(_l("Uitnodiging sturen"))


class RolesForm(BaseForm):
    roles = SelectMultipleField(
        _l("Rollen"),
        option_widget=widgets.CheckboxInput(),
        widget=widgets.ListWidget(prefix_label=False),
    )
    submit = SubmitField(_l("Rollen opslaan"))
