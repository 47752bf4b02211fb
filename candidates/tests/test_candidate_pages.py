import pytest
from django.test import Client
from django.urls import reverse

from accounts.models import User
from audit.models import AuditEvent
from candidates.models import Candidate, NamedEntry, UnnamedEntryMovement
from candidates.selectors import unnamed_balance
from catalogue.models import Qualification
from conftest import client_for

pytestmark = pytest.mark.django_db

NEW = {
    "number": "11900001",
    "first_name": "Nia",
    "last_name": "Patel",
    "date_of_birth": "03/04/2001",
    "uln": "9999999998",
}


def test_tutor_searches_by_part_name_and_number(tutor_client: Client) -> None:
    page = tutor_client.get(reverse("candidates:list"), {"q": "kha"}).content.decode()
    assert "Amira Khan" in page and "Ben Carter" not in page
    page = tutor_client.get(reverse("candidates:list"), {"q": "1172"}).content.decode()
    assert "Amira Khan" in page and "Chloe Davies" in page and "Ben Carter" not in page
    page = tutor_client.get(reverse("candidates:list"), {"q": "jane doe"}).content.decode()
    assert "Jane Doe" in page and "John Smith" not in page


def test_candidate_list_shows_only_the_centres_candidates(tutor_client: Client) -> None:
    page = tutor_client.get(reverse("candidates:list")).content.decode()
    assert "Farah Ali" not in page
    assert "02/08/1990" in page


def test_candidate_list_query_count_does_not_grow(
    tutor_client: Client, tutor: User, django_assert_max_num_queries
) -> None:
    centre = tutor.memberships.get().centre
    Candidate.objects.bulk_create(
        Candidate(
            centre=centre,
            number=f"3{n:07d}",
            first_name="Bulk",
            last_name=f"Candidate{n}",
            date_of_birth="2000-01-01",
        )
        for n in range(200)
    )
    tutor_client.get(reverse("home"))  # the session's first-request checks are done once
    with django_assert_max_num_queries(12):
        response = tutor_client.get(reverse("candidates:list"))
    assert response.status_code == 200


def test_administrator_adds_a_candidate(centre_admin_client: Client) -> None:
    response = centre_admin_client.post(reverse("candidates:add"), NEW)
    assert response.status_code == 302
    candidate = Candidate.objects.get(number="11900001")
    assert candidate.centre.number == "12345"
    assert str(candidate.date_of_birth) == "2001-04-03"
    assert AuditEvent.objects.filter(action="candidate.created", object_id=candidate.pk).exists()


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("number", "12ab", "Enter the candidate number using digits only"),
        ("number", "11721896", "already exists"),
        ("date_of_birth", "31/02/2001", "Enter the date of birth as day/month/year"),
        ("uln", "9999999999", "the last digit does not match the check digit"),
        ("uln", "12345", "Enter the ULN as 10 digits"),
        ("first_name", "", "Enter the first name"),
    ],
)
def test_bad_candidate_input_is_named_and_nothing_is_saved(
    centre_admin_client: Client, field: str, value: str, message: str
) -> None:
    before = Candidate.objects.count()
    response = centre_admin_client.post(reverse("candidates:add"), {**NEW, field: value})
    assert response.status_code == 400
    page = response.content.decode()
    assert message in page
    assert "govuk-error-summary" in page
    assert f'id="id_{field}-error"' in page
    # What was typed is kept.
    assert 'value="Patel"' in page
    assert Candidate.objects.count() == before


def test_tutor_cannot_add_or_edit_candidates(tutor_client: Client) -> None:
    assert tutor_client.post(reverse("candidates:add"), NEW).status_code == 403
    response = tutor_client.post(
        reverse("candidates:edit", args=["11721896"]), {**NEW, "first_name": "X"}
    )
    assert response.status_code == 403
    assert not Candidate.objects.filter(number="11900001").exists()
    assert Candidate.objects.get(number="11721896").first_name == "Amira"


def test_administrator_edits_a_candidate_but_not_the_number(centre_admin_client: Client) -> None:
    url = reverse("candidates:edit", args=["11721896"])
    page = centre_admin_client.get(url).content.decode()
    assert 'value="02/08/1990"' in page
    response = centre_admin_client.post(
        url, {"first_name": "Amira", "last_name": "Khan-Ali", "date_of_birth": "02/08/1990"}
    )
    assert response.status_code == 302
    amira = Candidate.objects.get(number="11721896")
    assert amira.last_name == "Khan-Ali"
    event = AuditEvent.objects.get(action="candidate.updated")
    assert event.changes == {"last_name": ["Khan", "Khan-Ali"]}


@pytest.mark.parametrize(
    "url",
    [
        reverse("candidates:detail", args=["11721896"]),
        reverse("candidates:edit", args=["11721896"]),
        reverse("candidates:entry-add", args=["11721896"]),
    ],
)
def test_southbank_gets_not_found_for_a_northfield_candidate(
    southbank_client: Client, url: str
) -> None:
    assert southbank_client.get(url).status_code == 404
    assert southbank_client.post(url, {"first_name": "X"}).status_code == 404


