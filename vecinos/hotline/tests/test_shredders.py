from datetime import timedelta

from django.utils import timezone

from vecinos.hotline.models import Case, CaseTask, Incident, Report
from vecinos.privacy.retention import run_shredders


def _incident(block, *, state=Incident.State.CONFIRMED, days=0):
    moment = timezone.now() - timedelta(days=days)
    incident = Incident.objects.create(
        state=state,
        block=block,
        zone=block.zone,
        point="39.93,-75.17",
        created_at=moment,
        last_report_at=moment,
    )
    Report.objects.create(
        incident=incident,
        channel="web",
        block=block,
        point="39.93,-75.17",
        cross_streets="Tasker & 18th",
        description="two vans",
        received_at=moment,
    )
    return incident


def test_precise_points_are_coarsened_to_the_block_after_30_days(city):
    block = city.first()
    old = _incident(block, days=31)
    recent = _incident(block, days=2)

    run_shredders()

    old.refresh_from_db()
    report = old.reports.get()
    assert (old.point, old.block, report.point, report.cross_streets) == ("", block, "", "")
    assert report.description == "two vans"
    assert old.coarsened_at is not None
    recent.refresh_from_db()
    assert recent.point == "39.93,-75.17"


def test_unverified_incidents_are_deleted_after_72_hours(city):
    block = city.first()
    rumour = _incident(block, state=Incident.State.FALSE_ALARM, days=4)
    confirmed = _incident(block, days=4)
    fresh = _incident(block, state=Incident.State.NEW, days=1)

    run_shredders()

    assert set(Incident.objects.values_list("pk", flat=True)) == {confirmed.pk, fresh.pk}
    assert not Report.objects.filter(incident_id=rumour.pk).exists()


def test_closed_cases_lose_the_familys_details_after_90_days(db):
    old = Case.objects.create(
        family="Familia del mercado",
        contact_phone="+12155550101",
        notes="two children",
        status=Case.Status.CLOSED,
        closed_at=timezone.now() - timedelta(days=91),
    )
    CaseTask.objects.create(case=old, kind=CaseTask.Kind.BOND, note="bond of 5,000")
    open_case = Case.objects.create(family="Familia de la esquina")

    run_shredders()

    old.refresh_from_db()
    assert (old.family, old.contact_phone, old.notes) == ("", "", "")
    assert old.purged_at is not None
    assert old.tasks.get().note == ""
    open_case.refresh_from_db()
    assert open_case.family == "Familia de la esquina"
