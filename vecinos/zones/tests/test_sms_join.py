"""Joining by text message (JOIN / UNIRME) and the keywords members manage themselves with."""

import uuid

import pytest
from django.utils import timezone

from vecinos.core.models import AuditEntry
from vecinos.messaging.conversations import active_conversation
from vecinos.messaging.optout import is_opted_out
from vecinos.messaging.rendering import render_sms
from vecinos.messaging.sms_length import count_segments
from vecinos.messaging.tests.inbound import OTHER_PHONE, PHONE, replies, text
from vecinos.messaging.tests.test_sms_templates import declaration
from vecinos.messaging.tests.test_webhooks import SMS, TOKEN, post, sms_params
from vecinos.zones import services, sms
from vecinos.zones.models import Member, MemberToken, Zone

from .conftest import first_block, load_zones, make_member


def last(phone=PHONE):
    return replies(phone)[-1]


# Over real HTTP, signed the way Twilio signs.


@pytest.fixture
def hooks(live_server, settings):
    settings.TWILIO_AUTH_TOKEN = TOKEN
    settings.PUBLIC_URL = live_server.url
    return live_server.url


def texted(base, body, phone=PHONE):
    """Send one text to the webhook as Twilio would; return the newest reply's body."""
    sid = "SM" + uuid.uuid4().hex
    response = post(base, SMS, sms_params(body, sid=sid, sender=phone))
    assert response.status_code == 200
    found = replies(phone)
    return found[-1].body if found else None


@pytest.mark.django_db(transaction=True)
def test_an_sms_only_person_joins_with_typos_paging_and_a_wrong_answer(hooks):
    zones = load_zones()
    square = zones["Passyunk Square"]
    blocks = list(square.blocks.order_by("name", "code"))
    assert len(blocks) == 11

    assert texted(hooks, "JOIN").endswith(
        "welcome! What name or nickname should we use for you? Para español, responda ESPAÑOL."
    )
    assert texted(hooks, "Lupita R.").startswith("Thanks! Which neighborhood do you live in?")

    first_page = texted(hooks, "pasyunk square")
    assert first_page.splitlines() == [
        "Passyunk Square: which block do you live on? Reply with its number:",
        *[f"{n} {block.name}" for n, block in enumerate(blocks[:5], start=1)],
        "MORE for more blocks, DON'T KNOW if you are not sure.",
    ]
    second_page = texted(hooks, "more")
    assert second_page.splitlines()[1:6] == [
        f"{n} {block.name}" for n, block in enumerate(blocks[5:10], start=6)
    ]
    assert texted(hooks, "42") == (
        "Please reply with the number of your block (1 to 11), MORE to see more blocks, "
        "or DON'T KNOW."
    )
    consent = texted(hooks, "7")
    assert consent.startswith(
        f"Last step. We keep your name, number, language and block (Passyunk Square, "
        f"{blocks[6].name}), encrypted"
    )
    assert "Reply YES to join or NO to cancel." in consent
    assert Member.objects.count() == 0
    assert texted(hooks, "maybe") == "Please reply YES to join, or NO to cancel."

    texted(hooks, "Yes")

    member = Member.objects.get()
    assert (member.name, member.phone, member.language) == ("Lupita R.", PHONE, "en")
    assert (member.zone, member.block) == (square, blocks[6])
    assert (member.status, member.source) == (Member.Status.ACTIVE, Member.Source.SMS)
    assert member.consent is not None and member.consented_at is not None
    assert active_conversation(PHONE) is None
    # The last text is the welcome join() sends, in the member's language.
    assert (last().purpose, last().language) == ("zones", "en")
    every = " ".join(m.body for m in replies() if m.purpose == "reply").lower()
    # The only mention of status is the promise never to ask about it.
    assert every.count("immigration status") == 1
    for word in ("document", "papers", "ssn", "social security", "a-number", "visa", "born"):
        assert word not in every


