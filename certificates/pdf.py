"""Certificates as PDF (WeasyPrint, through `claims.pdf.render_pdf`: no network fetcher, the
styles inline, the system's fonts): one page per certificate, so a claim's file is every
candidate's certificate in turn."""

from collections.abc import Sequence

from django.conf import settings
from django.template.loader import render_to_string

from claims.pdf import render_pdf

from .models import Certificate


def verify_address() -> str:
    return str(settings.SITE_URL).rstrip("/") + "/verify/"


def certificates_html(certificates: Sequence[Certificate]) -> str:
    return render_to_string(
        "certificates/pdf/certificates.html",
        {
            "certificates": certificates,
            "awarding_body": settings.AWARDING_BODY_NAME,
            "verify_address": verify_address(),
        },
    )


def certificates_pdf(certificates: Sequence[Certificate]) -> bytes:
    return render_pdf(certificates_html(certificates))
