"""Jobs that decide, after the response, whether a mail goes out at all (jimnet.jobs)."""

from __future__ import annotations

from jimnet import jobs, mail
from jimnet.accounts import services
from jimnet.accounts.models import TokenPurpose
from jimnet.extensions import db

RESET_MAIL = "reset_mail"


@jobs.job(RESET_MAIL)
def reset_mail(email: str, raw_token: str, hours: int, subject: str, body: str) -> None:
    """Store the reset link and mail it, if the address belongs to an active account.

    The page already answered the same for every address; an unknown one ends here, silently.
    """
    session = db.session()
    user = services.find_user(session, email)
    if user is None or not user.active:
        return
    services.issue_token(session, TokenPurpose.RESET, user.email, hours, user=user, raw=raw_token)
    session.commit()
    mail.deliver(user.email, subject, body)
