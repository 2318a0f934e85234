"""What the messaging keywords mean for members (zones/sms.py has the functions).

LANGUAGE/IDIOMA reads and stores a member's language; STOP/ALTO stops a member whose phone was
the only way to reach them.
"""

from vecinos.messaging.keywords import (
    register_language_lookup,
    register_language_setter,
    register_stop_hook,
)

from .sms import member_language, set_member_language, stop_member

register_language_lookup(member_language)
register_language_setter(set_member_language)
register_stop_hook(stop_member)
