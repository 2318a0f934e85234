"""The form renderer of every vecinos form, public and staff.

Django's default one, with one change: a checkbox's label reads as a sentence beside its box
("I have a car", "The whole zone"), so it gets no colon; other fields keep theirs.
"""

from django.forms.renderers import DjangoTemplates

LABEL = "django/forms/label.html"


class FormRenderer(DjangoTemplates):
    def get_template(self, template_name):
        if template_name == LABEL:
            template_name = "core/forms/label.html"
        return super().get_template(template_name)
