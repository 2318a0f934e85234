"""axe-core on every public page and the main staff screens, in English and Spanish.

axe runs inside the page (the copy bundled with axe-playwright-python, evaluated by the test:
the page itself loads nothing from elsewhere, which the test checks). 0 serious or critical
violations is the bar; WCAG 2.2 AA's target size (24 by 24 CSS pixels) is among the rules.
The report form and the join form are also filled and sent by keyboard alone.
"""

import re
from urllib.parse import urlsplit

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.cache import cache
from django.core.management import call_command
from django.urls import reverse
from django.utils import translation
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

AXE = Axe()
OPTIONS = {
    "resultTypes": ["violations"],
    "runOnly": {
        "type": "tag",
        "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"],
    },
}
SERIOUS = {"serious", "critical"}
PASSWORD = "a long enough browser password"


@pytest.fixture
def demo():
    call_command("load_demo")
    cache.clear()


def serious_violations(page):
    results = AXE.run(page, options=OPTIONS)
    found = []
    for violation in results.response["violations"]:
        if violation["impact"] in SERIOUS:
            targets = [node["target"] for node in violation["nodes"]][:3]
            found.append(f"{violation['id']} ({violation['impact']}): {targets}")
    return found


def public_paths():
    from wagtail.models import Page

    from vecinos.workshops.models import Workshop

    paths = set()
    for page in Page.objects.live().specific():
        url = page.get_url()
        if url:
            paths.add(urlsplit(url).path)
    workshop = Workshop.objects.upcoming().first()
    for language in ("en", "es"):
        with translation.override(language):
            paths |= {
                reverse("zones:join"),
                reverse("hotline:report"),
                reverse("tips:send"),
                reverse("tips:return"),
                reverse("workshops:list"),
                reverse("workshops:detail", args=[workshop.pk]),
            }
    return sorted(paths)


def watch_requests(page, origin):
    foreign = []
    page.on(
        "request",
        lambda request: (
            None if request.url.startswith((origin, "data:")) else foreign.append(request.url)
        ),
    )
    return foreign


def test_every_public_page_in_both_languages_has_no_serious_violation(live_server, page, demo):
    foreign = watch_requests(page, live_server.url)
    failures = {}
    paths = public_paths()
    assert any(path.startswith("/es/") for path in paths)
    for path in paths:
        page.goto(live_server.url + path)
        found = serious_violations(page)
        if found:
            failures[path] = found
    assert failures == {}
    assert foreign == []


def sign_in_staff(page, base_url, role, language):
    from wagtail.users.models import UserProfile

    username = f"axe-{role}"
    user = get_user_model().objects.create_user(username=username, password=PASSWORD)
    user.groups.add(Group.objects.get(name=role))
    device = TOTPDevice.objects.create(user=user, name="app", confirmed=True)
    page.goto(f"{base_url}/admin/login/")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in", exact=True).click()
    page.wait_for_url(re.compile(r"/admin/two-factor/verify/"))
    page.get_by_label("Code").fill(f"{totp(device.bin_key):06d}")
    page.get_by_role("button", name="Verify").click()
    page.wait_for_url(f"{base_url}/admin/")
    # The back office speaks the language of the user's profile, read on every request.
    profile = UserProfile.get_for_user(user)
    profile.preferred_language = language
    profile.save()
    return user


STAFF_SCREENS = {
    "dispatcher": ["hotline_admin:console", "hotline_admin:report", "hotline_admin:shifts"],
    "organizer": ["zones_admin:index", "broadcasts:index"],
    "fundraiser": ["fundraising_admin:index", "fundraising_admin:gifts"],
}


