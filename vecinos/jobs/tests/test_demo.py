from vecinos.jobs import demo
from vecinos.jobs.models import JobIndexPage, JobPage


def test_demo_builds_two_open_postings_in_each_language(homes):
    indexes = demo.build(homes)

    for code in ("en", "es"):
        postings = indexes[code].open_jobs()
        assert postings.count() == 2
        assert {page.locale.language_code for page in postings} == {code}
    english = sorted(indexes["en"].open_jobs().values_list("title", flat=True))
    assert english == ["Community Organizer", "Office Manager"]
    for posting in indexes["en"].open_jobs():
        spanish = posting.get_translation(homes["es"].locale)
        assert spanish.live
        assert spanish.employment_type == posting.employment_type
        assert spanish.closing_date == posting.closing_date


def test_demo_build_twice_adds_nothing(homes):
    demo.build(homes)
    demo.build(homes)

    assert JobIndexPage.objects.count() == 2
    assert JobPage.objects.count() == 4


def test_demo_pages_answer_in_both_languages(client, homes):
    indexes = demo.build(homes)

    assert client.get(indexes["en"].url).status_code == 200
    spanish = client.get(indexes["es"].url)
    assert spanish.status_code == 200
    assert "Administrador(a) de oficina" in spanish.text
    assert "Postúlese antes del" in spanish.text
