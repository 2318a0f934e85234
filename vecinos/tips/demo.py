"""The tip box's demo: a tip key under a published passphrase, one tip with a reply.

For the demo only: the passphrase and the codename are in the README, so anyone can play both
sides. A real tip key is made with `manage.py create_tip_key`, with a passphrase nobody wrote
down in a repository.
"""

from vecinos.tips import services
from vecinos.tips.models import TipKey

DEMO_PASSPHRASE = "demo tip passphrase, never for real tips"  # noqa: S105
DEMO_CODENAME = "orbit velvet canyon mother ticket lunar garden"
DEMO_TIP = (
    "I work at the county jail. When someone with a Spanish name is released, the desk "
    "calls immigration two hours before, and agents wait in the parking lot. It happened "
    "three times last week, even to a man whose case was dismissed."
)
DEMO_REPLY = (
    "Thank you for writing to us. Could you tell us which days of the week this happens, "
    "without saying anything that only you would know?"
)


def build() -> None:
    """Create the demo tip key, a tip and a reply, unless a tip key exists."""
    if TipKey.objects.exists():
        return
    services.create_tip_key(passphrase=DEMO_PASSPHRASE)
    new = services.seal_tip(text=DEMO_TIP, files=[], language="en", codename=DEMO_CODENAME)
    services.send_reply(new.source, text=DEMO_REPLY, actor="system")
