"""Leases: how a long job is held by one live worker at a time.

A worker takes a job's lease with one conditional UPDATE (free, or expired) and renews it while
it works; another worker can take a job only once its lease has run out. `jobs.leases` has the
operations, `jobs.sweep` takes over the jobs whose worker stopped.
"""

from django.db import models


class Leased(models.Model):
    """A row that one worker at a time may hold: who holds it, until when, and how often taken."""

    lease_owner = models.CharField(
        max_length=64,
        blank=True,
        editable=False,
        help_text="The worker holding it (host, process and a random token); empty when free",
    )
    lease_expires_at = models.DateTimeField(null=True, blank=True, editable=False)
    attempts = models.PositiveSmallIntegerField(
        default=0, editable=False, help_text="How many times a worker has taken it"
    )
    task_id = models.CharField(
        max_length=64,
        blank=True,
        editable=False,
        help_text="The task queue's row for the run that holds, or is to take, the lease",
    )

    class Meta:
        abstract = True


class JobStatus(models.TextChoices):
    """The statuses every leased job has, whatever else its own status field offers."""

    QUEUED = "queued", "Waiting to start"
    RUNNING = "running", "Running"
    DONE = "done", "Done"
    FAILED = "failed", "Failed"


class LeasedJob(Leased):
    """A long job on its own row (an import, a batch of certificates): queued, run under a lease,
    then done or failed.

    A subclass may redefine `status` with more values and its own words, keeping JobStatus's
    values. A job the sweep gave up on keeps why in `failure_message`, and can be tried again.
    """

    status = models.CharField(max_length=10, choices=JobStatus.choices, default=JobStatus.QUEUED)
    failure_message = models.CharField(max_length=300, blank=True, editable=False)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        abstract = True


class NamedLease(Leased):
    """The lease of a periodic job that must run on one worker at a time (processing Finalised
    claims, the reminder checks). `attempts` counts the runs since one last finished."""

    name = models.CharField(max_length=100, unique=True)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name
