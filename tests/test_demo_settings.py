"""`make run`'s settings (config.settings.demo): the product served as production serves it, on
the port it is told, with links in emails pointing there.

Settings are read from the environment when their module is imported, so each case imports
them afresh in a Python process of its own, with exactly the environment it names.
"""

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
READ = """
import importlib, json, sys
s = importlib.import_module(sys.argv[1])
print(json.dumps({
    "DEBUG": s.DEBUG,
    "SITE_URL": s.SITE_URL,
    "ALLOWED_HOSTS": s.ALLOWED_HOSTS,
    "MIDDLEWARE": s.MIDDLEWARE,
    "STATICFILES": s.STORAGES["staticfiles"]["BACKEND"],
    "CONSOLE_LEVEL": s.LOGGING["handlers"]["console"].get("level"),
    "REQUEST_LEVEL": s.LOGGING["loggers"].get("django.request", {}).get("level"),
}))
"""
# What the environment of whoever runs the tests could set that the cases below decide.
DECIDED = {"PORT", "SITE_URL", "DEBUG", "ALLOWED_HOSTS", "LOG_LEVEL", "DJANGO_SETTINGS_MODULE"}


def settings_of(module: str, **env: str) -> dict[str, Any]:
    environment = {k: v for k, v in os.environ.items() if k not in DECIDED} | env
    done = subprocess.run(  # noqa: S603 - this Python, reading our own settings
        [sys.executable, "-c", READ, module],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
        check=True,
        timeout=60,
    )
    return json.loads(done.stdout)


def test_the_demo_is_not_in_debug_and_serves_its_static_files_as_production_does() -> None:
    demo = settings_of("config.settings.demo")
    assert demo["DEBUG"] is False
    assert {"127.0.0.1", "localhost"} <= set(demo["ALLOWED_HOSTS"])
    # WhiteNoise straight after SecurityMiddleware, as in production; files by hashed name.
    assert demo["MIDDLEWARE"][:2] == [
        "django.middleware.security.SecurityMiddleware",
        "whitenoise.middleware.WhiteNoiseMiddleware",
    ]
    assert demo["STATICFILES"] == "django.contrib.staticfiles.storage.ManifestStaticFilesStorage"
    production = settings_of("config.settings.production", SECRET_KEY="x" * 50)
    assert production["MIDDLEWARE"] == demo["MIDDLEWARE"]
    # Developers keep the debug pages.
    assert settings_of("config.settings.local")["DEBUG"] is True


def test_the_demo_console_shows_warnings_and_server_errors_only() -> None:
    demo = settings_of("config.settings.demo")
    assert demo["CONSOLE_LEVEL"] == "WARNING"
    assert demo["REQUEST_LEVEL"] == "ERROR"
    assert settings_of("config.settings.demo", LOG_LEVEL="INFO")["CONSOLE_LEVEL"] == "INFO"


def test_links_in_emails_point_at_the_port_the_demo_is_served_on() -> None:
    assert settings_of("config.settings.demo", PORT="8123")["SITE_URL"] == "http://127.0.0.1:8123"
    assert settings_of("config.settings.demo")["SITE_URL"] == "http://127.0.0.1:8000"
    assert settings_of("config.settings.local", PORT="8080")["SITE_URL"] == "http://127.0.0.1:8080"
    told = settings_of("config.settings.demo", PORT="8123", SITE_URL="https://claims.example.org")
    assert told["SITE_URL"] == "https://claims.example.org"
