from django.urls import path

from . import door, figures, followup

app_name = "workshops_admin"

urlpatterns = [
    path("", door.WorkshopIndexView.as_view(), name="index"),
    path("figures/", figures.FiguresView.as_view(), name="figures"),
    path("figures/attendance.csv", figures.attendance_csv, name="attendance-csv"),
    path("<id:pk>/door/", door.DoorView.as_view(), name="door"),
    path("<id:pk>/door/code/", door.check_in_code, name="check-in-code"),
    path("<id:pk>/door/walk-in/", door.walk_in, name="walk-in"),
    path("<id:pk>/door/<uuid:registration_pk>/check-in/", door.check_in, name="check-in"),
    path("<id:pk>/door/<uuid:registration_pk>/undo/", door.undo_check_in, name="undo"),
    path(
        "<id:pk>/door/<uuid:registration_pk>/cancel/",
        door.cancel_registration,
        name="cancel",
    ),
    path("<id:pk>/sign-in-sheet.pdf", door.signin_sheet, name="sign-in-sheet"),
    path("<id:pk>/follow-up/", followup.FollowUpView.as_view(), name="follow-up"),
]
