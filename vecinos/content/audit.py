"""The content app's audit codes, `content.<thing>.<verb>`.

It writes no audit row yet; a new one is declared here first, as in the other apps.
"""

from django.db import models


class AuditCode(models.TextChoices):
    pass
