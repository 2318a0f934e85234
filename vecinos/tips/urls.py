from django.urls import path
from django.utils.translation import gettext_lazy as _

from . import views

app_name = "tips"

urlpatterns = [
    path("", views.send, name="send"),
    path(_("return/"), views.come_back, name="return"),
    path(_("conversation/"), views.thread, name="thread"),
    path(_("leave/"), views.leave, name="leave"),
]
