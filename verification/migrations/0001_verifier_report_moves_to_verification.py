"""VerifierReport, moved here from moderation with its rows.

The model is created in Django's state only: the table already exists, renamed to
verification_verifierreport by moderation's 0003 (see there), so nothing is created in the
database.
"""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):

    initial = True

    dependencies = [
        ('accounts', '0002_invitations'),
        ('catalogue', '0001_initial'),
        ('moderation', '0003_verifier_report_moves_to_verification'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
        migrations.CreateModel(
            name='VerifierReport',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('visit_date', models.DateField()),
                ('actions', models.TextField()),
                ('recommendations', models.TextField()),
                ('sanction_level', models.CharField(choices=[('none', 'None'), ('1', 'Level 1'), ('2', 'Level 2'), ('3', 'Level 3'), ('4', 'Level 4')], default='none', max_length=4)),
                ('recommends_direct_claim_status', models.BooleanField()),
                ('created_at', models.DateTimeField()),
                ('centre', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='verifier_reports', to='accounts.centre')),
                ('qualification', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, to='catalogue.qualification')),
                ('verifier', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL)),
            ],
            options={
                'ordering': ['-visit_date', '-id'],
                'indexes': [models.Index(fields=['centre', '-visit_date'], name='verifier_report_centre_visit')],
            },
        ),
            ],
        ),
    ]
