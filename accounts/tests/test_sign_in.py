import re
from typing import Any

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse

from accounts.models import User
from conftest import PASSWORD, USERS

pytestmark = pytest.mark.django_db

HOME_HEADINGS = {
    "admin@northfield.test": "Northfield College",
    "tutor@northfield.test": "Northfield College",
    "staff@northfield.test": "Northfield College",
    "admin@southbank.test": "Southbank Training",
    "moderator@awarding.test": "Examiner-moderator",
    "reviewer@awarding.test": "Examiner-moderator",
    "verifier@awarding.test": "External verifier",
    "ops@awarding.test": "Awarding body operations",
}


def sign_in(client: Client, email: str, password: str = PASSWORD) -> Any:
    return client.post(
        reverse("accounts:sign-in"), {"username": email, "password": password}, follow=True
    )


def test_sign_in_page_uses_the_seed_words(client: Client) -> None:
    page = client.get(reverse("accounts:sign-in")).content.decode()
    assert "Email address" in page
    assert "Password" in page
    assert ">Sign in</button>" in page


@pytest.mark.parametrize("email", [u[0] for u in USERS])
def test_every_demo_account_signs_in_and_lands_on_its_home_page(
    demo: None, client: Client, email: str
) -> None:
    response = sign_in(client, email)
    assert response.redirect_chain[-1][0] == reverse("home")
    page = response.content.decode()
    assert f'<h1 class="govuk-heading-l">{HOME_HEADINGS[email]}</h1>' in page


def test_wrong_password_and_unknown_account_get_the_same_error(demo: None) -> None:
    wrong = sign_in(Client(), "tutor@northfield.test", "not-the-password").content.decode()
    unknown = sign_in(Client(), "nobody@northfield.test", "not-the-password").content.decode()
    message = "Enter a correct email address and password"
    assert message in wrong and message in unknown
    assert "govuk-error-summary" in wrong

    # Nothing on the page tells the two apart (but the email typed and the CSRF token).
    def normalise(page: str, email: str) -> str:
        return re.sub(r'value="[A-Za-z0-9]{64}"', "", page.replace(email, "X"))

    assert normalise(wrong, "tutor@northfield.test") == normalise(unknown, "nobody@northfield.test")


def test_empty_fields_are_named(client: Client, db: None) -> None:
    page = client.post(reverse("accounts:sign-in"), {"username": "", "password": ""})
    text = page.content.decode()
    assert "Enter your email address" in text
    assert "Enter your password" in text
    assert 'href="#id_username"' in text


def test_email_is_not_case_sensitive(demo: None, client: Client) -> None:
    response = sign_in(client, "Tutor@Northfield.TEST")
    assert response.redirect_chain[-1][0] == reverse("home")


def test_session_key_changes_at_sign_in(demo: None, client: Client) -> None:
    client.get(reverse("accounts:sign-in"))
    client.session.save()
    before = client.session.session_key
    sign_in(client, "tutor@northfield.test")
    assert client.session.session_key != before


def test_sign_out_ends_the_session(demo: None, client: Client) -> None:
    sign_in(client, "tutor@northfield.test")
    client.post(reverse("accounts:sign-out"))
    response = client.get(reverse("home"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:sign-in"))


def test_passwords_are_hashed_with_argon2_outside_tests() -> None:
    from config.settings import base

    assert base.PASSWORD_HASHERS[0].endswith("Argon2PasswordHasher")
    assert settings.AUTH_USER_MODEL == "accounts.User"


def test_demo_passwords_are_stored_hashed(demo: None) -> None:
    user = User.objects.get(email="tutor@northfield.test")
    assert PASSWORD not in user.password
    assert user.check_password(PASSWORD)


def test_pages_need_sign_in(client: Client, db: None) -> None:
    for name in ["home", "claims:make-claim", "candidates:list", "candidates:entries"]:
        response = client.get(reverse(name))
        assert response.status_code == 302, name
        assert reverse("accounts:sign-in") in response["Location"]
