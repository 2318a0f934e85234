"""Reports by text message: REPORT or REPORTAR, then where, then what.

    REPORTAR            -> Where? (a member is offered their own block: reply 1)
    9th y Tasker        -> What do you see?
    2 vans, 4 agents    -> Thank you, the dispatcher has it.

The number that texted is never stored with the report; it lives only in the conversation
(encrypted, deleted when the conversation ends or expires). A block's code ("3601") is
understood as that block, so a report from someone without a member record can still be
grouped with others about the same place.
"""

from __future__ import annotations

from vecinos.messaging import conversations
from vecinos.messaging.conversations import InboundText, Reply
from vecinos.messaging.models import Conversation
from vecinos.zones.models import Block
from vecinos.zones.services import find_member

from . import services
from .services.verification import VERIFY_FLOW, VERIFY_IDLE, verify_flow

REPORT_FLOW = "rapidresponse.report"
YES = {"1", "si", "yes"}


def _block_from_text(words: tuple[str, ...]) -> Block | None:
    codes = [word for word in words if word.isdigit() and len(word) <= 6]
    if not codes:
        return None
    return Block.objects.filter(code__in=codes).select_related("zone").first()


def report_flow(conversation: Conversation, message: InboundText) -> Reply | None:
    """Ask where and what, then file the report and thank the sender."""
    state = conversations.load_state(conversation)
    step = state.get("step")
    if step is None:
        member = find_member(phone=message.address)
        block = member.block if member and member.block_id else None
        state = {"step": "where", "member_block": block.pk if block else None}
        conversations.save_state(conversation, state)
        if block is not None:
            return Reply(template="hotline/report_where_member", context={"block": block.place})
        return Reply(template="hotline/report_where")
    if step == "where":
        if state.get("member_block") and message.words and message.words[0] in YES:
            state["block"] = state["member_block"]
        else:
            block = _block_from_text(message.words)
            state["block"] = block.pk if block else None
            state["where"] = message.body.strip()[:200]
        state["step"] = "what"
        conversations.save_state(conversation, state)
        return Reply(template="hotline/report_what")
    if step == "what":
        services.submit_report(
            services.NewReport(
                channel="sms",
                language=conversation.language or "es",
                description=message.body.strip()[:2000],
                cross_streets=state.get("where", ""),
                block=Block.objects.select_related("zone").filter(pk=state.get("block")).first(),
            )
        )
        conversations.end_conversation(conversation)
        return Reply(template="hotline/report_thanks")
    conversations.end_conversation(conversation)
    return None


ACKNOWLEDGE = {"ok", "1", "si", "yes", "voy"}


def page_flow(conversation: Conversation, message: InboundText) -> Reply | None:
    """A dispatcher answers a page: OK takes the incident, which stops the backup page."""
    from .models import Dispatcher, Incident

    state = conversations.load_state(conversation)
    incident = Incident.objects.filter(pk=state.get("incident")).first()
    dispatcher = (
        Dispatcher.objects.select_related("user").filter(pk=state.get("dispatcher")).first()
    )
    if incident is None or dispatcher is None:
        conversations.end_conversation(conversation)
        return None
    context = {"reference": incident.reference, "url": services.console_url(incident)}
    if message.words and message.words[0] in ACKNOWLEDGE:
        services.acknowledge_incident(incident, actor=dispatcher.user)
        conversations.end_conversation(conversation)
        return Reply(template="hotline/page_taken", context=context)
    return Reply(template="hotline/page_ask_ok", context=context)


conversations.register_flow(services.PAGE_FLOW, [], page_flow, idle=services.PAGE_IDLE)
conversations.register_flow(VERIFY_FLOW, [], verify_flow, idle=VERIFY_IDLE)
conversations.register_flow(
    REPORT_FLOW, {"en": ["REPORT"], "es": ["REPORTAR", "REPORTE"]}, report_flow
)
