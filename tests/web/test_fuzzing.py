"""schemathesis against every route of the app, HTML forms included (issue 21): the
full OpenAPI schema is built here from the app's own routes (`/openapi.json` serves only
the JSON API's), and generated requests, valid and invalid, are sent to each operation
as an anonymous visitor, a member and a moderator. None may meet a server error, and
the server's log must hold no traceback.

Bounded: EXAMPLES per operation and mode, each sent once per visitor, so a database's
run takes a few minutes. (schemathesis's pytest plugin does not run under pytest 9
yet; each operation's strategy is run with Hypothesis directly, as tests/api does.)"""

import logging
from contextlib import suppress

import pytest
import schemathesis
from fastapi.openapi.utils import get_openapi
from hypothesis import HealthCheck, given, settings
from hypothesis.errors import Unsatisfiable
from schemathesis.generation.modes import GenerationMode

from app.db import open_session
from app.security import CSRF_COOKIE, SESSION_COOKIE
from app.services.accounts import sessions
from tests.conftest import TEST_CSRF, app_for, end_test_transactions, fuzz_examples
from tests.factories import make_admin, make_comment, make_idea, make_user

EXAMPLES = fuzz_examples(2)
CHECKS = [schemathesis.checks.not_a_server_error]

pytestmark = pytest.mark.slow


def full_schema(app) -> dict:
    """The OpenAPI schema of every route of the app (pages, forms, feeds; not the API,
    which has its own schema and fuzzer)."""
    return get_openapi(title="Common Ground, every route", version="1", routes=app.routes)


@pytest.fixture
def fuzzed_app(settings, engine):
    # Errors are not raised again here: the page answers, and the log is what we read.
    with app_for(settings.model_copy(update={"raise_server_errors": False}), engine) as app:
        yield app


def _signed_in(app, user) -> dict:
    with open_session(app.state.engine) as session:
        token = sessions.start_session(session=session, user=user, days=1)
    return {
        "Cookie": f"{SESSION_COOKIE}={token}; {CSRF_COOKIE}={TEST_CSRF}",
        "X-CSRF-Token": TEST_CSRF,
    }


def _fuzz(operation, mode: GenerationMode, visitors: list[dict]) -> int:
    sent = 0

    @given(case=operation.as_strategy(generation_mode=mode))
    @settings(
        max_examples=EXAMPLES, deadline=None, database=None,
        suppress_health_check=list(HealthCheck),
    )  # fmt: skip
    def run(case):
        nonlocal sent
        for headers in visitors:
            end_test_transactions()
            case.call_and_validate(headers=headers, checks=CHECKS)
            sent += 1

    with suppress(Unsatisfiable):  # an operation that takes nothing has no invalid request
        run()
    return sent


def test_no_generated_request_to_any_route_meets_a_server_error(fuzzed_app, session, caplog):
    member = make_user(session, established=True)
    moderator = make_admin(session)
    idea = make_idea(session, author=member)
    make_comment(session, idea=idea, author=member)

    def visitors():
        # Fresh sessions for each operation: one may sign out or suspend the member.
        return [
            {"X-CSRF-Token": TEST_CSRF, "Cookie": f"{CSRF_COOKIE}={TEST_CSRF}"},
            _signed_in(fuzzed_app, member),
            _signed_in(fuzzed_app, moderator),
        ]

    schema = schemathesis.openapi.from_dict(full_schema(fuzzed_app))
    schema.app = fuzzed_app
    schema.location = "/openapi-every-route.json"
    operations = [result.ok() for result in schema.get_all_operations()]
    assert len(operations) >= 100

    caplog.set_level(logging.ERROR)
    sent = 0
    for operation in operations:
        signed_in = visitors()
        sent += _fuzz(operation, GenerationMode.POSITIVE, signed_in)
        sent += _fuzz(operation, GenerationMode.NEGATIVE, signed_in)

    tracebacks = [r for r in caplog.records if r.exc_info or "Traceback" in r.getMessage()]
    assert tracebacks == [], [r.getMessage() for r in tracebacks]
    print(f"\nfuzzed {len(operations)} operations with {sent} requests")
