from django.urls import path

from . import views

app_name = "tips"

urlpatterns = [
    path("", views.send, name="send"),
    path("return/", views.come_back, name="return"),
    path("conversation/", views.thread, name="thread"),
    path("leave/", views.leave, name="leave"),
]
