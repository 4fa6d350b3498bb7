"""Outgoing mail: printed to the console in development, sent over SMTP when configured.

Mail is always sent after the response, from the job queue (``jimnet.jobs``).

Every message is also kept in ``app.extensions['jimnet_outbox']`` in console mode, so that the
tests can read the link a person would have received without any real mail leaving the machine.
"""

from __future__ import annotations

import logging
import smtplib
from collections import deque
from dataclasses import dataclass
from email.message import EmailMessage

from flask import current_app

from jimnet import jobs

logger = logging.getLogger("jimnet.mail")


@dataclass(frozen=True)
class Mail:
    to: str
    subject: str
    body: str


def outbox() -> deque[Mail]:
    box: deque[Mail] = current_app.extensions.setdefault("jimnet_outbox", deque(maxlen=200))
    return box


def send(to: str, subject: str, body: str) -> None:
    """Queue a message: it leaves after the response (``jimnet.jobs``), so a slow or broken mail
    server neither delays nor fails the page, and the page cannot tell whether mail was sent."""
    jobs.enqueue("send_mail", to=to, subject=subject, body=body)


@jobs.job("send_mail")
def deliver(to: str, subject: str, body: str) -> None:
    """Send now. Raises when the mail server fails; the job runner logs it."""
    mail = Mail(to=to, subject=subject, body=body)
    config = current_app.config
    if config["JIMNET_MAIL_BACKEND"] == "smtp":
        message = EmailMessage()
        message["From"] = config["JIMNET_MAIL_FROM"]
        message["To"] = to
        message["Subject"] = subject
        message.set_content(body)
        with smtplib.SMTP(
            config["JIMNET_SMTP_HOST"], config["JIMNET_SMTP_PORT"], timeout=10
        ) as smtp:
            smtp.starttls()
            if config["JIMNET_SMTP_USER"]:
                smtp.login(config["JIMNET_SMTP_USER"], config["JIMNET_SMTP_PASSWORD"] or "")
            smtp.send_message(message)
        return
    outbox().append(mail)
    # Development: the console stands in for the mail server.
    logger.warning("mail to %s: %s\n%s", to, subject, body)