@pytest.mark.parametrize("language", ["en", "es"])
@pytest.mark.parametrize("role", sorted(STAFF_SCREENS))
def test_the_main_staff_screens_have_no_serious_violation(live_server, page, demo, role, language):
    from django.urls import NoReverseMatch

    sign_in_staff(page, live_server.url, role, language)
    failures = {}
    screens = ["/admin/"]
    for name in STAFF_SCREENS[role]:
        try:
            screens.append(reverse(name))
        except NoReverseMatch:
            pytest.fail(f"no staff screen named {name}")
    for path in screens:
        page.goto(live_server.url + path)
        assert page.locator("html").get_attribute("lang").startswith(language)
        found = serious_violations(page)
        if found:
            failures[path] = found
    assert failures == {}


FOCUSED = """() => {
  const el = document.activeElement;
  return {tag: el.tagName.toLowerCase(), type: (el.type || '').toLowerCase(),
          name: el.name || '', text: (el.innerText || '').trim().slice(0, 80),
          checked: !!el.checked, value: el.value || '',
          form: el.form ? (el.form.getAttribute('action') || '') : ''};
}"""


def fill_by_keyboard(page, action, answers, *, choose, submit_text, then_wait_for=None):
    """Tab through the page from its top and fill the form posting to `action` with keys only.

    `answers` maps a text field's name to what is typed; `choose` holds the names of radio
    groups, checkboxes and selects to set (the first choice, by arrow keys and Space). The
    form is sent with Enter on its submit button; `then_wait_for` maps a field's name to a
    script that is true once the page has answered its choice. Return the names the focus went
    through.
    """
    then_wait_for = then_wait_for or {}
    visited = []
    for _ in range(250):
        page.keyboard.press("Tab")
        focused = page.evaluate(FOCUSED)
        if focused["form"] != action:
            continue
        visited.append(focused["name"] or focused["text"])
        name, kind = focused["name"], focused["type"] or focused["tag"]
        if name in answers and kind not in {"radio", "checkbox"}:
            page.keyboard.type(answers.pop(name))
        elif name in choose:
            if kind == "checkbox" and not focused["checked"]:
                page.keyboard.press("Space")
            elif kind == "radio":
                page.keyboard.press("Space")
            elif kind.startswith("select"):
                page.keyboard.press("ArrowDown")
            if name in then_wait_for:
                # A choice that fills the next list from the server (the zone's blocks): a
                # person waits for it to appear before moving on.
                page.wait_for_function(then_wait_for[name])
            choose.discard(name)
        elif focused["tag"] == "button" and submit_text == focused["text"] and not answers:
            page.keyboard.press("Enter")
            return visited
    pytest.fail(f"the submit button was never reached by Tab; went through {visited}")


def test_the_hotline_report_form_by_keyboard_alone(live_server, page, demo):
    from vecinos.hotline.models import Report

    before = Report.objects.count()
    page.goto(f"{live_server.url}/en/hotline/")
    fill_by_keyboard(
        page,
        "/en/hotline/",
        {"description": "Two grey vans at the corner", "cross_streets": "9th and Christian"},
        choose={"agency", "activity", "block", "when"},
        submit_text=page.locator("form[action='/en/hotline/'] button[type=submit]")
        .last.inner_text()
        .strip(),
    )
    page.wait_for_url(re.compile(r"/en/hotline/thanks/"))
    assert Report.objects.count() == before + 1


def test_the_zone_join_form_by_keyboard_alone(live_server, page, demo):
    from django.utils.translation import gettext

    from vecinos.zones.models import Member

    before = Member.objects.count()
    button = "Join my block"  # the zones catalogue's own text, read from it
    with translation.override("es"):
        join = gettext(button)
        join_path, confirm_path = reverse("zones:join"), reverse("zones:confirm_code")
    page.goto(f"{live_server.url}{join_path}")
    fill_by_keyboard(
        page,
        join_path,
        {"name": "Rocío Teclado", "phone": "2675550199"},
        choose={"zone", "block", "consent"},
        submit_text=join,
        then_wait_for={"zone": "() => document.querySelector('select[name=block]').length > 2"},
    )
    page.wait_for_url(re.compile(re.escape(confirm_path)))
    assert Member.objects.count() == before + 1
