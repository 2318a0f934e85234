from django.urls import path

from . import views

app_name = "broadcasts"

urlpatterns = [
    path("", views.BroadcastIndexView.as_view(), name="index"),
    path("new/", views.BroadcastCreateView.as_view(), name="create"),
    path("<int:pk>/", views.BroadcastPreviewView.as_view(), name="preview"),
    path("<int:pk>/edit/", views.BroadcastEditView.as_view(), name="edit"),
    path("<int:pk>/ask-approval/", views.request_approval, name="request-approval"),
    path("<int:pk>/approve/", views.approve, name="approve"),
    path("<int:pk>/send/", views.send, name="send"),
    path("<int:pk>/progress/", views.BroadcastProgressView.as_view(), name="progress"),
    path("<int:pk>/progress/counts/", views.progress_fragment, name="progress-fragment"),
    path("<int:pk>/cancel/", views.BroadcastCancelView.as_view(), name="cancel"),
]
