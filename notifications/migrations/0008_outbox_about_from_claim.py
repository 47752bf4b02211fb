"""Every email kept about a claim names it the generic way, before the claim column goes.

The periodic checks ask "has this claim had this kind of email yet?"; they now read
(about_type, about_id), so the emails already sent must carry it or they would be sent again.
"""

from django.db import migrations
from django.db.models import F

CLAIM = "claims.claim"


def name_the_claim(apps, schema_editor):
    OutboxMessage = apps.get_model("notifications", "OutboxMessage")
    OutboxMessage.objects.filter(claim__isnull=False).update(
        about_type=CLAIM, about_id=F("claim_id")
    )


def back_to_the_claim(apps, schema_editor):
    OutboxMessage = apps.get_model("notifications", "OutboxMessage")
    Claim = apps.get_model("claims", "Claim")
    OutboxMessage.objects.filter(
        about_type=CLAIM, about_id__in=Claim.objects.values("pk")
    ).update(claim_id=F("about_id"))


class Migration(migrations.Migration):

    dependencies = [
        ("notifications", "0007_outbox_names_what_an_email_is_about"),
    ]

    operations = [
        migrations.RunPython(name_the_claim, back_to_the_claim),
    ]
