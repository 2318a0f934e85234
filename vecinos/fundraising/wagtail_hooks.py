"""The Fundraising menu of the admin and the fundraiser's dashboard panel."""

from django.urls import include, path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import Menu, MenuItem, SubmenuMenuItem
from wagtail.admin.ui.components import Component

from .access import can_fundraise
from .backoffice import urls


class FundraiserMenuItem(MenuItem):
    def is_shown(self, request):
        return can_fundraise(request.user)


class FundraisingMenu(SubmenuMenuItem):
    def is_shown(self, request):
        return can_fundraise(request.user)


@hooks.register("register_admin_urls")
def register_fundraising_urls():
    return [path("fundraising/", include(urls, namespace="fundraising_admin"))]


@hooks.register("register_admin_menu_item")
def register_fundraising_menu():
    items = [
        FundraiserMenuItem(
            _("Campaigns"), reverse("fundraising_admin:index"), icon_name="pick", order=100
        ),
        FundraiserMenuItem(
            _("Gifts"), reverse("fundraising_admin:gifts"), icon_name="list-ul", order=200
        ),
        FundraiserMenuItem(
            _("Record an offline gift"),
            reverse("fundraising_admin:gift-add"),
            icon_name="plus",
            order=300,
        ),
    ]
    return FundraisingMenu(_("Fundraising"), Menu(items=items), icon_name="pick", order=350)


class FundraisingPanel(Component):
    """The fundraiser's dashboard: each campaign's bar and the last gifts."""

    name = "fundraising"
    order = 140
    template_name = "fundraising/admin/home_panel.html"

    def get_context_data(self, parent_context):
        from vecinos.core.charts import Chart, Series

        from . import access, services
        from .backoffice import chart

        user = parent_context["request"].user
        weeks = chart.weekly(access.visible_gifts(user).counted())
        weekly = chart.weekly_chart(weeks)
        weekly.description = str(_("Every campaign's gifts, by week, after refunds."))
        rows = [
            {"page": page, **services.campaign_totals(page)} for page in access.campaigns(user)[:6]
        ]
        by_campaign = Chart(
            title=str(_("Raised per campaign")),
            description=str(_("Each campaign's total so far, after refunds.")),
            labels=[row["page"].title for row in rows],
            series=[
                Series(
                    str(_("Raised")),
                    [row["progress"].raised_cents / 100 for row in rows],
                    formatter=chart.dollar_label,
                )
            ],
            kind="bars",
            label_heading=str(_("Campaign")),
        )
        return {"rows": rows[:3], "weekly": weekly, "by_campaign": by_campaign}

    @property
    def media(self):
        from django.forms import Media

        return Media(css={"all": ["core/charts.css"]})


@hooks.register("construct_homepage_panels")
def add_fundraising_panel(request, panels):
    if can_fundraise(request.user):
        panels.append(FundraisingPanel())
