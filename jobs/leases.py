"""Taking, renewing and giving back the lease of a long job.

A lease is taken with one conditional UPDATE: only a row whose lease is free or has run out
matches, so of two workers that try at once exactly one gets it. The holder renews it while it
works (`Lease.kept`); every write it makes as the holder names its owner token, so a worker
that stalled past its lease and was taken over can write nothing more: its last writes find no
row and raise `LeaseLost`, and the transaction they were part of rolls back.

Renewal runs in a thread with its own database connection, so that a job saving thousands of
rows in one transaction still renews its lease and shows its progress to others while it
saves. With `JOB_LEASE_RENEW_IN_BACKGROUND = False` (the tests, whose jobs run inside the test's
own transaction where a second connection cannot see them), and on SQLite, each progress report
renews the lease itself.
"""

import logging
import os
import secrets
import socket
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from datetime import timedelta
from typing import Any, Protocol

from django.conf import settings
from django.db import DatabaseError, connections
from django.db.models import F, Q
from django.utils import timezone

from . import queue
from .models import Leased, NamedLease

logger = logging.getLogger(__name__)

_running_tasks: ContextVar[tuple[str, ...]] = ContextVar("running_tasks", default=())


class LeaseLost(Exception):
    """Another worker holds the job now: stop without writing anything more."""


def lease_length() -> timedelta:
    return timedelta(seconds=float(settings.JOB_LEASE_SECONDS))


def max_attempts() -> int:
    return int(settings.JOB_MAX_ATTEMPTS)


def renewal_interval() -> float:
    """Renew well before the lease runs out: three chances per lease."""
    return lease_length().total_seconds() / 3


def running_task_started(task_id: str) -> None:
    _running_tasks.set((*_running_tasks.get(), task_id))


def running_task_finished(task_id: str) -> None:
    running = _running_tasks.get()
    if running and running[-1] == task_id:
        _running_tasks.set(running[:-1])


def running_task_id() -> str:
    """The task-queue row of the task running now in this thread, if any."""
    running = _running_tasks.get()
    return running[-1] if running else ""


def _new_owner() -> str:
    return f"{socket.gethostname()[:40]}:{os.getpid()}:{secrets.token_hex(6)}"


class Keeper(Protocol):
    """What a running job holds while it works: report progress, learn it was taken over."""

    def report(self, **fields: Any) -> None:
        """Record these fields on the job's row (and renew the lease); LeaseLost if taken over."""

    def check(self) -> None:
        """LeaseLost if another worker has taken the job over."""


@dataclass(frozen=True)
class Lease:
    """A held lease on one row: every write through it is fenced by the owner token."""

    model: type[Leased]
    pk: int
    owner: str

    def _held(self) -> Any:
        return self.model._default_manager.filter(pk=self.pk, lease_owner=self.owner)

    def renew(self, **fields: Any) -> bool:
        """Push the expiry on and write `fields`; False when the lease is no longer ours."""
        expires = timezone.now() + lease_length()
        return bool(self._held().update(lease_expires_at=expires, **fields))

    def finish(self, **fields: Any) -> None:
        """Write the outcome and let go of the lease. Inside the caller's transaction this also
        locks the row until commit, so nobody can take the lease between the check and the
        commit."""
        if not self._held().update(lease_owner="", lease_expires_at=None, task_id="", **fields):
            raise LeaseLost(f"{self.model._meta.label} {self.pk} is held by another worker")

    def expire(self) -> None:
        """Stop holding the lease without an outcome: the sweep retries the job or gives up."""
        self._held().update(lease_expires_at=timezone.now())

    @contextmanager
    def kept(self) -> Iterator[Keeper]:
        """Keep the lease renewed while the block runs."""
        database = connections[self.model._default_manager.db]
        # SQLite lets one connection write at a time: a second one could not renew the lease
        # during the job's own transaction anyway.
        if not settings.JOB_LEASE_RENEW_IN_BACKGROUND or database.vendor == "sqlite":
            yield _InlineKeeper(self)
            return
        keeper = _ThreadKeeper(self)
        keeper.start()
        try:
            yield keeper
        finally:
            keeper.stop()


