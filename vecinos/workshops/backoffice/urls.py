from django.urls import path

from . import backoffice

app_name = "workshops_admin"

urlpatterns = [
    path("", backoffice.WorkshopIndexView.as_view(), name="index"),
    path("figures/", backoffice.FiguresView.as_view(), name="figures"),
    path("<int:pk>/door/", backoffice.DoorView.as_view(), name="door"),
    path("<int:pk>/door/code/", backoffice.check_in_code, name="check-in-code"),
    path("<int:pk>/door/walk-in/", backoffice.walk_in, name="walk-in"),
    path("<int:pk>/door/<uuid:registration_pk>/check-in/", backoffice.check_in, name="check-in"),
    path("<int:pk>/door/<uuid:registration_pk>/undo/", backoffice.undo_check_in, name="undo"),
    path(
        "<int:pk>/door/<uuid:registration_pk>/cancel/",
        backoffice.cancel_registration,
        name="cancel",
    ),
    path("<int:pk>/sign-in-sheet.pdf", backoffice.signin_sheet, name="sign-in-sheet"),
    path("<int:pk>/follow-up/", backoffice.FollowUpView.as_view(), name="follow-up"),
]
