"""The zones' text conversation: JOIN / UNIRME signs a neighbor up (zones/sms.py)."""

from vecinos.messaging.conversations import register_flow

from .sms import FLOW, STARTERS, join_flow

register_flow(FLOW, STARTERS, join_flow)
