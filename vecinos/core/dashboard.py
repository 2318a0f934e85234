"""Panels of the back office home: each app adds its own in `wagtail_hooks.py`.

Wagtail's `construct_homepage_panels` hook is the registry: an app's hook calls
`add_panel(panels, visible=..., ...)`, which adds a `DashboardPanel` only when `visible` (the
app's role check, from `vecinos.accounts.roles`; an admin sees every panel). A panel's blocks
are the same as the public statistics page's (`Headline`, `Table`, a `Chart`) plus `Items`, a
short list; `build` is called only for users who see the panel. Staff panels show counts as
they are (staff may see them), and name no member, donor or caller.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from django.forms import Media
from wagtail.admin.ui.components import Component


@dataclass
class Items:
    title: str
    items: list[str]
    empty: str = ""
    block_type: str = "items"


@dataclass
class Link:
    label: str
    url: str


@dataclass
class DashboardPanel(Component):
    name: str
    heading: str
    order: int
    blocks: list = field(default_factory=list)
    links: list[Link] = field(default_factory=list)
    template_name: str = "core/dashboard/panel.html"

    def get_context_data(self, parent_context):
        return {"panel": self}

    @property
    def media(self):
        return Media(css={"all": ["core/charts.css", "core/dashboard.css"]})


def add_panel(
    panels: list,
    *,
    visible: bool,
    name: str,
    heading: str,
    order: int,
    build: Callable[[], list],
    links: Callable[[], list[Link]] | None = None,
) -> None:
    if not visible:
        return
    panels.append(
        DashboardPanel(
            name=name,
            heading=str(heading),
            order=order,
            blocks=build(),
            links=links() if links else [],
        )
    )
