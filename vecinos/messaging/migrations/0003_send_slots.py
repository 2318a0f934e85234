# A sender's rate is kept as the time of its next send slot, not as a token count.

import django.utils.timezone
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("messaging", "0002_outbox_claims_and_budget"),
    ]

    operations = [
        migrations.RemoveField(model_name="sendbudget", name="tokens"),
        migrations.RemoveField(model_name="sendbudget", name="updated_at"),
        migrations.AddField(
            model_name="sendbudget",
            name="next_at",
            field=models.DateTimeField(default=django.utils.timezone.now),
        ),
    ]
