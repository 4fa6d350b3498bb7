from __future__ import annotations

from datetime import timedelta

from sqlalchemy import update

from jimnet.accounts.models import OneTimeToken
from jimnet.accounts.roles import StaffRole
from jimnet.db import utcnow
from jimnet.extensions import db
from jimnet.mail import outbox


def _request_reset(client, app, email):
    token = client.csrf_token("/wachtwoord-vergeten")
    response = client.post("/wachtwoord-vergeten", data={"csrf_token": token, "email": email})
    assert response.status_code == 302
    with app.app_context():
        mails = [m for m in outbox() if m.to == email]
    return mails


def _path(mail):
    link = next(line for line in mail.body.splitlines() if "://" in line).strip()
    return "/" + link.split("/", 3)[3]


def test_reset_link_works_once(app, make, client_factory):
    user = make.user(StaffRole.PROFESSIONAL)
    visitor = client_factory()
    path = _path(_request_reset(visitor, app, user.email)[0])
    token = visitor.csrf_token(path)
    new = {
        "csrf_token": token,
        "password": "nieuw lang wachtwoord",
        "confirm": "nieuw lang wachtwoord",
    }
    assert visitor.post(path, data=new).status_code == 302
    again = client_factory()
    assert again.get(path).status_code == 410
    assert (
        again.login_with_password(user.email, "nieuw lang wachtwoord", user.totp_secret).status_code
        == 302
    )


def test_unknown_address_gets_the_same_answer_and_no_mail(app, client):
    assert _request_reset(client, app, "nobody@example.test") == []
    page = client.get("/inloggen").get_data(as_text=True)
    assert "Als dit adres bij ons bekend is" in page


def test_an_expired_reset_link_is_refused(app, make, client):
    user = make.user(StaffRole.PROFESSIONAL)
    path = _path(_request_reset(client, app, user.email)[0])
    with app.app_context():
        db.session.execute(update(OneTimeToken).values(expires_at=utcnow() - timedelta(minutes=1)))
        db.session.commit()
    response = client.get(path)
    assert response.status_code == 410
    assert "werkt niet meer" in response.get_data(as_text=True)


def test_a_weak_password_is_refused_next_to_the_field(app, make, client):
    user = make.user(StaffRole.PROFESSIONAL)
    path = _path(_request_reset(client, app, user.email)[0])
    token = client.csrf_token(path)
    response = client.post(path, data={"csrf_token": token, "password": "kort", "confirm": "kort"})
    assert response.status_code == 200
    assert "minstens 10 tekens" in response.get_data(as_text=True)
