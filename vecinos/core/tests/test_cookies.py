import pytest
from django.conf import settings


@pytest.mark.django_db
def test_csrf_cookie_of_a_public_form_ends_with_the_browser_session(client):
    response = client.get("/en/hotline/")
    assert response.status_code == 200
    cookie = response.cookies[settings.CSRF_COOKIE_NAME]
    assert cookie.value
    # No Max-Age and no Expires: a seized phone keeps no cookie once the browser closes.
    assert cookie["max-age"] == ""
    assert cookie["expires"] == ""
