"""Handing an answer back to FastAPI."""

from sqlmodel import Session


def answer(session: Session, value):
    """`value`, with the request's read transaction ended first. FastAPI checks a route's
    answer against its model in another thread-pool slot, and a request must never hold a
    database connection while it waits for one (app/deps.py, get_session): with every
    thread waiting for a connection that such a request holds, the worker would stall."""
    session.commit()
    return value
