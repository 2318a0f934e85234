from django.urls import path

from . import views

app_name = "tips_admin"

urlpatterns = [
    path("", views.InboxView.as_view(), name="inbox"),
    path("lock/", views.lock, name="lock"),
    path("sources/<id:pk>/", views.SourceView.as_view(), name="source"),
    path("sources/<id:pk>/star/", views.star, name="star"),
    path("sources/<id:pk>/delete/", views.DeleteView.as_view(), name="delete"),
    path("attachments/<id:pk>/", views.attachment, name="attachment"),
]
