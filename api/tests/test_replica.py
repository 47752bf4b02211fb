"""Reports and the API's lists read from the read replica when one is configured; everything
else, every write and every read inside a transaction stays on the primary."""

import json
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from django.db import DEFAULT_DB_ALIAS, connections, transaction
from django.test import Client

from accounts.models import User
from api.tests.conftest import api_client, token_for
from claims.models import Claim
from common import replica
from common.replica import REPLICA, ReplicaRouter, reads_from_replica, replica_reads

ROOT = Path(__file__).resolve().parents[2]


class _WithReplica:
    """The connections as the router sees them when DATABASE_REPLICA_URL is set."""

    databases: dict[str, dict[str, Any]] = {DEFAULT_DB_ALIAS: {}, REPLICA: {}}

    def __getitem__(self, alias: str) -> Any:
        return connections[alias]


@pytest.fixture
def with_replica(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(replica, "connections", _WithReplica())


@pytest.fixture
def routed(monkeypatch: pytest.MonkeyPatch) -> list[tuple[str, bool]]:
    """Every read the router is asked about: the model's name and whether it was marked."""
    asked: list[tuple[str, bool]] = []
    original = ReplicaRouter.db_for_read

    def spy(self: ReplicaRouter, model: Any, **hints: Any) -> str | None:
        asked.append((model.__name__, replica._on_replica.get()))
        return original(self, model, **hints)

    monkeypatch.setattr(ReplicaRouter, "db_for_read", spy)
    return asked


def test_without_a_replica_every_read_is_on_the_primary() -> None:
    router = ReplicaRouter()
    with replica_reads():
        assert router.db_for_read(Claim) is None
    assert router.db_for_write(Claim) == DEFAULT_DB_ALIAS


@pytest.mark.django_db(transaction=True)
def test_with_a_replica_only_marked_reads_outside_transactions_go_to_it(
    with_replica: None,
) -> None:
    router = ReplicaRouter()
    assert router.db_for_read(Claim) is None
    with replica_reads():
        assert router.db_for_read(Claim) == REPLICA
        with transaction.atomic():
            assert router.db_for_read(Claim) is None
    assert router.db_for_read(Claim) is None
    assert router.db_for_write(Claim) == DEFAULT_DB_ALIAS
    assert router.allow_migrate(DEFAULT_DB_ALIAS, "claims")
    assert not router.allow_migrate(REPLICA, "claims")


def test_a_streamed_response_reads_from_the_replica_while_it_is_sent() -> None:
    from django.http import StreamingHttpResponse

    seen: list[bool] = []

    def rows() -> Iterator[bytes]:
        for row in (b"a\n", b"b\n"):
            seen.append(replica._on_replica.get())
            yield row

    @reads_from_replica
    def view() -> StreamingHttpResponse:
        return StreamingHttpResponse(rows())

    response = view()
    assert replica._on_replica.get() is False
    assert b"".join(response.streaming_content) == b"a\nb\n"  # type: ignore[arg-type]
    assert seen == [True, True]
    assert replica._on_replica.get() is False


@pytest.mark.django_db
def test_results_claim_history_and_the_api_lists_are_marked_and_home_is_not(
    centre_admin_client: Client, tutor: User, routed: list[tuple[str, bool]]
) -> None:
    for url in ("/results/", "/results/download/", "/claims/history/"):
        routed.clear()
        response = centre_admin_client.get(url)
        assert response.status_code == 200, url
        if response.streaming:
            b"".join(response.streaming_content)  # type: ignore[attr-defined]
        assert any(marked for _, marked in routed), url
    api = api_client(token_for(tutor))
    for url in (
        "/api/v1/candidates/",
        "/api/v1/claims/",
        "/api/v1/entries/",
        "/api/v1/certificates/",
        "/api/v1/reviews/",
    ):
        routed.clear()
        assert api.get(url).status_code == 200, url
        assert any(marked for _, marked in routed), url
        # The token is checked on the primary: one created a moment ago always signs in.
        assert ("ApiToken", False) in routed, url
    routed.clear()
    assert centre_admin_client.get("/").status_code == 200
    assert routed and not any(marked for _, marked in routed)


def _production_settings(**env: str) -> dict[str, Any]:
    script = (
        "import json, django; django.setup(); from django.conf import settings; "
        "from django.core.cache import caches; from django.core.files.storage import storages; "
        "s = storages['default']; "
        "print(json.dumps({'cache': type(caches['default']).__name__, "
        "'storage': type(s).__name__, 'bucket': getattr(s, 'bucket_name', None), "
        "'acl': getattr(s, 'default_acl', None), 'overwrite': getattr(s, 'file_overwrite', None), "
        "'databases': {k: {'name': v['NAME'], 'test': v.get('TEST', {}).get('MIRROR')} "
        "for k, v in settings.DATABASES.items()}, 'routers': settings.DATABASE_ROUTERS, "
        "'kept': {k: [v['CONN_MAX_AGE'], v['CONN_HEALTH_CHECKS']] "
        "for k, v in settings.DATABASES.items()}}))"
    )
    base = {k: v for k, v in os.environ.items() if k != "DJANGO_ALLOW_ASYNC_UNSAFE"}
    for name in ("REDIS_URL", "EVIDENCE_S3_BUCKET", "DATABASE_REPLICA_URL", "CONN_MAX_AGE"):
        base.pop(name, None)
    result = subprocess.run(  # noqa: S603 (the script above, this interpreter)
        [sys.executable, "-c", script],
        cwd=ROOT,
        env={
            **base,
            "DJANGO_SETTINGS_MODULE": "config.settings.production",
            "SECRET_KEY": "s" * 60,
            "DATABASE_URL": "postgres://certclaims:pw@primary.internal:5432/certclaims",
            **env,
        },
        capture_output=True,
        text=True,
        check=True,
    )
    return dict(json.loads(result.stdout))


def test_national_settings_switch_on_the_replica_the_shared_cache_and_object_storage() -> None:
    plain = _production_settings()
    assert plain["cache"] == "DatabaseCache"
    assert plain["storage"] == "FileSystemStorage"
    assert list(plain["databases"]) == ["default"]
    assert plain["routers"] == ["common.replica.ReplicaRouter"]
    # Connections are kept between requests and checked before reuse.
    assert plain["kept"] == {"default": [60, True]}

    national = _production_settings(
        DATABASE_REPLICA_URL="postgres://certclaims:pw@replica.internal:5432/certclaims",
        REDIS_URL="redis://cache.internal:6379/0",
        EVIDENCE_S3_BUCKET="certclaims-evidence",
        AWS_S3_REGION_NAME="eu-west-2",
    )
    assert national["cache"] == "RedisCache"
    assert national["storage"] == "S3Storage"
    assert national["bucket"] == "certclaims-evidence"
    assert national["acl"] == "private" and national["overwrite"] is False
    assert national["databases"]["replica"] == {"name": "certclaims", "test": "default"}
    assert national["kept"] == {"default": [60, True], "replica": [60, True]}
    # Behind PgBouncer's transaction pooling, connections are not kept.
    pooled = _production_settings(CONN_MAX_AGE="0")
    assert pooled["kept"] == {"default": [0, True]}
