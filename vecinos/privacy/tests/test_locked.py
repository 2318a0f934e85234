import pytest
from django.urls import reverse
from django.utils import translation

from vecinos.content.testing import make_homes
from vecinos.core.models import AuditEntry
from vecinos.privacy import crypto, services

from .conftest import signed_in
from .models import Neighbour

pytestmark = [pytest.mark.django_db, pytest.mark.urls("vecinos.privacy.tests.urls")]


@pytest.fixture
def shares(fresh_keyring):
    kek = crypto.read_key_file(fresh_keyring)
    # A data key must exist for the unlock to check the rebuilt key against.
    crypto.active_key_id()
    return crypto.split_kek(kek, shares=5, threshold=3)


def test_locked_platform_serves_public_pages_but_not_personal_data(client, fresh_keyring):
    make_homes()
    rosa = Neighbour.objects.create(name="Rosa")
    crypto.lock()

    assert client.get("/en/").status_code == 200
    response = client.get(f"/test-neighbour/{rosa.pk}/")
    assert response.status_code == 503
    assert "temporarily unavailable" in response.content.decode()
    assert "Rosa" not in response.content.decode()
    with pytest.raises(crypto.Locked):
        _ = Neighbour.objects.get(pk=rosa.pk).name


def test_locked_page_is_translated(client):
    rosa = Neighbour.objects.create(name="Rosa")
    crypto.lock()

    with translation.override("es"):
        response = client.get(f"/test-neighbour/{rosa.pk}/", HTTP_ACCEPT_LANGUAGE="es")
    assert response.status_code == 503
    assert "no está disponible" in response.content.decode()


def test_without_a_configured_key_the_platform_starts_locked(settings):
    settings.VECINOS_KEY_FILE = ""
    crypto.reload_configured_key()

    assert crypto.is_locked()


def test_admin_shows_a_locked_banner_until_unlocked(client, locked_start):
    make_homes()
    signed_in(client, "adela", "admin", superuser=True)

    page = client.get(reverse("wagtailadmin_home")).content.decode()
    assert "privacy-locked-banner" in page
    assert reverse("privacy_unlock") in page

    crypto.unlock(crypto.new_key())
    assert "privacy-locked-banner" not in client.get(reverse("wagtailadmin_home")).content.decode()


def test_k_of_n_shares_unlock_and_fewer_do_not(client, shares, locked_start):
    user = signed_in(client, "adela", "admin", superuser=True)
    url = reverse("privacy_unlock")

    for share in shares[:2]:
        response = client.post(url, {"share": share})
        assert response.status_code == 302
    assert crypto.is_locked()
    assert services.unlock_progress().have == 2
    page = client.get(url).content.decode()
    assert "2 of 3 shares entered" in page

    client.post(url, {"share": shares[4]})

    assert not crypto.is_locked()
    assert "privacy-locked-banner" not in client.get(url).content.decode()
    actions = list(
        AuditEntry.objects.filter(actor_id=user.pk).order_by("seq").values_list("action", flat=True)
    )
    assert actions == ["privacy.share.entered", "privacy.share.entered", "privacy.key.unlocked"]


def test_wrong_shares_are_refused(client, shares, locked_start):
    signed_in(client, "adela", "admin", superuser=True)
    url = reverse("privacy_unlock")
    other_key_share = crypto.split_kek(crypto.new_key(), shares=3, threshold=3)[0]
    mistyped = shares[0][:-2] + ("aa" if not shares[0].endswith("aa") else "bb")

    client.post(url, {"share": shares[0]})
    for wrong in [mistyped, other_key_share, shares[0]]:
        response = client.post(url, {"share": wrong})
        assert response.status_code == 200
        assert response.context["form"].errors["share"]
    assert services.unlock_progress().have == 1
    assert crypto.is_locked()


def test_forged_share_that_passes_the_checksum_is_caught_when_combining(shares):
    collector = crypto.ShareCollector()
    good = [crypto.parse_share(text) for text in shares[:3]]
    forged = crypto.Share(good[2].threshold, good[2].index, good[2].fingerprint, bytes(32))

    collector.add(shares[0])
    collector.add(shares[1])
    with pytest.raises(crypto.InvalidShare) as error:
        crypto.combine_shares([good[0], good[1], forged])
    assert error.value.code == "mismatch"
    assert collector.add(shares[2]).kek == crypto.combine_shares(good)


def test_shares_of_an_older_key_do_not_unlock(client, fresh_keyring, locked_start):
    old_shares = crypto.split_kek(crypto.new_key(), shares=3, threshold=2)
    # The data keys are wrapped by the configured key, not by the one the shares came from.
    crypto.unlock(crypto.read_key_file(fresh_keyring))
    crypto.active_key_id()
    crypto.lock()
    signed_in(client, "adela", "admin", superuser=True)
    url = reverse("privacy_unlock")

    client.post(url, {"share": old_shares[0]})
    response = client.post(url, {"share": old_shares[1]})

    assert "older key" in response.content.decode()
    assert crypto.is_locked()


def test_unlock_screen_needs_a_staff_sign_in(client, locked_start):
    response = client.get(reverse("privacy_unlock"))
    assert response.status_code == 302
    assert "/admin/login/" in response["Location"]


def test_admin_screen_that_needs_personal_data_points_to_the_unlock_screen(client):
    rosa = Neighbour.objects.create(name="Rosa")
    signed_in(client, "adela", "admin", superuser=True)
    crypto.lock()

    response = client.get(f"/admin/test-neighbour/{rosa.pk}/")

    assert response.status_code == 503
    assert reverse("privacy_unlock") in response.content.decode()
    assert "vecinos is locked" in response.content.decode()
