from django.urls import path

from . import admin_views as views

app_name = "hotline_admin"

urlpatterns = [
    path("", views.ConsoleView.as_view(), name="console"),
    path("live/", views.console_live, name="console-live"),
    path("report/", views.StaffReportView.as_view(), name="report"),
    path("shifts/", views.ShiftsView.as_view(), name="shifts"),
    path("contacts/", views.ContactsView.as_view(), name="contacts"),
    path("incidents/<uuid:pk>/", views.IncidentView.as_view(), name="incident"),
    path("incidents/<uuid:pk>/live/", views.incident_live, name="incident-live"),
    path("incidents/<uuid:pk>/acknowledge/", views.acknowledge, name="acknowledge"),
    path("incidents/<uuid:pk>/state/", views.change_state, name="state"),
    path("incidents/<uuid:pk>/note/", views.add_note, name="note"),
    path("incidents/<uuid:pk>/summary/", views.summarize, name="summary"),
    path("incidents/<uuid:pk>/place/", views.place, name="place"),
    path("incidents/<uuid:pk>/verify/", views.ask_responders, name="verify"),
    path("incidents/<uuid:pk>/merge/", views.merge, name="merge"),
    path("incidents/<uuid:pk>/alert/", views.draft_alert, name="draft-alert"),
    path("incidents/<uuid:pk>/record/", views.RecordView.as_view(), name="record"),
    path("incidents/<uuid:pk>/case/", views.open_case, name="open-case"),
    path("reports/<uuid:pk>/split/", views.split, name="split"),
    path("photos/<uuid:pk>/", views.photo, name="photo"),
    path("alerts/<int:pk>/", views.AlertView.as_view(), name="alert"),
    path("alerts/<int:pk>/send/", views.send_alert, name="send-alert"),
    path("alerts/<int:pk>/live/", views.alert_live, name="alert-live"),
    path("cases/<uuid:pk>/", views.CaseView.as_view(), name="case"),
    path("cases/<uuid:pk>/task/", views.add_task, name="add-task"),
    path("cases/<uuid:pk>/task/<uuid:task>/done/", views.finish_task, name="finish-task"),
    path("cases/<uuid:pk>/close/", views.close_case, name="close-case"),
]
