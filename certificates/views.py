"""The centre's certificates (a claim's, a candidate's) and their PDFs. Thin: selectors read."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from accounts.models import Membership
from accounts.permissions import centre_page

from . import pdf, selectors


def _membership(request: HttpRequest) -> Membership:
    return request.membership  # type: ignore[attr-defined]


def _pdf(content: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@centre_page()
def claim_certificates(request: HttpRequest, claim_id: int) -> HttpResponse:
    membership = _membership(request)
    claim = selectors.claim_of(membership=membership, claim_id=claim_id)
    certificates = selectors.claim_certificates(membership=membership, claim=claim)
    return render(
        request,
        "certificates/claim.html",
        {
            "claim": claim,
            "certificates": certificates,
            "any_valid": any(c.is_valid for c in certificates),
        },
    )


@centre_page()
def candidate_certificates(request: HttpRequest, number: str) -> HttpResponse:
    candidate, certificates = selectors.candidate_certificates(
        membership=_membership(request), number=number
    )
    return render(
        request,
        "certificates/candidate.html",
        {"candidate": candidate, "certificates": certificates},
    )


@centre_page()
def certificate_pdf(request: HttpRequest, number: str) -> HttpResponse:
    certificate = selectors.certificate_for_centre(membership=_membership(request), number=number)
    return _pdf(pdf.certificates_pdf([certificate]), f"certificate-{certificate.number}.pdf")


@centre_page()
def claim_certificates_pdf(request: HttpRequest, claim_id: int) -> HttpResponse:
    certificates = selectors.valid_claim_certificates(
        membership=_membership(request), claim_id=claim_id
    )
    claim = certificates[0].claim
    name = f"certificates-{claim.centre.number}-{claim.claim_number or claim.pk}.pdf"
    return _pdf(pdf.certificates_pdf(certificates), name)
