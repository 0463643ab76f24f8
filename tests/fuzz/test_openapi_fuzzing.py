"""schemathesis against each service's own OpenAPI document, with a valid token holding
every role: whatever the generated input, no 5xx and no response that breaks its schema.
Examples per operation are bounded so the whole file stays within a couple of minutes.

Each operation's cases are drawn from schemathesis' hypothesis strategy and every failure
is collected, so one run lists every operation that breaks (not only the first)."""

from __future__ import annotations

import pytest
import schemathesis
from hypothesis import HealthCheck, Phase, given, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import response_schema_conformance

from shared.testing.live_stack import SERVICES

EXAMPLES = 4
CHECKS = [not_a_server_error, response_schema_conformance]
FUZZ = settings(max_examples=EXAMPLES, deadline=None, derandomize=True, database=None,
                phases=[Phase.explicit, Phase.generate], suppress_health_check=list(HealthCheck))


def fuzz_operation(stack, service: str, operation) -> str | None:
    @FUZZ
    @given(case=operation.as_strategy())
    def run(case) -> None:
        case.call_and_validate(base_url=stack.service_urls[service], headers=stack.auth, checks=CHECKS, timeout=30)

    try:
        run()
    except Exception as exc:  # the check's own message says what broke and how to reproduce it
        return f"{operation.method.upper()} {operation.path}: {str(exc)[:1500]}"
    return None


@pytest.mark.parametrize("service", SERVICES)
def test_every_operation_answers_without_server_errors_and_within_its_schema(fuzz_stack, service):
    schema = schemathesis.openapi.from_url(f"{fuzz_stack.service_urls[service]}/openapi.json", timeout=10)
    failures, operations = [], 0
    for result in schema.get_all_operations():
        operation = result.ok()
        operations += 1
        failure = fuzz_operation(fuzz_stack, service, operation)
        if failure:
            failures.append(failure)
    assert operations > 3
    assert not failures, f"{len(failures)} of {operations} operations broke:\n\n" + "\n\n".join(failures)