@pytest.mark.django_db(transaction=True)
def test_unirme_gets_spanish_replies_and_no_se_leaves_the_block_to_organizers(hooks):
    zones = load_zones()

    assert texted(hooks, "UNIRME").endswith(
        "¿Qué nombre o apodo quiere que usemos? For English, reply ENGLISH."
    )
    assert texted(hooks, "Chuy") == (
        "¡Gracias! ¿En qué barrio vive? Envie su nombre, por ejemplo Passyunk Square."
    )
    assert texted(hooks, "point breze").startswith(
        "Point Breeze: ¿en qué cuadra vive? Responda con su numero:"
    )
    assert texted(hooks, "no sé").startswith(
        "Ultimo paso. Guardamos su nombre, numero, idioma y barrio (Point Breeze), cifrados"
    )
    texted(hooks, "Sí")

    member = Member.objects.get()
    assert (member.name, member.language) == ("Chuy", "es")
    assert (member.zone, member.block) == (zones["Point Breeze"], None)
    assert all(message.language == "es" for message in replies())


# The rest of the conversation, handled as the webhook hands texts over.


def converse(*texts, phone=PHONE):
    """Send each text in turn; return the body of the reply to each (None for no reply)."""
    answers = []
    for body in texts:
        before = len(replies(phone))
        text(body, phone=phone)
        after = replies(phone)
        answers.append(after[-1].body if len(after) > before else None)
    return answers


LETTERS = (
    "Please send a name or nickname with at least one letter, so your block captain can read "
    "it on a list. Any name you like is fine."
)


def test_a_name_that_is_no_name_is_asked_again(zones):
    assert converse("JOIN", "12345", "", "Toño")[1:] == [
        LETTERS,
        LETTERS,
        "Thanks! Which neighborhood do you live in? Send its name, for example Passyunk Square.",
    ]


def test_a_name_of_emoji_is_told_what_is_missing_not_that_it_is_too_long(zones):
    # Three emoji are far under 60 characters: the answer must not speak of length.
    assert converse("JOIN", "🌻🌻🌻")[1] == LETTERS
    assert converse("UNIRME", "🙂", phone=OTHER_PHONE)[1].startswith(
        "Envie un nombre o apodo con al menos una letra"
    )


def test_a_name_too_long_is_told_the_limit_in_characters(zones):
    assert converse("JOIN", "Ana " * 16)[1] == (
        "Please send a shorter name or nickname, up to 60 characters. Any name you like is fine."
    )


def test_the_person_can_switch_language_before_giving_a_name(zones):
    _, spanish, _ = converse("JOIN", "Español", "Toño")
    assert spanish.endswith("¿Qué nombre o apodo quiere que usemos? For English, reply ENGLISH.")
    assert last().body.startswith("¡Gracias! ¿En qué barrio vive?")
    assert active_conversation(PHONE).language == "es"


def test_idioma_in_the_middle_switches_the_conversation(zones):
    converse("JOIN", "Toño", "IDIOMA")
    assert converse("point breeze")[0].startswith("Point Breeze: ¿en qué cuadra vive?")


def test_an_unknown_neighbourhood_is_asked_again(zones):
    assert converse("JOIN", "Toño", "Kensington")[2] == (
        "We did not find that neighborhood. Check the spelling and send its name again, "
        "for example Passyunk Square."
    )
    assert converse("pointbreeze")[0].startswith("Point Breeze: which block")


def test_several_close_neighbourhoods_are_offered_as_a_numbered_list(zones):
    east = Zone.objects.create(name="East Passyunk", slug="east-passyunk", geometry="{}")
    assert converse("JOIN", "Toño", "passyunk")[2].splitlines() == [
        "Which one is yours? Reply with its number, or send the name again.",
        "1 East Passyunk",
        "2 Passyunk Square",
    ]
    assert converse("3")[0] == (
        "Please reply with a number from 1 to 2, or send the name of your neighborhood again."
    )
    # East Passyunk has no blocks yet: the person joins the zone, organizers place them.
    consent = converse("1")[0]
    assert consent.startswith("Last step. We keep your name, number, language and neighborhood")
    converse("YES")
    assert (Member.objects.get().zone, Member.objects.get().block) == (east, None)


