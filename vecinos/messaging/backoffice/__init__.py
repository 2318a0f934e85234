"""Messaging's staff screens: the Test phone (test_phone.py)."""
