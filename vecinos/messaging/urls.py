from django.urls import path

from . import inbound, webhooks

app_name = "messaging"

urlpatterns = [
    path("twilio/sms/", inbound.sms_webhook, name="twilio-sms"),
    path("twilio/voice/", webhooks.voice_webhook, name="twilio-voice"),
    path("twilio/status/", webhooks.status_webhook, name="twilio-status"),
]
