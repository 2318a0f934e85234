from django.urls import path

from . import voice

app_name = "hotline_voice"

urlpatterns = [
    path("choice/", voice.choice, name="choice"),
    path("dialed/", voice.dialed, name="dialed"),
    path("recorded/", voice.recorded, name="recorded"),
]
