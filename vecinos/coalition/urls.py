from django.urls import path
from django.utils.translation import gettext_lazy as _

from . import views

app_name = "coalition"

urlpatterns = [
    path(_("letters/<id:page_id>/sign/"), views.sign, name="sign"),
    path(_("letters/<id:page_id>/signed/"), views.signed, name="signed"),
    path(_("letters/<id:page_id>/letter.pdf"), views.letter_pdf, name="letter-pdf"),
    path(_("letters/confirm/<str:token>/"), views.confirm, name="confirm"),
    path(_("petitions/<id:page_id>/sign/"), views.petition_sign, name="petition-sign"),
    path(_("petitions/<id:page_id>/signed/"), views.petition_signed, name="petition-signed"),
    path(_("petitions/confirm/<str:token>/"), views.petition_confirm, name="petition-confirm"),
    path(_("petitions/code/<str:token>/"), views.petition_code, name="petition-code"),
    path(_("events/<id:page_id>/rsvp/"), views.event_rsvp, name="event-rsvp"),
    path(_("events/<id:page_id>/answered/"), views.event_answered, name="event-answered"),
    path(_("events/<id:page_id>/event.ics"), views.event_ics, name="event-ics"),
]