def test_the_block_menu_pages_and_starts_again_after_the_last_page(zones):
    blocks = list(zones["Point Breeze"].blocks.order_by("name", "code"))
    assert len(blocks) == 27
    pages = converse("JOIN", "Toño", "Point Breeze", "more", "MORE", "mas", "más", "MORE", "MORE")
    numbers = [[line.split()[0] for line in page.splitlines()[1:-1]] for page in pages[2:]]
    assert numbers == [
        ["1", "2", "3", "4", "5"],
        ["6", "7", "8", "9", "10"],
        ["11", "12", "13", "14", "15"],
        ["16", "17", "18", "19", "20"],
        ["21", "22", "23", "24", "25"],
        ["26", "27"],
        ["1", "2", "3", "4", "5"],
    ]
    # The last page says nothing about more.
    assert pages[7].splitlines()[-1] == "DON'T KNOW if you are not sure."
    # A block's own name works as well as its number.
    converse(blocks[26].name, "si")
    assert Member.objects.get().block == blocks[26]


def test_no_at_the_end_saves_nothing(zones):
    answers = converse("UNIRME", "Toño", "point breeze", "no se", "no")
    assert answers[-1].endswith(
        "no se ha unido y no guardamos nada. Escriba UNIRME para empezar de nuevo."
    )
    assert not Member.objects.exists()
    assert active_conversation(PHONE) is None


def test_unirme_again_in_the_middle_starts_over(zones):
    converse("JOIN", "Toño", "point breeze")
    assert converse("UNIRME")[0].endswith("For English, reply ENGLISH.")
    assert active_conversation(PHONE).language == "es"


def test_joining_with_no_zones_yet_says_so_and_ends(db):
    assert converse("JOIN")[0].endswith("joining by text is not open yet. Please try again later.")
    assert active_conversation(PHONE) is None


def test_a_member_who_texts_unirme_gets_the_same_questions_and_joins_nobody_new(zones):
    block = first_block(zones["Passyunk Square"])
    member = make_member(phone=PHONE, block=block, language="es", name="Memo")
    steps = ("UNIRME", "Otro Nombre", "point breze", "no sé", "sí")

    as_member = converse(*steps)
    as_stranger = converse(*steps, phone=OTHER_PHONE)

    assert as_member[:-1] == as_stranger[:-1]
    assert Member.objects.count() == 2
    member.refresh_from_db()
    assert (member.name, member.block) == ("Memo", block)
    # Only then does each phone get what join() sends it: the member, that they are in
    # already; the stranger, a welcome. Only the phone's owner reads either.
    assert last(PHONE).body != last(OTHER_PHONE).body
    assert Member.objects.get(source=Member.Source.SMS).phone == OTHER_PHONE


def test_a_member_who_texted_alto_can_join_again_with_unirme(zones):
    member = make_member(phone=PHONE, name="Memo")
    text("ALTO")
    member.refresh_from_db()
    assert member.status == Member.Status.STOPPED

    answers = converse("UNIRME", "Memo", "point breeze", "no se", "si")

    assert None not in answers
    assert not is_opted_out("sms", PHONE)
    member.refresh_from_db()
    assert (member.status, member.zone, member.stopped_at) == (
        Member.Status.ACTIVE,
        zones["Point Breeze"],
        None,
    )


# Keywords for members.


def test_idioma_switches_a_members_language_and_keyword_replies_use_it(zones):
    member = make_member(phone=PHONE, language="es")
    text("IDIOMA")
    member.refresh_from_db()
    assert member.language == "en"
    assert last().language == "en"

    text("HOLA")
    assert last().language == "en"
    # What zones send the member follows too.
    services.send_to_member(member, "zones/stopped")
    assert (last().purpose, last().language) == ("zones", "en")
    text("language spanish")
    member.refresh_from_db()
    assert member.language == "es"


