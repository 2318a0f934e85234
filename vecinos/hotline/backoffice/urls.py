from django.urls import path

from . import alerts, cases, console, exports, history, incidents, reports, shifts

app_name = "hotline_admin"

urlpatterns = [
    path("", console.ConsoleView.as_view(), name="console"),
    path("incidents.csv", exports.incidents_csv, name="incidents-csv"),
    path("live/", console.console_live, name="console-live"),
    path("report/", reports.StaffReportView.as_view(), name="report"),
    path("history/", history.IncidentHistoryView.as_view(), name="history"),
    path("cases/", history.CaseListView.as_view(), name="cases"),
    path("tasks/", history.MyTasksView.as_view(), name="my-tasks"),
    path("shifts/", shifts.ShiftsView.as_view(), name="shifts"),
    path("contacts/", alerts.ContactsView.as_view(), name="contacts"),
    path("incidents/<uuid:pk>/", incidents.IncidentView.as_view(), name="incident"),
    path("incidents/<uuid:pk>/live/", incidents.incident_live, name="incident-live"),
    path("incidents/<uuid:pk>/acknowledge/", incidents.acknowledge, name="acknowledge"),
    path("incidents/<uuid:pk>/state/", incidents.change_state, name="state"),
    path("incidents/<uuid:pk>/note/", incidents.add_note, name="note"),
    path("incidents/<uuid:pk>/summary/", incidents.summarize, name="summary"),
    path("incidents/<uuid:pk>/place/", incidents.place, name="place"),
    path("incidents/<uuid:pk>/verify/", incidents.ask_responders, name="verify"),
    path("incidents/<uuid:pk>/merge/", incidents.merge, name="merge"),
    path("incidents/<uuid:pk>/alert/", alerts.draft_alert, name="draft-alert"),
    path("incidents/<uuid:pk>/record/", cases.RecordView.as_view(), name="record"),
    path("incidents/<uuid:pk>/case/", cases.open_case, name="open-case"),
    path("reports/<uuid:pk>/split/", incidents.split, name="split"),
    path("photos/<uuid:pk>/", reports.photo, name="photo"),
    path("recordings/<uuid:pk>/", reports.recording, name="recording"),
    path("alerts/<id:pk>/", alerts.AlertView.as_view(), name="alert"),
    path("alerts/<id:pk>/send/", alerts.send_alert, name="send-alert"),
    path("alerts/<id:pk>/live/", alerts.alert_live, name="alert-live"),
    path("cases/<uuid:pk>/", cases.CaseView.as_view(), name="case"),
    path("cases/<uuid:pk>/task/", cases.add_task, name="add-task"),
    path("cases/<uuid:pk>/task/<uuid:task>/done/", cases.finish_task, name="finish-task"),
    path("cases/<uuid:pk>/close/", cases.close_case, name="close-case"),
]