def take(model: type[Leased], pk: int, *, when: Q | None = None, **fields: Any) -> Lease | None:
    """Take the lease of one row if it is free or has run out (and `when` matches it).

    `fields` are written in the same UPDATE, such as the job's new status. None when another
    worker holds it or `when` does not match: the caller leaves the job alone.
    """
    now = timezone.now()
    owner = _new_owner()
    free = Q(lease_owner="") | Q(lease_expires_at__lt=now)
    taken = model._default_manager.filter(when or Q(), free, pk=pk).update(
        lease_owner=owner,
        lease_expires_at=now + lease_length(),
        attempts=F("attempts") + 1,
        task_id=running_task_id(),
        **fields,
    )
    return Lease(model, pk, owner) if taken else None


@contextmanager
def exclusive(name: str) -> Iterator[Keeper | None]:
    """Run a periodic job on one worker at a time: the block gets a keeper, or None when another
    worker's run holds the lease (then the block should do nothing). A run whose worker died is
    taken over once its lease has run out."""
    row, _ = NamedLease.objects.get_or_create(name=name)
    now = timezone.now()
    lease = take(NamedLease, row.pk, started_at=now)
    if lease is None:
        logger.info("%s is already running on another worker", name)
        yield None
        return
    if row.lease_owner and row.task_id:
        logger.warning("%s: taking over a run that stopped before it finished", name)
        queue.close_task(row.task_id, now)
    try:
        with lease.kept() as keeper:
            yield keeper
    except LeaseLost:
        logger.warning("%s was taken over by another worker after its lease ran out", name)
        return
    except BaseException:
        lease.expire()
        raise
    try:
        lease.finish(attempts=0, finished_at=timezone.now())
    except LeaseLost:
        logger.warning("%s finished after another worker had taken it over", name)


class _InlineKeeper:
    """Renews on each report, through the job's own connection."""

    def __init__(self, lease: Lease) -> None:
        self.lease = lease

    def report(self, **fields: Any) -> None:
        if not self.lease.renew(**fields):
            raise LeaseLost(f"{self.lease.model._meta.label} {self.lease.pk} was taken over")

    def check(self) -> None:
        return None


class _ThreadKeeper:
    """Renews from a thread with its own connection: every renewal interval, and soon after each
    report (at most once a second) so that the job's progress shows while it runs."""

    def __init__(self, lease: Lease) -> None:
        self.lease = lease
        self.lost = False
        self._pending: dict[str, Any] = {}
        self._mutex = threading.Lock()
        self._wake = threading.Event()
        self._stopping = threading.Event()
        self._thread = threading.Thread(
            target=self._run, name=f"lease {lease.model._meta.label} {lease.pk}", daemon=True
        )

    def start(self) -> None:
        self._thread.start()

    def stop(self) -> None:
        self._stopping.set()
        self._wake.set()
        self._thread.join(timeout=lease_length().total_seconds())

    def check(self) -> None:
        if self.lost:
            raise LeaseLost(f"{self.lease.model._meta.label} {self.lease.pk} was taken over")

    def report(self, **fields: Any) -> None:
        self.check()
        with self._mutex:
            self._pending.update(fields)
        self._wake.set()

    def _run(self) -> None:
        interval = renewal_interval()
        gap = min(1.0, interval / 2)
        due = time.monotonic() + interval
        try:
            while not self._stopping.is_set():
                self._wake.wait(timeout=max(0.0, due - time.monotonic()))
                if self._stopping.is_set():
                    break
                self._wake.clear()
                with self._mutex:
                    fields, self._pending = self._pending, {}
                try:
                    renewed = self.lease.renew(**fields)
                except DatabaseError as problem:
                    # Try again soon; the owner token keeps the job safe if the lease runs out.
                    logger.warning("Could not renew the lease of %s: %s", self.lease, problem)
                    with self._mutex:
                        self._pending = {**fields, **self._pending}
                    self._stopping.wait(gap)
                    continue
                if not renewed:
                    self.lost = True
                    break
                due = time.monotonic() + interval
                self._stopping.wait(gap)
        finally:
            connections.close_all()
