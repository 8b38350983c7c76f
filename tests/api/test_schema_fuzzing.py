"""schemathesis against /openapi.json: generated requests to every operation, valid and
invalid, with a read token and with a write token, must never meet a server error, and
every answer (status, content type, headers, body) must be what the schema says; invalid
input must be refused. Bounded: EXAMPLES per operation and mode, so a database's run
takes about a minute.

(schemathesis's own pytest plugin, `from_fixture`, does not run under pytest 9 yet, so
each operation's strategy is run here with Hypothesis directly.)"""

import schemathesis
from hypothesis import HealthCheck, given, settings
from hypothesis.errors import Unsatisfiable
from schemathesis.generation.modes import GenerationMode
from schemathesis.specs.openapi import checks

from tests.conftest import end_test_transactions, fuzz_examples

EXAMPLES = fuzz_examples(10)
CHECKS = [
    schemathesis.checks.not_a_server_error,
    checks.status_code_conformance,
    checks.content_type_conformance,
    checks.response_headers_conformance,
    checks.response_schema_conformance,
]
NEGATIVE_CHECKS = [*CHECKS, checks.negative_data_rejection]


def _fuzz(operation, mode: GenerationMode, mode_checks: list, auths: list[dict]) -> None:
    @given(case=operation.as_strategy(generation_mode=mode))
    @settings(
        max_examples=EXAMPLES, deadline=None, database=None,
        suppress_health_check=list(HealthCheck),
    )  # fmt: skip
    def run(case):
        for headers in auths:
            end_test_transactions()
            case.call_and_validate(headers=headers, checks=mode_checks)

    try:
        run()
    except Unsatisfiable:
        # An operation that takes nothing (GET /statuses) has no invalid request to make.
        assert mode == GenerationMode.NEGATIVE, operation.label


def test_every_operation_answers_as_its_schema_says(app, api_world):
    schema = schemathesis.openapi.from_asgi("/openapi.json", app)
    operations = [result.ok() for result in schema.get_all_operations()]
    auths = [api_world.auth("read"), api_world.auth("write")]

    assert len(operations) >= 20
    for operation in operations:
        _fuzz(operation, GenerationMode.POSITIVE, CHECKS, auths)
        _fuzz(operation, GenerationMode.NEGATIVE, NEGATIVE_CHECKS, auths)
