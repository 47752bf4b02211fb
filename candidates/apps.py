from django.apps import AppConfig


class CandidatesConfig(AppConfig):
    name = "candidates"
    verbose_name = "Candidates and entries"

    def ready(self) -> None:
        from jobs.sweep import register

        from .import_actions import IMPORT_JOBS

        register(IMPORT_JOBS)
