"""The JIM's invitation answer page logs an existing account in: the same lockout as the login
page applies, checked before the password."""

from __future__ import annotations

from jimnet.jim.models import JimState as S
from tests.factories import TEST_PASSWORD
from tests.jim.conftest import version_of


def _answer_page(jim, client_factory, app):
    w = jim.world(age=16)
    nomination = jim.nomination(
        w.youth, w.aunt, S.AWAITING_CONSENT, suitable=True, consents=(("youth", None),)
    )
    professional = client_factory().login(w.professional)
    code = professional.api(
        "POST",
        f"/api/v1/youth/{w.youth.id}/jim/{nomination.id}/invite",
        json={"channel": "letter", "version": version_of(app, nomination.id)},
    ).json["code"]
    guesser = client_factory()
    guesser.form("/jim/uitnodiging", {"code": code}, token_page="/jim/uitnodiging")
    return guesser


def _existing(guesser, email, password):
    return guesser.form(
        "/jim/uitnodiging/antwoord",
        {"login-email": email, "login-password": password, "login-submit": "1"},
        token_page="/jim/uitnodiging/antwoord",
    )


def test_a_right_guess_on_the_answer_page_does_not_log_a_locked_out_guesser_in(
    app, jim, make, client_factory
):
    victim = make.user(email="someone.else@example.test")
    guesser = _answer_page(jim, client_factory, app)
    for _ in range(5):
        guesser.login_with_password(victim.email, "wrong password!!")
    response = _existing(guesser, victim.email, TEST_PASSWORD)
    assert response.status_code == 429
    assert guesser.get("/account/").status_code == 302


def test_wrong_guesses_on_the_answer_page_lock_the_login_page_too(app, jim, make, client_factory):
    victim = make.user(email="someone.else@example.test")
    guesser = _answer_page(jim, client_factory, app)
    assert [
        _existing(guesser, victim.email, f"wrong {n} guess!!").status_code for n in range(5)
    ] == [422] * 5
    assert guesser.login_with_password(victim.email).status_code == 429
