"""What each person chooses to receive. A person without a row gets every channel it has an
address for: the office's default is to be told."""
from django.conf import settings
from django.db import models


class NotificationPreference(models.Model):
    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE,
                                related_name="notification_preference")
    inapp = models.BooleanField("站内通知", default=True)
    email = models.BooleanField("邮件", default=True)
