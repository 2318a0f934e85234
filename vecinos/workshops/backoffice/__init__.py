"""The workshop screens of the Wagtail admin (namespace workshops_admin), for admins and
organizers (figures: researchers too); anyone without the role gets 404.

viewsets: topics, workshops and the rights card; door: the workshops list, the door (check-in,
walk-ins) and the sign-in sheet; followup: follow-up messages; figures: the figures.
"""
