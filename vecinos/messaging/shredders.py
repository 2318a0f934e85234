"""Retention for messaging: what each kind of message data keeps, and for how long."""

from vecinos.privacy.retention import register

from .conversations import ExpiredConversationShredder

conversations = register(ExpiredConversationShredder())
