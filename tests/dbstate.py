"""The whole database as comparable values, for tests that check a request changed nothing."""

from sqlmodel import SQLModel


def snapshot(engine) -> dict:
    """Every row of every table: a request that must change nothing leaves this equal."""
    with engine.connect() as connection:
        return {
            table.name: sorted(map(repr, connection.execute(table.select())))
            for table in SQLModel.metadata.sorted_tables
        }
