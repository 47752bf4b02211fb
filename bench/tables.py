"""The models the benchmarks read and write, by a short name, resolved through the app registry.

Every benchmark finds its models here rather than importing them from the apps: moving a model
to another app is then a change of one label below. Bulk loaders also take table and column
names from here (`table`, `column`, `through`), so their COPY statements follow the model.
"""

from __future__ import annotations

from typing import Any

LABELS = {
    "user": "accounts.User",
    "centre": "accounts.Centre",
    "approval": "accounts.Approval",
    "membership": "accounts.Membership",
    "moderator_assignment": "accounts.ModeratorAssignment",
    "verifier_assignment": "accounts.VerifierAssignment",
    "qualification": "catalogue.Qualification",
    "unit": "catalogue.Unit",
    "rule": "catalogue.Rule",
    "candidate": "candidates.Candidate",
    "named_entry": "candidates.NamedEntry",
    "unnamed_movement": "candidates.UnnamedEntryMovement",
    "assessor": "claims.CentreAssessor",
    "claim": "claims.Claim",
    "claim_candidate": "claims.ClaimCandidate",
    "claimed_unit": "claims.ClaimedUnit",
    "achieved_unit": "candidates.AchievedUnit",
    "award": "candidates.Award",
    "certificate": "certificates.Certificate",
    "audit_event": "audit.AuditEvent",
    "sample": "moderation.Sample",
    "evidence_submission": "moderation.EvidenceSubmission",
    "review_outcome": "moderation.ReviewOutcome",
    "evidence_file": "moderation.EvidenceFile",
    "feedback_report": "moderation.FeedbackReport",
    "verifier_report": "verification.VerifierReport",
    "outbox_message": "notifications.OutboxMessage",
    "outbox_recipient": "notifications.OutboxRecipient",
    "task_result": "django_tasks_database.DBTaskResult",
}

#: Background tasks the benchmarks run, by dotted path (what `enqueue` and the worker use).
TASKS = {
    "process_claim": "results.tasks.process_claim",
    "process_finalised_claims": "results.tasks.process_finalised_claims",
}


def model(name: str) -> Any:
    """The model class for a short name of LABELS (Django must be set up)."""
    from django.apps import apps

    return apps.get_model(LABELS[name])


def objects(name: str) -> Any:
    """The default manager of a model of LABELS."""
    return model(name)._default_manager


def table(name: str) -> str:
    """The database table of a model of LABELS."""
    return str(model(name)._meta.db_table)


def column(name: str, field: str) -> str:
    """The database column of one field (a foreign key's `_id` column for a relation)."""
    return str(model(name)._meta.get_field(field).column)


def defaults(name: str, fields: tuple[str, ...]) -> list[tuple[str, Any]]:
    """The columns of a model's table that `fields` leaves out and that cannot be NULL, each
    with the value the model gives a new row (its default, or the field's empty value): a
    column added to a model later gets a value without the generator naming it."""
    named = {column(name, f) for f in fields}
    filled = []
    for field in model(name)._meta.concrete_fields:
        if field.column in named or field.null or field.primary_key:
            continue
        filled.append((str(field.column), field.get_default()))
    return filled


def label(name: str) -> str:
    """How the audit trail names the model's records: "app_label.modelname"."""
    return str(model(name)._meta.label_lower)


def through(name: str, field: str) -> tuple[str, str, str]:
    """A many-to-many field's table and its two columns: (table, this side, the other side)."""
    relation = model(name)._meta.get_field(field)
    return (
        str(relation.remote_field.through._meta.db_table),
        str(relation.m2m_column_name()),
        str(relation.m2m_reverse_name()),
    )


def task(name: str) -> Any:
    """The task object of TASKS, for `.enqueue()` or `.call()`."""
    from django.utils.module_loading import import_string

    return import_string(TASKS[name])
