"""Audit events about awards (and achieved units) name the models by their new labels.

AuditEvent.object_type holds the model's label; the awards issued while the models lived in
results say "results.award". They are renamed so that an object's events are found under one
label, whenever they were written.
"""

from django.db import migrations

LABELS = {"results.award": "candidates.award", "results.achievedunit": "candidates.achievedunit"}


def rename(apps, schema_editor, labels=LABELS):
    AuditEvent = apps.get_model("audit", "AuditEvent")
    for old, new in labels.items():
        AuditEvent.objects.filter(object_type=old).update(object_type=new)


def rename_back(apps, schema_editor):
    rename(apps, schema_editor, labels={new: old for old, new in LABELS.items()})


class Migration(migrations.Migration):

    dependencies = [
        ("audit", "0001_initial"),
        ("candidates", "0004_achievements_move_to_candidates"),
    ]

    operations = [
        migrations.RunPython(rename, rename_back),
    ]
