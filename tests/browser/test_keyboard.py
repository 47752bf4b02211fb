"""The centre's journey with the keyboard alone: Tab to move, Enter and Space to act, typing
into fields, and the arrow keys within a radio group as browsers provide. Signing in, Make
claim, Create, adding a centre assessor, finding a candidate, claiming a unit and saving."""

from typing import Any

import pytest

from claims.models import ClaimedUnit

from .conftest import PASSWORD

pytestmark = pytest.mark.browser

# What the focused element is called: its label, its text or its aria-label. A table's
# scrolling region is a stop of its own on the way, called by its label alone (its text is the
# whole table's, links included).
FOCUSED = """() => {
  const el = document.activeElement;
  if (!el) return "";
  if (el.getAttribute("role") === "region") return "region | " + el.getAttribute("aria-label");
  const label = el.id ? document.querySelector(`label[for="${el.id}"]`) : null;
  return [el.id, label ? label.innerText : "", el.textContent || "", el.value || "",
          el.getAttribute("aria-label") || ""].join(" | ");
}"""


def tab_to(page: Any, name: str, *, limit: int = 250) -> None:
    """Press Tab until the focused element's label, text or id contains `name`."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        if name in page.evaluate(FOCUSED):
            return
    raise AssertionError(f"Tab never reached {name!r} on {page.url}")


def go(page: Any, key: str) -> None:
    """Press a key that follows a link or sends a form, and wait for the next page."""
    with page.expect_navigation():
        page.keyboard.press(key)


def test_a_tutor_builds_a_claim_with_the_keyboard_only(page: Any) -> None:
    page.goto("/sign-in/")
    tab_to(page, "Email address")
    page.keyboard.type("tutor@northfield.test")
    tab_to(page, "Password")
    page.keyboard.type(PASSWORD)
    tab_to(page, "Sign in")
    go(page, "Enter")

    tab_to(page, "Certification claims")
    go(page, "Enter")
    tab_to(page, "Enter assessment code, title or part title")
    page.keyboard.type("IT User")
    go(page, "Enter")
    tab_to(page, "Create claim for 03991")
    go(page, "Enter")

    tab_to(page, "id_name")
    page.keyboard.type("Test Assessor")
    tab_to(page, "id_initials")
    page.keyboard.type("TA")
    tab_to(page, "Add centre assessor")
    go(page, "Enter")
    assert "Test Assessor" in page.get_by_role("table").inner_text()
    tab_to(page, "Continue to claim")
    go(page, "Enter")

    tab_to(page, "Enter name, part name")
    page.keyboard.type("Khan")
    tab_to(page, "Find candidate")
    go(page, "Enter")
    tab_to(page, "Create new claim for Amira Khan")
    go(page, "Enter")

    # Tab stops once on each radio group: on "Claiming" while neither radio is chosen (nothing
    # is claimed for the unit yet). Space chooses the focused radio.
    tab_to(page, "unit-1-claiming |")
    page.keyboard.press("Space")
    assert page.evaluate("document.activeElement.id") == "unit-1-claiming"
    assert page.evaluate("document.activeElement.checked")
    tab_to(page, "Save claim")
    go(page, "Enter")
    assert "Claim saved for Amira Khan" in page.locator(".govuk-notification-banner").inner_text()
    units = ClaimedUnit.objects.filter(claim_candidate__candidate__number="11721896")
    assert list(units.values_list("unit__number", flat=True)) == [1]
