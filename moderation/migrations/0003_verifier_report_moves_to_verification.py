"""VerifierReport moves to the verification app, keeping its rows.

Generated as a DeleteModel here and a CreateModel in verification; wrapped in
SeparateDatabaseAndState so that the database keeps the table and only renames it to the
verification app's name (AlterModelTable), while Django's model state moves the model. Dropping
and creating the table would lose every verifier report. verification's 0001 depends on this
migration, so the table is renamed before the model appears there.
"""

from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ("moderation", "0002_verifier_report_index_named"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[
                migrations.AlterModelTable(
                    name="verifierreport", table="verification_verifierreport"
                ),
            ],
            state_operations=[
                migrations.DeleteModel(
                    name="VerifierReport",
                ),
            ],
        ),
    ]
