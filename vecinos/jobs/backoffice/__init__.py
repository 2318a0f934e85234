"""The hiring staff's screens in the Wagtail admin: job applications (applications.py)."""
