"""One write transaction for a public form's post.

On the embedded database (SQLite) every write transaction waits for the database's one write
lock, and a busy lock is retried after sleeps that grow to tens of milliseconds: a sign-up
that committed its rate-limit count, its flood count, its rows, its session and its task row
one after another queued five times behind every other writer. `@one_write_transaction` runs
a post, and the session it changed, in one transaction instead, so it queues once.

The counts commit with the answer, whatever the form answered (a refusal, a form with
errors, the next page). Only an exception rolls them back with the rest: nothing was done
then, so there is nothing a limit would have bounded. GET and HEAD write nothing and run as
before, outside any transaction: on SQLite a transaction takes the write lock at once
(`BEGIN IMMEDIATE`, config/settings/base.py).

A view that spends long on the processor between its count and its rows (the tip box's key
derivation) keeps its own transactions instead, so that the lock is not held meanwhile.
"""

from functools import wraps

from django.db import transaction


def one_write_transaction(view):
    """Run a POST to `view`, and the save of a session it changed, in one transaction."""

    @wraps(view)
    def wrapped(request, *args, **kwargs):
        if request.method != "POST":
            return view(request, *args, **kwargs)
        with transaction.atomic():
            response = view(request, *args, **kwargs)
            session = getattr(request, "session", None)
            if session is not None and session.modified and not session.is_empty():
                # The middleware saves it again after the response; the session store
                # (vecinos.core.sessions) writes nothing then, since nothing changed.
                session.save()
        return response

    return wrapped
