"""Operations' catalogue pages through the test client: lists in a fixed number of queries, bad
input answered 400 with the message beside its field, the rules engine's verdict shown, and a
qualification file previewed before anything is loaded."""

import json
from pathlib import Path
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from accounts.models import User
from audit.models import AuditEvent
from catalogue.actions import load_qualification_structure
from catalogue.models import Qualification, Rule, Unit
from catalogue.structure import parse_file
from conftest import client_for

from .structure_files import EXAMPLES, without_grading

pytestmark = pytest.mark.django_db


@pytest.fixture
def ops_client(ops: User) -> Client:
    return client_for(ops)


def test_the_list_counts_units_and_centres_in_a_fixed_number_of_queries(
    ops_client: Client, django_assert_max_num_queries: Any
) -> None:
    for n in range(30):
        Qualification.objects.create(
            code=f"09{n:03}", title=f"Award {n}", level=1, quality_assurance="postal"
        )
    url = reverse("catalogue:qualifications")
    with django_assert_max_num_queries(12):
        response = ops_client.get(url)
    assert response.status_code == 200
    row = next(q for q in response.context["page"] if q.code == "03991")
    assert (row.units_count, row.centres_count) == (81, 2)
    html = response.content.decode()
    assert "All qualifications (32)" in html
    found = ops_client.get(url, {"q": "customer"})
    assert [q.code for q in found.context["page"]] == ["05203"]


def test_the_rules_page_shows_cards_and_the_rules_in_words(ops_client: Client) -> None:
    response = ops_client.get(reverse("catalogue:rules", args=["05203"]))
    html = response.content.decode()
    assert "Rule 1: Mandatory units" in html
    assert "<li>Unit 1 is mandatory</li>" in html
    assert "<li>At least 16 credits</li>" in html


def test_units_are_picked_as_checkboxes_and_an_unsound_rule_is_shown_beside_units(
    ops_client: Client,
) -> None:
    mandatory = Rule.objects.get(qualification__code="05203", kind="mandatory")
    url = reverse("catalogue:rule", args=["05203", mandatory.pk])
    page = ops_client.get(url).content.decode()
    assert 'type="checkbox" value="1" checked' in page.replace('name="units" ', "")
    response = ops_client.post(url, {"kind": "barred", "units": ["1"]})
    assert response.status_code == 400
    html = response.content.decode()
    assert 'id="id_units-error"' in html
    assert "A barred combination needs at least 2 units" in html
    assert "There is a problem" in html
    assert Rule.objects.get(pk=mandatory.pk).kind == "mandatory"


def test_check_rules_shows_the_verdict_and_saves_nothing(ops_client: Client) -> None:
    url = reverse("catalogue:rule-add", args=["05203"])
    response = ops_client.post(url, {"kind": "min_credits", "value": "20", "check": "yes"})
    assert response.status_code == 200
    html = response.content.decode()
    assert "The rules engine found no problems" in html
    assert "At least 20 credits" in html
    assert Rule.objects.filter(qualification__code="05203").count() == 2
    unsound = ops_client.post(url, {"kind": "min_credits", "check": "yes"})
    assert unsound.status_code == 400
    assert "Enter the minimum number of credits" in unsound.content.decode()
    saved = ops_client.post(url, {"kind": "min_credits", "value": "20"})
    assert saved.status_code == 302
    assert Rule.objects.filter(qualification__code="05203", value=20).exists()


