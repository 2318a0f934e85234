from django.conf import settings
from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
        ("rapidresponse", "0003_alertrecipient_rapidresponse_alert_member_once_and_more"),
    ]

    operations = [
        migrations.RenameModel(old_name="Page", new_name="DispatcherPage"),
    ]
