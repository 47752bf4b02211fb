from django.apps import AppConfig


class ApiConfig(AppConfig):
    name = "api"
    verbose_name = "API"

    def ready(self) -> None:
        # Registers the schema extensions (token scheme, request bodies) with drf-spectacular.
        from . import schema  # noqa: F401
