from django.db import migrations, models
from django.db.models import OuterRef, Subquery


def centres_from_claims(apps, schema_editor):
    """Each report takes its claim's centre, in one statement."""
    FeedbackReport = apps.get_model("moderation", "FeedbackReport")
    Claim = apps.get_model("claims", "Claim")
    FeedbackReport.objects.filter(centre__isnull=True).update(
        centre_id=Subquery(Claim.objects.filter(pk=OuterRef("claim_id")).values("centre_id")[:1])
    )


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0003_user_two_factor_stamp"),
        ("claims", "0002_unit_state_withdrawn"),
        ("moderation", "0008_arrivals_from_existing_evidence"),
    ]

    operations = [
        migrations.AddField(
            model_name="feedbackreport",
            name="centre",
            field=models.ForeignKey(
                db_index=False,
                null=True,
                on_delete=models.deletion.PROTECT,
                related_name="+",
                to="accounts.centre",
            ),
        ),
        migrations.RunPython(centres_from_claims, migrations.RunPython.noop),
    ]