def test_candidate_page_shows_entries(tutor_client: Client) -> None:
    page = tutor_client.get(reverse("candidates:detail", args=["11721832"])).content.decode()
    assert "Unit entries" in page
    assert "1, 4, 13" in page


def test_administrator_makes_unit_entries(centre_admin_client: Client) -> None:
    url = reverse("candidates:entry-add", args=["11721897"])
    itq = Qualification.objects.get(code="03991")
    choose = centre_admin_client.get(url).content.decode()
    assert "03991 Level 1 Award in IT User Skills (ITQ)" in choose
    units = list(itq.units.filter(number__in=[2, 5]).values_list("pk", flat=True))
    response = centre_admin_client.post(
        f"{url}?qualification={itq.pk}", {"entry_type": "units", "units": units}
    )
    assert response.status_code == 302
    entry = NamedEntry.objects.get(candidate__number="11721897")
    assert sorted(entry.units.values_list("number", flat=True)) == [2, 5]


def test_unit_entries_need_units_and_a_second_entry_is_refused(
    centre_admin_client: Client,
) -> None:
    itq = Qualification.objects.get(code="03991")
    url = reverse("candidates:entry-add", args=["11721897"]) + f"?qualification={itq.pk}"
    response = centre_admin_client.post(url, {"entry_type": "units"})
    assert "Select at least one unit for unit entries" in response.content.decode()
    assert not NamedEntry.objects.filter(candidate__number="11721897").exists()
    url = reverse("candidates:entry-add", args=["11721896"]) + f"?qualification={itq.pk}"
    response = centre_admin_client.post(url, {"entry_type": "full"})
    assert "Amira Khan already has an entry for 03991" in response.content.decode()


def test_a_qualification_the_centre_is_not_approved_for_cannot_be_entered(
    southbank_client: Client,
) -> None:
    customer = Qualification.objects.get(code="05203")
    url = reverse("candidates:entry-add", args=["20000001"]) + f"?qualification={customer.pk}"
    page = southbank_client.get(url).content.decode()
    assert "Select a valid choice" in page
    assert NamedEntry.objects.filter(candidate__number="20000001").count() == 1


def test_entries_page_shows_the_unnamed_balance(tutor_client: Client) -> None:
    page = tutor_client.get(reverse("candidates:entries")).content.decode()
    assert "Unnamed unit entries available" in page
    assert '<td class="govuk-table__cell govuk-table__cell--numeric">10</td>' in page


def test_entries_page_query_count_does_not_grow(
    tutor_client: Client, tutor: User, django_assert_max_num_queries
) -> None:
    centre = tutor.memberships.get().centre
    itq = Qualification.objects.get(code="03991")
    units = list(itq.units.all()[:3])
    for n in range(60):
        candidate = Candidate.objects.create(
            centre=centre,
            number=f"4{n:07d}",
            first_name="Bulk",
            last_name=f"Entry{n}",
            date_of_birth="2000-01-01",
        )
        entry = NamedEntry.objects.create(
            candidate=candidate, qualification=itq, entry_type="units"
        )
        entry.units.set(units)
    tutor_client.get(reverse("home"))  # the session's first-request checks are done once
    with django_assert_max_num_queries(15):
        response = tutor_client.get(reverse("candidates:entries"))
    assert response.content.decode().count("Bulk") == 60


def test_administrator_buys_unnamed_entries(centre_admin_client: Client) -> None:
    itq = Qualification.objects.get(code="03991")
    response = centre_admin_client.post(
        reverse("candidates:buy-unnamed"), {"qualification": itq.pk, "quantity": "5"}
    )
    assert response.status_code == 302
    centre = itq.approvals.get(centre__number="12345").centre
    assert unnamed_balance(centre=centre, qualification=itq) == 15


@pytest.mark.parametrize("quantity", ["0", "-3", "ten", "10001", ""])
def test_bad_purchase_quantities_are_refused(centre_admin_client: Client, quantity: str) -> None:
    itq = Qualification.objects.get(code="03991")
    response = centre_admin_client.post(
        reverse("candidates:buy-unnamed"), {"qualification": itq.pk, "quantity": quantity}
    )
    assert response.status_code == 400
    assert 'id="id_quantity-error"' in response.content.decode()
    assert UnnamedEntryMovement.objects.count() == 1


def test_staff_and_other_roles_cannot_buy(staff: User, moderator: User) -> None:
    itq = Qualification.objects.get(code="03991")
    data = {"qualification": itq.pk, "quantity": "5"}
    assert client_for(staff).post(reverse("candidates:buy-unnamed"), data).status_code == 403
    assert client_for(moderator).post(reverse("candidates:buy-unnamed"), data).status_code == 404
    assert UnnamedEntryMovement.objects.count() == 1
