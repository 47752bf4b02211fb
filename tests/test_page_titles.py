"""Every page's title follows one rule: the page, its context and "CertClaims", separated by en
dashes, the product's name once at the end, and "Error: " first when the page shows an error
summary.

The pages are those the access matrix opens, for several roles, and a few forms sent with bad
input (their error pages)."""

import html
import re

import pytest
from django.test import Client
from django.urls import reverse

from tests.test_access_matrix import (
    ADMIN,
    ANON,
    CASES,
    MODERATOR,
    OPS,
    POST_ONLY,
    STAFF,
    TUTOR,
    VERIFIER,
    World,
    build_world,
    clients,
)

pytestmark = pytest.mark.django_db

PRODUCT = "CertClaims"
TITLE = re.compile(r"<title>(.*?)</title>", re.S)
ERROR_SUMMARY = 'class="govuk-error-summary"'

WALKED_ROLES = (ADMIN, TUTOR, STAFF, MODERATOR, VERIFIER, OPS, ANON)


# Operations' pages of one centre, approval, assignment or person name it in the title.
NAMES_THEIR_RECORD = {
    name
    for name, (kwargs, _) in CASES.items()
    if name.startswith(("accounts:operations-", "accounts:reset-two-factor"))
    and name not in POST_ONLY
}


def names_no_context(title: str) -> bool:
    """A page of one record (an id in its URL) names it: a context part after the page's name,
    or a number (centre, claim, qualification) in the name itself."""
    name = title.removesuffix(f" \u2013 {PRODUCT}").removeprefix("Error: ")
    return " \u2013 " not in name and not re.search(r"[0-9]", name)


def title_problems(where: str, page: str) -> list[str]:
    found = TITLE.findall(page)
    if len(found) != 1:
        return [f"{where}: {len(found)} titles"]
    title = html.unescape(" ".join(found[0].split()))
    problems = []
    if not title.endswith(f" \u2013 {PRODUCT}"):
        problems.append(f"{where}: {title!r} does not end with ' \u2013 {PRODUCT}'")
    if title.count(PRODUCT) != 1:
        problems.append(f"{where}: {title!r} names the product more than once")
    if " - " in title:
        problems.append(f"{where}: {title!r} has a hyphen as a separator")
    if not title.removesuffix(f" \u2013 {PRODUCT}").removeprefix("Error: ").strip():
        problems.append(f"{where}: {title!r} names no page")
    shows_errors = ERROR_SUMMARY in page
    if shows_errors != title.startswith("Error: "):
        problems.append(
            f"{where}: {title!r} "
            + ("lacks 'Error: ' beside an error summary" if shows_errors else "says Error")
        )
    return problems


def html_page(response: object) -> str | None:
    content_type = response.get("Content-Type", "")  # type: ignore[attr-defined]
    if response.status_code not in (200, 400, 403, 404, 409) or "text/html" not in content_type:  # type: ignore[attr-defined]
        return None
    return response.content.decode()  # type: ignore[attr-defined]


def walk(world: World, by_role: dict[str, Client]) -> tuple[int, list[str]]:
    seen, problems = 0, []
    for name, (kwargs, _) in sorted(CASES.items()):
        if name in POST_ONLY:
            continue
        url_kwargs = kwargs(world)
        url = reverse(name, kwargs=url_kwargs)
        for role in WALKED_ROLES:
            response = by_role[role].get(url)
            page = html_page(response)
            if page is None:
                continue
            seen += 1
            problems += title_problems(f"{name} as {role}", page)
            found = TITLE.findall(page)
            if url_kwargs and name in NAMES_THEIR_RECORD and response.status_code == 200 and found:
                title = html.unescape(" ".join(found[0].split()))
                if names_no_context(title):
                    problems.append(f"{name} as {role}: {title!r} does not name its record")
    return seen, problems


def test_every_page_title_follows_the_rule() -> None:
    world = build_world()
    seen, problems = walk(world, clients())
    assert seen > 150
    assert not problems, "\n".join(problems)


def test_a_form_with_errors_says_error_first(centre_admin_client: Client) -> None:
    bad = [
        (reverse("claims:assessors", args=["03991"]), {"name": "", "initials": "1"}),
        (reverse("candidates:add"), {"first_name": ""}),
        (reverse("api-tokens:create"), {"name": ""}),
    ]
    for url, data in bad:
        response = centre_admin_client.post(url, data)
        assert response.status_code == 400, url
        page = response.content.decode()
        assert ERROR_SUMMARY in page
        assert title_problems(url, page) == []
        assert "<title>Error: " in page
    page = Client().post(reverse("accounts:sign-in"), {"username": ""}).content.decode()
    assert title_problems("sign in", page) == []
    assert "<title>Error: Sign in \u2013 CertClaims</title>" in page


def test_an_import_with_errors_says_error_first(centre_admin_client: Client) -> None:
    from candidates.tests.test_import_files import csv_bytes
    from candidates.tests.test_import_pages import upload

    response = upload(centre_admin_client, csv_bytes("11900003,Ann,Bell,31/02/2001,,,,"))
    page = centre_admin_client.get(response["Location"]).content.decode()
    assert title_problems("import", page) == []
    assert "<title>Error: candidates.csv \u2013 Import candidates \u2013 CertClaims</title>" in page
