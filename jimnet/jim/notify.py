"""Mail the JIM workflow sends: a consent request, and the invitation link."""

from __future__ import annotations

from flask import url_for
from flask_babel import gettext as _
from sqlalchemy import select
from sqlalchemy.orm import Session

from jimnet import mail
from jimnet.accounts.models import User
from jimnet.clock import today
from jimnet.jim import consent, services
from jimnet.jim.invitations import EMAIL_DAYS, Issued
from jimnet.jim.models import JimNomination
from jimnet.youth.models import ParentalAuthority, Youth


def consent_requested(session: Session, youth: Youth, nomination: JimNomination) -> list[str]:
    """Tell whoever must consent now (parents with an account under 16, the young person from
    12) that consent is asked, with a link to where they give it. Returns the addresses."""
    need = consent.required_givers(youth.age_on(today()))
    addresses: set[str] = set()
    if need.parents:
        addresses |= {
            u.email
            for u in session.scalars(
                select(User)
                .join(ParentalAuthority, ParentalAuthority.user_id == User.id)
                .where(ParentalAuthority.youth_id == youth.id, ParentalAuthority.active.is_(True))
            )
        }
    youth_account = services.youth_user_id(session, youth.id)
    if need.youth and youth_account is not None:
        user = session.get(User, youth_account)
        if user is not None:
            addresses.add(user.email)
    link = url_for("jim.overview", youth_id=youth.id, _external=True)
    for address in sorted(addresses):
        mail.send(
            address,
            _("Toestemming gevraagd voor een JIM"),
            _(
                "%(youth)s wil %(name)s als JIM: een volwassene die %(youth)s vertrouwt en die meedenkt en meepraat. Daarvoor is toestemming nodig.\nGeef je toestemming hier:\n%(link)s",
                youth=youth.first_name,
                name=nomination.member.display_name,
                link=link,
            ),
        )
    return sorted(addresses)


def invitation(youth: Youth, nomination: JimNomination, issued: Issued, professional: str) -> None:
    link = url_for("jim.invitation", t=issued.secret, _external=True)
    mail.send(
        issued.invitation.email or "",
        _("%(youth)s vraagt jou als JIM", youth=youth.first_name),
        _(
            "Beste %(name)s,\n\n%(youth)s heeft jou gekozen als JIM: een volwassene die %(youth)s vertrouwt, die meedenkt en die meepraat met ouders en hulpverleners.\nLees wat dat betekent en zeg ja of nee via deze link (%(days)d dagen geldig, één keer te gebruiken):\n%(link)s\n\nGroet,\n%(professional)s",
            name=nomination.member.display_name,
            youth=youth.first_name,
            days=EMAIL_DAYS,
            link=link,
            professional=professional,
        ),
    )
