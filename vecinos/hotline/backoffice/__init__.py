"""The dispatcher console in the Wagtail admin (namespace hotline_admin), one module a topic.

base: who may see it and how it polls; console: the open incidents; incidents: one incident
and what a dispatcher does to it; alerts: alerts and the contacts they are copied to; cases:
documentation and follow-up cases; shifts: dispatchers and shifts; reports: a report entered
by hand and the reports' photos.
"""
