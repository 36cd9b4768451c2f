"""Django's database sessions, read with a statement built once per process.

Every request of a respondent and of a staff member reads its session. Django's database
store asks the ORM for the row each time, which builds the same SQL anew: about half a
millisecond of CPU, more than the database takes to find the row by its primary key, on
every page. Only the read changes here; writing, creating and deleting stay Django's (they
happen at most once a minute per session), and so does what the row holds: the session stays
on the server, so logging out or "Stoppen" ends it for every copy of the cookie.
"""

import functools

from django.contrib.sessions.backends import db
from django.contrib.sessions.models import Session
from django.db import connections, router
from django.utils import timezone


class SessionStore(db.SessionStore):
    def load(self) -> dict:
        """The session's data; an unknown or expired key gives an empty session and no key,
        as Django's store does (the middleware then makes a new one if anything is stored)."""
        connection = connections[router.db_for_read(Session)]
        now = connection.ops.adapt_datetimefield_value(timezone.now())
        with connection.cursor() as cursor:
            cursor.execute(_statement(connection.vendor), [self.session_key, now])
            row = cursor.fetchone()
        if row is None:
            self._session_key = None
            return {}
        return self.decode(row[0])


@functools.cache
def _statement(vendor: str) -> str:
    """The read, per database kind (the names quoted the way that database quotes them)."""
    quote = connections[router.db_for_read(Session)].ops.quote_name
    field = Session._meta.get_field
    return (
        f"SELECT {quote(field('session_data').column)} "  # noqa: S608 (names from the model)
        f"FROM {quote(Session._meta.db_table)} "
        f"WHERE {quote(field('session_key').column)} = %s "
        f"AND {quote(field('expire_date').column)} > %s"
    )
