import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse

from accounts.models import Centre, Membership, Role, User
from audit.models import AuditEvent
from conftest import client_for

pytestmark = pytest.mark.django_db


def test_staff_without_a_claims_role_is_told_which_roles_give_access(staff: User) -> None:
    response = client_for(staff).get(reverse("claims:make-claim"))
    assert response.status_code == 403
    page = response.content.decode()
    assert "'Centre Administrator' or 'Tutor/Teacher' role" in page
    assert "Your Centre Administrator grants roles" in page
    assert "03991" not in page


@pytest.mark.parametrize("name", ["candidates:list", "candidates:entries"])
def test_staff_cannot_open_candidate_pages(staff: User, name: str) -> None:
    assert client_for(staff).get(reverse(name)).status_code == 403


def test_awarding_body_users_get_not_found_for_centre_pages(moderator: User, ops: User) -> None:
    for user in (moderator, ops):
        client = client_for(user)
        for name in ["claims:make-claim", "candidates:list", "accounts:centre-users"]:
            assert client.get(reverse(name)).status_code == 404, (user, name)


def test_navigation_follows_the_role(tutor: User, centre_admin: User, staff: User) -> None:
    tutor_page = client_for(tutor).get(reverse("home")).content.decode()
    admin_page = client_for(centre_admin).get(reverse("home")).content.decode()
    staff_page = client_for(staff).get(reverse("home")).content.decode()
    assert "Centre users" in admin_page and "Centre users" not in tutor_page
    assert "Candidates" in tutor_page and "Candidates" not in staff_page


def test_only_a_centre_administrator_sees_the_centre_users(centre_admin: User, tutor: User) -> None:
    page = client_for(centre_admin).get(reverse("accounts:centre-users")).content.decode()
    for email in ["admin@northfield.test", "tutor@northfield.test", "staff@northfield.test"]:
        assert email in page
    assert "admin@southbank.test" not in page
    assert client_for(tutor).get(reverse("accounts:centre-users")).status_code == 403


def test_administrator_gives_staff_the_tutor_role(centre_admin: User, staff: User) -> None:
    membership = Membership.objects.get(user=staff)
    response = client_for(centre_admin).post(
        reverse("accounts:change-role", args=[membership.pk]), {"role": Role.TUTOR}
    )
    assert response.status_code == 302
    membership.refresh_from_db()
    assert membership.role == Role.TUTOR
    assert AuditEvent.objects.filter(action="membership.role_changed").count() == 1
    assert client_for(staff).get(reverse("claims:make-claim")).status_code == 200


def test_the_last_centre_administrator_cannot_be_demoted(centre_admin: User) -> None:
    membership = Membership.objects.get(user=centre_admin)
    response = client_for(centre_admin).post(
        reverse("accounts:change-role", args=[membership.pk]), {"role": Role.TUTOR}
    )
    assert response.status_code == 409
    assert "A centre must keep at least one Centre Administrator" in response.content.decode()
    membership.refresh_from_db()
    assert membership.role == Role.CENTRE_ADMINISTRATOR


def test_another_centres_membership_is_not_found(southbank_admin: User, tutor: User) -> None:
    membership = Membership.objects.get(user=tutor)
    client = client_for(southbank_admin)
    assert client.get(reverse("accounts:change-role", args=[membership.pk])).status_code == 404
    response = client.post(
        reverse("accounts:change-role", args=[membership.pk]), {"role": Role.STAFF}
    )
    assert response.status_code == 404
    membership.refresh_from_db()
    assert membership.role == Role.TUTOR


def test_adding_a_new_person_emails_them_a_link_to_set_a_password(
    centre_admin: User, django_capture_on_commit_callbacks
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        response = client_for(centre_admin).post(
            reverse("accounts:add-centre-user"),
            {"full_name": "New Tutor", "email": "New.Tutor@Northfield.test", "role": Role.TUTOR},
        )
    assert response.status_code == 302
    user = User.objects.get(email="new.tutor@northfield.test")
    assert not user.has_usable_password()
    assert Membership.objects.get(user=user).role == Role.TUTOR
    [message] = mail.outbox
    assert message.to == ["new.tutor@northfield.test"]
    link = next(line for line in message.body.splitlines() if "/password/set/" in line)
    path = link.split("127.0.0.1:8000", 1)[1]
    # The link works once: following it lets the person set a password and sign in.
    client = Client()
    form_page = client.get(path, follow=True)
    assert "Set your password" in form_page.content.decode()
    client.post(
        form_page.redirect_chain[-1][0],
        {"new_password1": "a-long-new-passphrase", "new_password2": "a-long-new-passphrase"},
    )
    user.refresh_from_db()
    assert user.check_password("a-long-new-passphrase")


def test_adding_bad_input_names_the_fields_and_saves_nothing(centre_admin: User) -> None:
    before = User.objects.count()
    response = client_for(centre_admin).post(
        reverse("accounts:add-centre-user"), {"full_name": "", "email": "not-an-email"}
    )
    page = response.content.decode()
    assert response.status_code == 400
    assert "Enter the person&#x27;s full name" in page
    assert "Enter an email address in the correct format" in page
    assert "Select a role" in page
    assert User.objects.count() == before


def test_adding_someone_already_at_the_centre_is_refused(centre_admin: User) -> None:
    response = client_for(centre_admin).post(
        reverse("accounts:add-centre-user"),
        {"full_name": "Tom Reid", "email": "tutor@northfield.test", "role": Role.STAFF},
    )
    assert "already has a role at this centre" in response.content.decode()
    assert Membership.objects.get(user__email="tutor@northfield.test").role == Role.TUTOR


def test_a_person_at_two_centres_chooses_the_current_centre(tutor: User) -> None:
    southbank = Centre.objects.get(number="67890")
    Membership.objects.create(user=tutor, centre=southbank, role=Role.TUTOR)
    client = client_for(tutor)
    response = client.get(reverse("home"))
    assert response.status_code == 302
    assert response["Location"] == reverse("accounts:choose-centre")
    page = client.get(reverse("accounts:choose-centre")).content.decode()
    assert "12345 Northfield College" in page and "67890 Southbank Training" in page
    client.post(reverse("accounts:choose-centre"), {"centre": southbank.pk})
    candidates = client.get(reverse("candidates:list")).content.decode()
    assert "Farah Ali" in candidates and "Amira Khan" not in candidates


def test_choosing_a_centre_the_user_has_no_role_at_is_refused(tutor: User) -> None:
    southbank = Centre.objects.get(number="67890")
    client = client_for(tutor)
    response = client.post(reverse("accounts:choose-centre"), {"centre": southbank.pk})
    assert response.status_code == 400
    assert "Select a valid choice" in response.content.decode()
    assert "Amira Khan" in client.get(reverse("candidates:list")).content.decode()


def test_not_found_page_uses_the_product_layout(client: Client, db: None) -> None:
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    page = response.content.decode()
    assert "Page not found" in page and "CertClaims" in page
