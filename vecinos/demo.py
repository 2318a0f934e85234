"""The demo installation: every app's demo data, built in order on an empty site.

`manage.py load_demo` calls `build()`. Each app keeps its own demo in `<app>/demo.py`; a new
app adds one line below calling its `build()`, nothing more. This module sits above every app
(it is not one), so it is the one place allowed to call them all.
"""

from vecinos.coalition import demo as coalition_demo
from vecinos.content import demo as content_demo
from vecinos.content.models import HomePage
from vecinos.fundraising import demo as fundraising_demo
from vecinos.hotline import demo as hotline_demo
from vecinos.jobs import demo as jobs_demo
from vecinos.records import demo as records_demo
from vecinos.tips import demo as tips_demo
from vecinos.workshops import demo as workshops_demo
from vecinos.zones import demo as zones_demo

demo_exists = content_demo.demo_exists
reset = content_demo.reset


def build() -> dict[str, HomePage]:
    """Build the organization's pages, then each app's demo; return the two home pages."""
    homes = content_demo.build()
    records_demo.build(homes)
    jobs_demo.build(homes)
    zones_demo.build()
    workshops_demo.build()
    hotline_demo.build()
    fundraising_demo.build(homes)
    tips_demo.build()
    coalition_demo.build(homes)
    return homes
