"""A candidate's achieved units and full awards move to the candidates app, keeping their rows.

Claims read what a candidate already achieved, and results sit above claims, so the two models
live with the candidate. Generated as DeleteModel here and CreateModel in candidates, then
wrapped in SeparateDatabaseAndState: the database keeps both tables and only renames them to
the candidates app's names (AlterModelTable), while Django's model state moves the models.
Dropping and creating the tables would lose every result ever published. candidates' 0004
depends on this migration, so the tables are renamed before the models appear there.
"""

from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ("results", "0001_initial"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[
                migrations.AlterModelTable(name="achievedunit", table="candidates_achievedunit"),
                migrations.AlterModelTable(name="award", table="candidates_award"),
            ],
            state_operations=[
                migrations.RemoveField(
                    model_name="award",
                    name="candidate",
                ),
                migrations.RemoveField(
                    model_name="award",
                    name="qualification",
                ),
                migrations.DeleteModel(
                    name="AchievedUnit",
                ),
                migrations.DeleteModel(
                    name="Award",
                ),
            ],
        ),
    ]
