"""Django's cached database sessions, with two statements fewer for a public form's session.

Sessions are read from the cache and written through to the database (Django's cached_db).

The zone sign-up saves its session inside the transaction of its rows (zones/views.py); the
session middleware saves it again after the response, which would be a second write
transaction on a database with one write lock: saving what was just saved writes nothing
here. And a new key is not first looked up: 32 random characters do not
repeat, and the insert of a new session refuses a taken key anyway (Django then draws again).
"""

from django.contrib.sessions.backends.base import VALID_KEY_CHARS
from django.contrib.sessions.backends.cached_db import SessionStore as CachedDatabaseStore
from django.utils.crypto import get_random_string


class SessionStore(CachedDatabaseStore):
    _saved = None

    def _get_new_session_key(self):
        return get_random_string(32, VALID_KEY_CHARS)

    def _state(self):
        return self.session_key, self.serializer().dumps(self._get_session())

    def save(self, must_create=False):
        if self.session_key is None:
            # Django's save of a new session creates it (which writes the cache) and then
            # writes the cache a second time.
            return self.create()
        if not must_create and self.session_key is not None and self._saved == self._state():
            return
        super().save(must_create=must_create)
        self._saved = self._state()
