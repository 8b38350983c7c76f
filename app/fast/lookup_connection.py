"""The fast lane's own database connection for its lookups on the event loop."""

from sqlalchemy import Engine


class LookupConnection:
    """One DBAPI connection, held by one part of the fast lane, for the one-statement
    lookups it makes on the event loop: waiting there for a connection from the pool could
    wait for one only the event loop can give back.

    It is in autocommit: each lookup is its own transaction, with no BEGIN and ROLLBACK
    around it (a round trip each on PostgreSQL), and no snapshot is left open between
    requests. It never goes back to the pool in that state: `close` closes it, and the next
    `get` opens another (after a database error, say)."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine
        self._connection = None

    def get(self):
        if self._connection is None:
            self._connection = self.engine.raw_connection()
            dbapi_connection = self._connection.dbapi_connection
            self.engine.dialect.set_isolation_level(dbapi_connection, "AUTOCOMMIT")
        return self._connection.dbapi_connection

    def close(self) -> None:
        if self._connection is not None:
            self._connection.invalidate()  # closed, not handed back in a state of ours
            self._connection = None
