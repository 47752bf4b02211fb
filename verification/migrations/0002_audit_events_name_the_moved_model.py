"""Audit events about verifier reports name the model by its new label.

AuditEvent.object_type holds the model's label; the reports recorded while the model lived in
moderation say "moderation.verifierreport". They are renamed so that an object's events are
found under one label, whenever they were written.
"""

from django.db import migrations

OLD, NEW = "moderation.verifierreport", "verification.verifierreport"


def rename(apps, schema_editor, old=OLD, new=NEW):
    AuditEvent = apps.get_model("audit", "AuditEvent")
    AuditEvent.objects.filter(object_type=old).update(object_type=new)


def rename_back(apps, schema_editor):
    rename(apps, schema_editor, old=NEW, new=OLD)


class Migration(migrations.Migration):

    dependencies = [
        ("audit", "0001_initial"),
        ("verification", "0001_verifier_report_moves_to_verification"),
    ]

    operations = [
        migrations.RunPython(rename, rename_back),
    ]
