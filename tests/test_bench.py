"""The bench's own arithmetic: one result per case from its rounds (tests/bench)."""

from tests.bench.cases import Result, combine


def _round(rps: float, p99: float, **extra) -> Result:
    return Result(case="vote", db="sqlite", size="large", rps=rps, p50_ms=rps / 100,
                  p99_ms=p99, latency_ms={"50": rps / 100, "99": p99}, requests=int(rps),
                  statuses={"303": int(rps)}, cpu_ms_per_request=0.5, **extra)  # fmt: skip


def test_rounds_give_the_mean_rate_and_the_worst_tail():
    (result,) = combine([_round(1000, 40, lost_votes=0, errors=1),
                         _round(3000, 90, lost_votes=2, socket_errors={"timeout": 3})])  # fmt: skip

    assert result.rps == 2000 and result.p50_ms == 20
    assert result.p99_ms == 90 and result.latency_ms == {"50": 30, "99": 90}
    assert result.rounds_rps == [1000, 3000] and result.requests == 4000
    assert result.statuses == {"303": 4000} and result.socket_errors == {"timeout": 3}
    assert result.errors == 1 and result.lost_votes == 2


def test_a_case_that_failed_in_any_round_is_failed():
    failed = Result.failure("vote", "sqlite", "large", "the server died")
    other = Result(case="vote", db="sqlite", size="small", rps=5.0, p50_ms=1.0, p99_ms=2.0)

    large, small = combine([_round(1000, 40), failed, other])

    assert large is failed
    assert small.failed is None and small.rps == 5.0 and small.rounds_rps == [5.0]


def test_the_scaling_table_gives_each_worker_count_its_speed_up_over_one():
    from tests.bench.scaling import table

    results = [
        Result(case="ideas-anon", db="postgresql", size="1", rps=1000.0),
        Result(case="ideas-anon", db="postgresql", size="2", rps=1800.0),
        Result(case="vote", db="postgresql", size="1", rps=200.0, lost_votes=0),
        Result.failure("vote", "postgresql", "2", "the server died"),
    ]
    printed = table(results, {1: "server on cores [0], wrk on [1]", 2: "not pinned"})

    assert "| ideas-anon | 1,000 (×1.00) | 1,800 (×1.80) |" in printed
    assert "| vote | 200 (×1.00) | failed |" in printed
    assert "| ideas-member | — | — |" in printed
    assert "2 worker(s): not pinned" in printed
