from django.apps import AppConfig


class ClaimsConfig(AppConfig):
    name = "claims"
    verbose_name = "Certification claims"

    def ready(self) -> None:
        from accounts import dependants

        from . import approval_checks

        dependants.on_withdrawing_approval(approval_checks.submitted_or_finalised)
        dependants.on_removing_moderator(approval_checks.with_the_moderator)
