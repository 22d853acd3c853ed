"""Django's database sessions (the same table, data and expiry), read with one statement
written once: the ORM spent about half a millisecond building the lookup under every page a
signed-in person opens (``lib.rows`` says why). Set as ``SESSION_ENGINE``."""

from functools import cache

from django.contrib.sessions.backends.db import SessionStore as DatabaseStore
from django.contrib.sessions.models import Session
from django.db import connection
from django.utils import timezone


@cache
def _session_sql() -> str:
    quote = connection.ops.quote_name
    return (
        f"SELECT {quote('session_data')} FROM {quote(Session._meta.db_table)} "
        f"WHERE {quote('session_key')} = %s AND {quote('expire_date')} > %s"
    )


class SessionStore(DatabaseStore):
    def _get_session_from_db(self) -> Session | None:
        if self.session_key is None:  # none sent, or not a key at all
            return None
        with connection.cursor() as cursor:
            now = connection.ops.adapt_datetimefield_value(timezone.now())
            cursor.execute(_session_sql(), [self.session_key, now])
            row = cursor.fetchone()
        if row is None:  # unknown or expired: a new session, as Django's own store does
            self._session_key = None
            return None
        # What ``load`` reads of it.
        return Session(session_key=self.session_key, session_data=row[0])
