"""Writing an event: whoever acts (any user model) and the object changed, by label and key."""

import pytest
from django.contrib.auth import get_user_model

from audit.actions import record
from audit.models import AuditEvent

pytestmark = pytest.mark.django_db


def test_an_event_names_its_actor_and_object_and_keeps_a_short_summary() -> None:
    person = get_user_model().objects.create_user(email="a@example.test", password="x" * 20)
    event = record(actor=person, action="test.done", obj=person, summary="S" * 400)
    stored = AuditEvent.objects.get(pk=event.pk)
    assert stored.actor_id == person.pk and stored.centre_id is None
    assert (stored.object_type, stored.object_id) == (person._meta.label_lower, str(person.pk))
    assert len(stored.summary) == 300 and stored.changes == {}


def test_an_event_without_an_actor_is_the_system_acting() -> None:
    person = get_user_model().objects.create_user(email="b@example.test", password="x" * 20)
    event = record(actor=None, action="test.done", obj=person, summary="By the job")
    assert AuditEvent.objects.get(pk=event.pk).actor_id is None
