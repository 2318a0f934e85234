"""The hotline's history: incidents with filters, the cases list, each person's tasks, and
the morning reminder of the tasks due."""

import datetime

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.utils import timezone
from django.utils.html import escape

from vecinos.accounts.testing import sign_in_verified
from vecinos.core.models import AuditEntry
from vecinos.hotline import services
from vecinos.hotline.models import Case, CaseTask, Incident
from vecinos.hotline.services import cases
from vecinos.messaging.models import OutboundMessage


@pytest.fixture
def dispatcher_client(client, dispatcher_user):
    sign_in_verified(client, dispatcher_user)
    return client


def _incident(block, state=Incident.State.CLOSED, when=None):
    incident = services.submit_report(services.NewReport(channel="web", block=block)).incident
    Incident.objects.filter(pk=incident.pk).update(state=state, created_at=when or timezone.now())
    incident.refresh_from_db()
    return incident


def _rows(page: str) -> int:
    return page.count("<tr data-state=")


def test_the_history_lists_closed_incidents_and_filters_them(dispatcher_client, city):
    passyunk = city.filter(zone__name="Passyunk Square").first()
    breeze = city.filter(zone__name="Point Breeze").first()
    last_month = timezone.now() - datetime.timedelta(days=40)
    closed = _incident(passyunk)
    _incident(breeze, state=Incident.State.FALSE_ALARM)
    _incident(passyunk, when=last_month)

    page = dispatcher_client.get("/admin/hotline/history/").content.decode()
    assert _rows(page) == 3
    assert closed.reference in page and escape(passyunk.place) in page

    zone = dispatcher_client.get(f"/admin/hotline/history/?zone={passyunk.zone_id}")
    assert _rows(zone.content.decode()) == 2
    state = dispatcher_client.get("/admin/hotline/history/?state=false_alarm").content.decode()
    assert _rows(state) == 1 and escape(breeze.place) in state
    month = timezone.localtime(last_month).strftime("%Y-%m")
    by_month = dispatcher_client.get(f"/admin/hotline/history/?month={month}&state=closed")
    assert _rows(by_month.content.decode()) == 1


@pytest.mark.parametrize(
    "query", ["zone=abc", "zone=99999", "state=<script>", "month=2026-13", "month=x", "page=-1"]
)
def test_hostile_filters_are_ignored_or_explained_never_an_error(dispatcher_client, city, query):
    _incident(city.first())
    response = dispatcher_client.get(f"/admin/hotline/history/?{query}")
    assert response.status_code == 200


def test_the_cases_list_reaches_a_closed_incidents_open_case_without_naming_the_family(
    dispatcher_client, city, dispatcher_user
):
    incident = _incident(city.first())
    case = cases.open_case(incident, actor=dispatcher_user, family="Familia de la panadería")
    cases.add_task(
        case, actor=dispatcher_user, kind="legal", owner=dispatcher_user,
        due_on=timezone.localdate(),
    )  # fmt: skip
    page = dispatcher_client.get("/admin/hotline/cases/").content.decode()
    assert f"/admin/hotline/cases/{case.pk}/" in page and incident.reference in page
    assert "panadería" not in page
    assert not AuditEntry.objects.filter(action="hotline.case.viewed").exists()
    history = dispatcher_client.get("/admin/hotline/history/").content.decode()
    assert "/admin/hotline/cases/?status=open" in history
    cases.close_case(case, actor=dispatcher_user)
    assert case.reference not in dispatcher_client.get("/admin/hotline/cases/").content.decode()
    assert (
        case.reference
        in dispatcher_client.get("/admin/hotline/cases/?status=closed").content.decode()
    )


def test_my_tasks_shows_only_mine_with_due_dates(dispatcher_client, city, dispatcher_user):
    other = get_user_model().objects.create_user(username="otra", password="x" * 20)
    other.groups.add(Group.objects.get(name="dispatcher"))
    case = cases.open_case(_incident(city.first()), actor=dispatcher_user, family="Familia")
    today = timezone.localdate()
    mine = cases.add_task(
        case, actor=dispatcher_user, kind="bond", owner=dispatcher_user,
        due_on=today - datetime.timedelta(days=1),
    )  # fmt: skip
    cases.add_task(case, actor=dispatcher_user, kind="legal", owner=other, due_on=today)
    page = dispatcher_client.get("/admin/hotline/tasks/").content.decode()
    assert page.count("hotline-overdue") == 1 and "Bond fund" in page
    assert "Legal referral" not in page
    response = dispatcher_client.post(
        f"/admin/hotline/cases/{case.pk}/task/{mine.pk}/done/", {"next": "my-tasks"}
    )
    assert response["Location"].endswith("/admin/hotline/tasks/")
    assert "No tasks for you" in dispatcher_client.get("/admin/hotline/tasks/").content.decode()


def test_other_roles_get_404(client, city):
    user = get_user_model().objects.create_user(username="ed", password="x" * 20)
    user.groups.add(Group.objects.get(name="organizer"))
    sign_in_verified(client, user)
    for path in ("/admin/hotline/history/", "/admin/hotline/cases/", "/admin/hotline/tasks/"):
        assert client.get(path).status_code == 404


def test_owners_are_reminded_the_day_a_task_is_due_once(city, dispatcher_user):
    texter = get_user_model().objects.create_user(username="tex", password="x" * 20)
    services.add_dispatcher(texter, phone="+12155550199", actor="system")
    case = cases.open_case(None, actor=dispatcher_user, family="Familia del mercado")
    today = timezone.localdate()
    for owner in (dispatcher_user, dispatcher_user, texter):
        cases.add_task(case, actor=dispatcher_user, kind="legal", owner=owner, due_on=today)
    cases.add_task(
        case, actor=dispatcher_user, kind="bond", owner=dispatcher_user,
        due_on=today + datetime.timedelta(days=1),
    )  # fmt: skip

    assert cases.remind_task_owners(today) == 2
    mail = OutboundMessage.objects.get(channel="email")
    assert mail.to_address == dispatcher_user.email
    assert "2 follow-up tasks are due" in mail.subject
    assert "/admin/hotline/tasks/" in mail.body and "mercado" not in mail.body
    text = OutboundMessage.objects.get(channel="sms")
    assert text.to_address == "+12155550199" and "/admin/hotline/tasks/" in text.body
    assert AuditEntry.objects.filter(action="hotline.case_task.reminded").count() == 2

    # Once per task: the next run the same day, or the day after, sends nothing more.
    assert cases.remind_task_owners(today) == 0
    assert cases.remind_task_owners(today + datetime.timedelta(days=1)) == 1  # the bond task
    assert CaseTask.objects.filter(reminded_on__isnull=True).count() == 0
    # Done or closed: no reminder.
    Case.objects.filter(pk=case.pk).update(status=Case.Status.CLOSED)
    assert cases.remind_task_owners(today + datetime.timedelta(days=5)) == 0
