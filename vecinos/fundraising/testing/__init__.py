"""Helpers for tests of fundraising and of apps that show its figures."""
