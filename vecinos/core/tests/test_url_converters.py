import pytest
from django.urls import URLPattern, URLResolver, get_resolver
from django.urls.converters import IntConverter

from vecinos.core.converters import DatabaseIdConverter
from vecinos.core.media import serve_media

HUGE = "99999999999999999999999"


@pytest.mark.django_db
@pytest.mark.parametrize("path", [f"/en/jobs/{HUGE}/thanks/", f"/en/jobs/{HUGE}/apply/"])
def test_a_number_too_large_for_the_database_is_not_found(client, path):
    assert client.get(path).status_code == 404


@pytest.mark.django_db
def test_a_huge_number_is_not_found_under_production_settings(client, settings):
    settings.DEBUG = False
    client.raise_request_exception = False
    assert client.get(f"/en/jobs/{HUGE}/apply/").status_code == 404


def test_the_id_converter_accepts_only_what_a_bigint_holds():
    converter = DatabaseIdConverter()
    assert converter.to_python("42") == 42
    assert converter.to_python(str(2**63 - 1)) == 2**63 - 1
    with pytest.raises(ValueError):
        converter.to_python(str(2**63))


def _patterns(resolver, prefix=""):
    for entry in resolver.url_patterns:
        if isinstance(entry, URLResolver):
            yield from _patterns(entry, prefix + str(entry.pattern))
        elif isinstance(entry, URLPattern):
            yield prefix + str(entry.pattern), entry


# Wagtail's model viewsets build their own staff-only `<int:pk>` routes (behind sign-in); they
# are Wagtail's, not written in vecinos' urls.py files.
WAGTAIL_VIEWSET_ROUTE = "<int:pk>/"


def test_no_vecinos_url_takes_an_unbounded_integer():
    unbounded = []
    for route, entry in _patterns(get_resolver()):
        converters = getattr(entry.pattern, "converters", {})
        if not entry.lookup_str.startswith("vecinos."):
            continue
        if route.endswith(WAGTAIL_VIEWSET_ROUTE):
            continue
        if any(type(c) is IntConverter for c in converters.values()):
            unbounded.append(route)
    assert unbounded == []


def test_a_media_name_too_long_for_the_file_system_is_not_found(rf, settings, tmp_path):
    from django.http import Http404

    settings.MEDIA_ROOT = tmp_path
    with pytest.raises(Http404):
        serve_media(rf.get("/media/x"), "a" * 400)
    (tmp_path / "ok.txt").write_text("ok")
    assert serve_media(rf.get("/media/ok.txt"), "ok.txt").status_code == 200
