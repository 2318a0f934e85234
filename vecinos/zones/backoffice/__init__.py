"""The organizers' back office for zones, in the Wagtail admin.

Coverage (counts only, also for researchers), members by zone and block (organizers, and
captains for their own block), imports of shapes, block names and consent texts. Every
screen fetches what it shows through vecinos/zones/access.py, which answers 404 for anything
the user may not see.
"""
