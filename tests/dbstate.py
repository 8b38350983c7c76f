"""The database as tests see it: every row as comparable values, for tests that check a
request changed nothing, and the statements run while a test does something."""

from sqlalchemy import event
from sqlmodel import SQLModel


def snapshot(engine) -> dict:
    """Every row of every table: a request that must change nothing leaves this equal."""
    with engine.connect() as connection:
        return {
            table.name: sorted(map(repr, connection.execute(table.select())))
            for table in SQLModel.metadata.sorted_tables
        }


class Statements:
    """The SQL statements run on `engine` while in the `with` block, in order: `seen` the
    statements, `run` each with its parameters. Transaction control and PRAGMAs are left
    out."""

    def __init__(self, engine) -> None:
        self.engine, self.run = engine, []

    @property
    def seen(self) -> list[str]:
        return [statement for statement, _parameters in self.run]

    def _note(self, _conn, _cursor, statement, parameters, *_args) -> None:
        if not statement.lstrip().upper().startswith(("BEGIN", "ROLLBACK", "COMMIT", "PRAGMA")):
            self.run.append((statement, parameters))

    def __enter__(self) -> "Statements":
        event.listen(self.engine, "before_cursor_execute", self._note)
        return self

    def __exit__(self, *_exc) -> None:
        event.remove(self.engine, "before_cursor_execute", self._note)
