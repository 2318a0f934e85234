import pytest

from vecinos.broadcasts import segments
from vecinos.broadcasts.forms import BroadcastForm, audience_choices
from vecinos.broadcasts.segments import (
    InvalidParams,
    InvalidRecipientKey,
    Recipient,
    UnknownSegment,
    register_segment,
    registered_segments,
    resolve,
)


def test_resolve_keeps_the_channel_and_language_asked_for_and_each_key_once(audience):
    english = audience.add("en")
    spanish = audience.add("es")
    audience.add("es", channel="email")
    audience.people.append(Recipient(english.key, "sms", "+12155559999", "en"))

    assert resolve("test_people", {}, channel="sms") == [english, spanish]
    assert resolve("test_people", {}, channel="sms", language="es") == [spanish]
    assert [r.channel for r in resolve("test_people", {}, channel="email")] == ["email"]


def test_resolve_reads_regional_spanish_as_spanish_and_anything_else_as_english(audience):
    audience.add("es-MX")
    audience.add("fr")
    assert [r.language for r in resolve("test_people", {}, channel="sms")] == ["es", "en"]


def test_resolve_skips_recipients_without_an_address(audience):
    audience.people.append(Recipient("person:1", "sms", "", "en"))
    assert resolve("test_people", {}, channel="sms") == []


def test_resolve_passes_the_parameters_to_the_resolver(audience):
    resolve("test_people", {"option": "12"}, channel="sms")
    assert audience.calls == [{"option": "12"}]


@pytest.mark.parametrize(
    "params",
    [
        {"option": "+1 215 555 0134"},
        {"option": "someone@example.org"},
        {"option": ["12"]},
        {"Option": "12"},
        {"option": True},
    ],
)
def test_parameters_other_than_plain_ids_are_refused(audience, params):
    with pytest.raises(InvalidParams):
        resolve("test_people", params, channel="sms")
    assert audience.calls == []


@pytest.mark.parametrize("key", ["+12155550134", "someone@example.org", "member:" + "x" * 150])
def test_recipients_must_be_named_by_an_id_never_an_address(audience, key):
    audience.add("en", key=key)
    with pytest.raises(InvalidRecipientKey):
        resolve("test_people", {}, channel="sms")


def test_an_unknown_segment_says_so():
    with pytest.raises(UnknownSegment):
        resolve("no_such_segment", {}, channel="sms")


def test_keys_must_be_short_snake_case_names():
    with pytest.raises(ValueError):
        register_segment("Zone 1", "Zone", lambda params: [])


def test_segments_are_listed_by_label_and_a_key_registered_again_is_replaced():
    register_segment("zone", "Zone members", lambda params: [])
    register_segment("block", "Block members", lambda params: [])
    register_segment("zone", "Members of a zone", lambda params: [])
    labels = [str(segment.label) for segment in registered_segments()]
    assert labels == ["Block members", "Members of a zone"]


def test_the_compose_form_offers_segments_and_their_options_in_one_list():
    register_segment("everyone", "Everyone", lambda params: [])
    register_segment(
        "zone", "Members of a zone", lambda params: [], options=lambda: [(3, "Point Breeze")]
    )
    register_segment("tag", "Tagged", lambda params: [], options=[])
    assert audience_choices() == [
        ("everyone", "Everyone"),
        ("Members of a zone", [("zone=3", "Point Breeze")]),
    ]


def test_the_compose_form_turns_an_option_into_segment_parameters(db):
    register_segment(
        "zone", "Members of a zone", lambda params: [], options=lambda: [(3, "Point Breeze")]
    )
    form = BroadcastForm(
        data={
            "title": "Hearing",
            "audience": "zone=3",
            "language": "",
            "channel": "sms",
            "body_en": "Hearing Thursday 10am",
            "body_es": "Audiencia el jueves 10am",
        }
    )
    assert form.is_valid(), form.errors
    fields = form.composed_fields()
    assert (fields["segment"], fields["segment_params"]) == ("zone", {"option": "3"})


def test_with_no_segment_registered_the_form_has_no_audience():
    segments._segments.clear()
    assert BroadcastForm().has_audiences is False
