"""Background tasks of the outbox: delivering one email, and the sweep of emails whose own task
was lost (queued by the scheduled tick, `jobs.tasks`)."""

from django_tasks import task

from . import delivery


@task()
def deliver_email(message_id: int) -> str:
    return delivery.deliver(message_id).outcome


@task()
def send_due_emails() -> int:
    return delivery.send_due()
