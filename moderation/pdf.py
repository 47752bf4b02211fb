"""The examiner-moderator's feedback report as a PDF, made with WeasyPrint from our template.

Nothing is fetched while rendering: the template carries its styles, fonts come from the
system, and the URL fetcher allows only inline data.
"""

from django.template.loader import render_to_string

from .models import FeedbackReport
from .selectors import Adjustment


def feedback_report_pdf(report: FeedbackReport, adjustments: list[Adjustment]) -> bytes:
    # Imported here: loading WeasyPrint and its fonts takes seconds, which every process that
    # loads the URL configuration would otherwise pay, though few ever make a PDF.
    from weasyprint import HTML
    from weasyprint.urls import URLFetcher

    html = render_to_string(
        "moderation/pdf/feedback_report.html",
        {"report": report, "claim": report.claim, "adjustments": adjustments},
    )
    fetcher = URLFetcher(allowed_protocols={"data"}, fail_on_errors=False)
    pdf = HTML(string=html, base_url=None, url_fetcher=fetcher).write_pdf()
    assert pdf is not None
    return pdf
