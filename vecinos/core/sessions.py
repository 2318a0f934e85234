"""Django's database sessions, except that saving what was just saved writes nothing.

A public form saves the session it changed inside its own transaction
(vecinos.core.transactions); the session middleware saves it again after the response, which
would be a second write transaction on a database with one write lock.
"""

from django.contrib.sessions.backends.db import SessionStore as DatabaseSessionStore


class SessionStore(DatabaseSessionStore):
    _saved = None

    def _state(self):
        return self.session_key, self.serializer().dumps(self._get_session())

    def save(self, must_create=False):
        if not must_create and self.session_key is not None and self._saved == self._state():
            return
        super().save(must_create=must_create)
        self._saved = self._state()
