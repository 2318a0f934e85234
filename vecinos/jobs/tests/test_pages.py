from datetime import timedelta

from django.utils import timezone

from vecinos.jobs.models import JobPage


def test_job_index_lists_open_jobs_only(client, job_indexes, jobs):
    office = JobPage.objects.child_of(job_indexes["en"]).get(slug="office-manager")
    office.closing_date = timezone.localdate() - timedelta(days=1)
    office.save()

    response = client.get(job_indexes["en"].url)

    assert response.status_code == 200
    assert list(response.context["jobs"]) == [jobs["en"]]
    assert "Office Manager" not in response.text


def test_job_closing_today_is_still_open(jobs):
    jobs["en"].closing_date = timezone.localdate()
    jobs["en"].save()

    assert list(JobPage.objects.accepting_applications().filter(pk=jobs["en"].pk)) == [jobs["en"]]


def test_job_indexes_are_in_the_menu_in_both_languages(job_indexes):
    assert job_indexes["en"].show_in_menus is True
    assert job_indexes["es"].show_in_menus is True
    assert job_indexes["es"].translation_key == job_indexes["en"].translation_key


def test_spanish_job_page_shows_the_form_in_spanish(client, jobs):
    response = client.get(jobs["es"].url)

    assert response.status_code == 200
    assert '<html lang="es">' in response.text
    assert "Enviar mi solicitud" in response.text
    assert "Carta de presentación" in response.text
    assert response.context["form"].initial == {"language": "es"}
    assert 'enctype="multipart/form-data"' in response.text
    assert 'name="csrfmiddlewaretoken"' in response.text


def test_job_page_with_a_form_is_never_cached(client, jobs):
    response = client.get(jobs["en"].url)

    cache_control = {part.strip() for part in response["Cache-Control"].split(",")}
    assert {"private", "no-store", "no-cache"} <= cache_control


def test_closed_job_page_says_so_and_has_no_form(client, jobs):
    jobs["es"].closing_date = timezone.localdate() - timedelta(days=1)
    jobs["es"].save()

    response = client.get(jobs["es"].url)

    assert response.status_code == 200
    assert "La convocatoria para este empleo está cerrada." in response.text
    assert "<form" not in response.text.split('id="apply-heading"')[1]
    assert "no-store" not in response.get("Cache-Control", "")
