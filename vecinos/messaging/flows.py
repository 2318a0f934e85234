"""Messaging's own conversation: the confirmation DELETE / BORRAR asks for (keywords.py)."""

from .conversations import register_flow
from .keywords import ERASE_FLOW, ERASE_WINDOW, _erase_flow

register_flow(ERASE_FLOW, [], _erase_flow, idle=ERASE_WINDOW)
