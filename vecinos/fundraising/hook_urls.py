from django.urls import path

from . import webhooks

app_name = "fundraising_hooks"

urlpatterns = [path("", webhooks.stripe_webhook, name="stripe")]
