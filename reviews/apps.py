from django.apps import AppConfig


class ReviewsConfig(AppConfig):
    name = "reviews"
    verbose_name = "Reviews of moderation"

    def ready(self) -> None:
        from claims import sections

        from . import claim_section

        sections.on_view_claim(claim_section.review_on_claim)
