from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("moderation", "0009_feedback_report_centre")]

    operations = [
        migrations.AlterField(
            model_name="feedbackreport",
            name="centre",
            field=models.ForeignKey(
                db_index=False,
                on_delete=models.deletion.PROTECT,
                related_name="+",
                to="accounts.centre",
            ),
        ),
        migrations.AddIndex(
            model_name="feedbackreport",
            index=models.Index(
                fields=["centre", "-issued_at", "-id"], name="feedback_report_centre_issued"
            ),
        ),
    ]
