"""What the messaging keywords mean for members (zones/sms.py has the functions).

LANGUAGE/IDIOMA reads and stores a member's language; STOP/ALTO stops a member whose phone was
the only way to reach them, and START/INICIO makes a stopped member a member again.
"""

from vecinos.messaging.keywords import (
    register_language_lookup,
    register_language_setter,
    register_start_hook,
    register_stop_hook,
)

from .sms import member_language, set_member_language, start_member, stop_member

register_language_lookup(member_language)
register_language_setter(set_member_language)
register_stop_hook(stop_member)
register_start_hook(start_member)
