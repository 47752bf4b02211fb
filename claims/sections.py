"""Sections of View claim kept by the apps above claims (a review of moderation, ...).

Claims cannot read those apps (the layers forbid it), so each registers a section when it
starts. A section is given the request and the claim, once it has been submitted, and answers
its rendered HTML, or "" when it has nothing to show.
"""

from collections.abc import Callable

from django.http import HttpRequest
from django.utils.safestring import SafeString

from .models import Claim

Section = Callable[[HttpRequest, Claim], SafeString | str]

_sections: list[Section] = []


def on_view_claim(section: Section) -> None:
    """Register a section of View claim."""
    if section not in _sections:
        _sections.append(section)


def rendered(request: HttpRequest, claim: Claim) -> list[SafeString | str]:
    """Every registered section with something to show for a submitted claim."""
    if claim.is_draft:
        return []
    return [html for section in _sections if (html := section(request, claim))]
