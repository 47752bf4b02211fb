"""AchievedUnit and Award, moved here from results with their rows.

The models are created in Django's state only: the tables already exist, renamed to
candidates_achievedunit and candidates_award by results' 0002 (see there), so nothing is
created in the database.
"""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('candidates', '0003_import_job_lease'),
        ('catalogue', '0001_initial'),
        ('claims', '0001_initial'),
        ('results', '0002_achievements_move_to_candidates'),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
        migrations.CreateModel(
            name='AchievedUnit',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('grade', models.CharField(blank=True, max_length=20)),
                ('other_awarding_body', models.CharField(blank=True, max_length=100)),
                ('achieved_at', models.DateTimeField()),
                ('published_at', models.DateTimeField(db_index=True)),
                ('candidate', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='achieved_units', to='candidates.candidate')),
                ('claim', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to='claims.claim')),
                ('unit', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to='catalogue.unit')),
            ],
            options={
                'ordering': ['candidate', 'unit__number'],
                'constraints': [models.UniqueConstraint(fields=('candidate', 'unit'), name='achieved_unit_unique')],
            },
        ),
        migrations.CreateModel(
            name='Award',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('issued_at', models.DateTimeField()),
                ('published_at', models.DateTimeField(db_index=True)),
                ('candidate', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='awards', to='candidates.candidate')),
                ('qualification', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, to='catalogue.qualification')),
            ],
            options={
                'ordering': ['candidate', 'qualification'],
                'constraints': [models.UniqueConstraint(fields=('candidate', 'qualification'), name='award_unique')],
            },
        ),
        ],
        ),
    ]
