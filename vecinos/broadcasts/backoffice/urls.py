from django.urls import path

from . import views

app_name = "broadcasts"

urlpatterns = [
    path("", views.BroadcastIndexView.as_view(), name="index"),
    path("new/", views.BroadcastCreateView.as_view(), name="create"),
    path("<id:pk>/", views.BroadcastPreviewView.as_view(), name="preview"),
    path("<id:pk>/edit/", views.BroadcastEditView.as_view(), name="edit"),
    path("<id:pk>/ask-approval/", views.request_approval, name="request-approval"),
    path("<id:pk>/approve/", views.approve, name="approve"),
    path("<id:pk>/send/", views.send, name="send"),
    path("<id:pk>/progress/", views.BroadcastProgressView.as_view(), name="progress"),
    path("<id:pk>/progress/counts/", views.progress_fragment, name="progress-fragment"),
    path("<id:pk>/cancel/", views.BroadcastCancelView.as_view(), name="cancel"),
]