def test_bad_details_are_answered_400_beside_the_field(ops_client: Client) -> None:
    url = reverse("catalogue:qualification", args=["05203"])
    response = ops_client.post(
        url, {"title": "", "level": "12", "quality_assurance": "postal", "points_per": "credit"}
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert "Enter the title" in html and 'id="id_level-error"' in html
    assert Qualification.objects.get(code="05203").quality_assurance == "verification"


def test_creating_a_qualification_leads_to_its_units(ops_client: Client) -> None:
    response = ops_client.post(
        reverse("catalogue:qualification-new"),
        {"code": "07001", "title": "Award in Retail", "level": "1", "quality_assurance": "postal"},
    )
    assert response["Location"] == reverse("catalogue:units", args=["07001"])
    taken = ops_client.post(
        reverse("catalogue:qualification-new"),
        {"code": "07001", "title": "Again", "level": "1", "quality_assurance": "postal"},
    )
    assert taken.status_code == 400
    assert "Qualification 07001 already exists" in taken.content.decode()


def test_retiring_a_unit_in_use_is_refused_with_why(ops_client: Client) -> None:
    used = Unit.objects.get(qualification__code="03991", number=1)
    response = ops_client.post(reverse("catalogue:unit-retire", args=["03991", used.pk]))
    page = response.content.decode()
    assert response.status_code == 409
    assert "<title>Error: Units of 03991" in page
    assert (
        '<a href="#unit-1">Unit 1 cannot be retired: claims, results or named entries use it'
        in page
    )
    assert 'id="unit-1"' in page
    assert "Important" not in page
    assert Unit.objects.filter(pk=used.pk).exists()
    spare = Unit.objects.get(qualification__code="05203", number=8)
    done = ops_client.post(reverse("catalogue:unit-retire", args=["05203", spare.pk]))
    assert done.status_code == 302
    assert not Unit.objects.filter(pk=spare.pk).exists()


def upload(client: Client, name: str, content: bytes) -> Any:
    return client.post(reverse("catalogue:upload"), {"file": SimpleUploadedFile(name, content)})


def test_a_file_with_problems_lists_each_with_its_line_and_loads_nothing(
    ops_client: Client,
) -> None:
    data = json.loads((EXAMPLES / "05203.json").read_text())
    data["units"][1]["credits"] = 0
    data["rules"].append({"kind": "barred", "units": [1, 2]})
    response = upload(ops_client, "05203.json", json.dumps(data, indent=1).encode())
    assert response.status_code == 400
    html = response.content.decode()
    assert "The file has 2 problems: nothing was loaded" in html
    assert "units[1].credits: must be a whole number from 1 to 999 (got 0)" in html
    assert "rules[2]: Rule 3 (barred): units 1 and 2 are both mandatory" in html
    assert not AuditEvent.objects.filter(action="qualification.loaded").exists()


def test_a_file_is_previewed_then_loaded_only_when_confirmed(ops_client: Client) -> None:
    content = (EXAMPLES / "05203-distinction-star.json").read_bytes()
    preview = upload(ops_client, "05203-distinction-star.json", content)
    assert preview.status_code == 200
    html = preview.content.decode()
    assert "What loading the file changes" in html
    # The demo's 05203 is graded Pass, Merit or Distinction; the file adds Distinction*.
    assert "Grading replaced" in html and "Graded Pass only" not in html
    assert "Merit from 120 points" in html
    assert html.count("Distinction* from 140 points") == 1
    assert Qualification.objects.get(code="05203").grade_thresholds.count() == 3
    digest = preview.context["preview"].digest
    tampered = ops_client.post(reverse("catalogue:upload-confirm"), {"digest": "0" * 64})
    assert tampered.status_code == 409
    assert "Another file was previewed after this one: upload the file again" in (
        tampered.content.decode()
    )
    assert Qualification.objects.get(code="05203").grade_thresholds.count() == 3
    loaded = ops_client.post(reverse("catalogue:upload-confirm"), {"digest": digest})
    assert loaded["Location"] == reverse("catalogue:qualification", args=["05203"])
    assert Qualification.objects.get(code="05203").grade_thresholds.count() == 4
    event = AuditEvent.objects.get(action="qualification.loaded")
    assert event.actor_id is not None and event.changes["source"] == "05203-distinction-star.json"
    again = ops_client.post(reverse("catalogue:upload-confirm"), {"digest": digest})
    page = again.content.decode()
    assert again.status_code == 409
    assert "<title>Error: Upload a qualification file" in page
    assert 'class="govuk-error-summary"' in page
    message = (
        "Another file was loaded after this preview, or the preview has expired: upload the "
        "file again"
    )
    assert f'<a href="#id_file">{message}</a>' in page
    assert f'<span class="govuk-visually-hidden">Error:</span> {message}</p>' in page
    assert 'type="file"' in page
    assert "Important" not in page


def test_a_preview_lists_units_added_and_details_changed(ops_client: Client) -> None:
    data = json.loads((EXAMPLES / "05203.json").read_text())
    data["title"] = "Level 2 Certificate in Customer Care"
    data["units"].append(
        {"number": 9, "title": "Handle complaints [Level 2]", "level": 2, "credits": 4}
    )
    html = upload(ops_client, "05203.json", json.dumps(data).encode()).content.decode()
    assert "Level 2 Certificate in Customer Service" in html
    assert "Level 2 Certificate in Customer Care" in html
    assert "Units added (1)" in html and "9 Handle complaints [Level 2]" in html
    assert "Rules of combination replaced" not in html


def test_removing_the_last_rule_that_asks_for_units_is_refused_in_the_error_summary(
    ops: User, ops_client: Client, tmp_path: Path
) -> None:
    # Graded Pass only, 05203's rules need not keep a minimum of credits for its grade.
    structure = parse_file(without_grading(tmp_path, "05203.json"))
    load_qualification_structure(structure=structure, acting_user=ops)
    minimum = Rule.objects.get(qualification__code="05203", kind="min_credits")
    mandatory = Rule.objects.get(qualification__code="05203", kind="mandatory")
    removed = ops_client.post(reverse("catalogue:rule-remove", args=["05203", minimum.pk]))
    assert removed.status_code == 302
    url = reverse("catalogue:rule-remove", args=["05203", mandatory.pk])
    refused = ops_client.post(url)
    page = refused.content.decode()
    assert refused.status_code == 400
    assert "<title>Error: Remove rule 1" in page
    assert 'class="govuk-error-summary"' in page
    assert "This is the only rule: without it a full award would need no units" in page
    assert Rule.objects.filter(pk=mandatory.pk).exists()


def test_creating_a_qualification_shows_every_problem_in_one_submit(ops_client: Client) -> None:
    response = ops_client.post(
        reverse("catalogue:qualification-new"),
        {"code": "12ab'; DROP", "title": "T" * 10_000, "level": "-3"},
    )
    assert response.status_code == 400
    errors = response.context["form"].errors
    assert errors["code"] == ["Enter the entry code as 5 digits, like 05203"]
    assert errors["title"] == ["The title must be 200 characters or fewer"]
    assert errors["level"] == ["Enter the level as a whole number from 1 up"]
    assert "quality_assurance" in errors
    page = response.content.decode()
    assert 'maxlength="' not in page
    taken = ops_client.post(
        reverse("catalogue:qualification-new"),
        {"code": "03991", "title": "Again", "level": "0", "quality_assurance": "postal"},
    )
    assert taken.context["form"].errors["code"] == ["Qualification 03991 already exists"]
    assert "level" in taken.context["form"].errors
    assert not Qualification.objects.filter(title="Again").exists()


def test_adding_a_unit_shows_every_problem_in_one_submit(ops_client: Client) -> None:
    url = reverse("catalogue:units", args=["05203"])
    response = ops_client.post(
        url,
        {
            "number": "3",
            "title": "U" * 201,
            "level": "9",
            "credits": "0",
            "grading": "pass",
            "reference": "not a reference",
        },
    )
    assert response.status_code == 400
    errors = response.context["form"].errors
    assert errors["number"] == ["Unit 3 already exists in this qualification"]
    assert errors["reference"] == ["Enter a unit reference number like A/123/4567"]
    assert errors["title"] == ["The unit's title must be 200 characters or fewer"]
    assert set(errors) >= {"level", "credits"}
    assert Unit.objects.filter(qualification__code="05203").count() == 8
    valid_but_taken = ops_client.post(
        url,
        {
            "number": "3",
            "title": "Again",
            "level": "2",
            "credits": "4",
            "grading": "pass",
            "reference": "bad",
        },
    )
    errors = valid_but_taken.context["form"].errors
    assert set(errors) == {"number", "reference"}