def test_alto_stops_a_member_reachable_only_by_phone(zones):
    sms_only = make_member(phone=PHONE)
    with_email = make_member(phone=OTHER_PHONE, email="memo@example.org")

    text("ALTO")
    text("STOP", phone=OTHER_PHONE)

    sms_only.refresh_from_db()
    with_email.refresh_from_db()
    assert sms_only.status == Member.Status.STOPPED and sms_only.stopped_at is not None
    assert with_email.status == Member.Status.ACTIVE
    # Only messaging's opt-out confirmation went out, nothing from zones.
    assert [m.purpose for m in replies()] == ["optout"]
    assert is_opted_out("sms", PHONE)


def test_stop_then_start_makes_the_member_a_member_again_who_gets_zone_alerts(zones):
    from vecinos.zones.segments import members_of_zone

    member = make_member(
        phone=PHONE, block=first_block(zones["Point Breeze"]), confirmed_at=timezone.now()
    )
    text("ALTO")
    assert list(members_of_zone({"option": member.zone_id})) == []

    text("INICIO")
    member.refresh_from_db()
    assert member.status == Member.Status.ACTIVE and member.stopped_at is None
    assert not is_opted_out("sms", PHONE)
    assert "volvera a recibir nuestros mensajes" in last().body
    # What the reply promised holds: the zone's alerts and broadcasts reach the member again.
    assert [r.address for r in members_of_zone({"option": member.zone_id})] == [PHONE]
    assert AuditEntry.objects.filter(action="zones.member.resumed").count() == 1


def test_borrar_si_erases_the_member_and_their_links(zones):
    member = make_member(phone=PHONE, block=first_block(zones["Point Breeze"]))
    services.issue_token(member, MemberToken.Purpose.MANAGE)
    other = make_member(phone=OTHER_PHONE)

    text("BORRAR")
    assert Member.objects.filter(pk=member.pk).exists()
    text("BORRAR SI")

    assert list(Member.objects.all()) == [other]
    assert not MemberToken.objects.exists()
    assert last().body.endswith("Este es nuestro ultimo mensaje.")
    assert is_opted_out("sms", PHONE)


# The replies' length, with real long names.


def test_match_zones_forgives_typos_accents_and_partial_names(db):
    names = ["Passyunk Square", "East Passyunk", "Point Breeze", "Grays Ferry", "Whitman"]
    zones = [Zone(pk=n, name=name) for n, name in enumerate(names, start=1)]

    def found(answer):
        return [zone.name for zone in sms.match_zones(answer, zones)]

    assert found("pasyunk square") == ["Passyunk Square"]
    assert found("point breze") == ["Point Breeze"]
    assert found("POINT BRÉEZE!") == ["Point Breeze"]
    assert found("greys fery") == ["Grays Ferry"]
    assert found("breeze") == ["Point Breeze"]
    assert found("passyunk") == ["East Passyunk", "Passyunk Square"]
    assert found("Kensington") == []
    assert found("") == []


LONG_ZONE = "Hunting Park / Feltonville / Juniata Park"
LONG_BLOCK = "4800 block of North Mascher Street"


@pytest.mark.parametrize("language", ["en", "es"])
def test_the_longest_questions_fit_their_segments(language):
    menu = sms._menu([LONG_BLOCK] * sms.PAGE_SIZE, 96)
    cases = {
        "join_ask_block": {"zone": LONG_ZONE, "menu": menu, "more": True},
        "join_zone_choices": {"menu": sms._menu([LONG_ZONE] * sms.PAGE_SIZE, 1)},
        "join_consent": {"zone": LONG_ZONE, "block": LONG_BLOCK},
    }
    for name, context in cases.items():
        template = f"zones/sms/{name}.txt"
        limit = declaration(template)
        body = render_sms(template, context, language)
        assert count_segments(body).segments <= limit, body


@pytest.mark.parametrize("language", ["en", "es"])
def test_every_join_template_has_spanish_and_fits(language):
    from vecinos.messaging.tests.test_sms_templates import TEMPLATES, sample_context

    names = [name for name in TEMPLATES if name.startswith("zones/sms/join_")]
    assert len(names) == 13
    for name in names:
        limit = declaration(name)
        body = render_sms(name, sample_context(name), language)
        assert count_segments(body).segments <= limit, body
        if language == "es":
            english = render_sms(name, sample_context(name), "en")
            assert body != english, f"{name} has no Spanish"
