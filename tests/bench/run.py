"""`python -m tests.bench.run` (what `make bench` runs): build or reuse the generated
forums, measure the reference page and every case on every forum with wrk, measure
search and similar ideas, then print one table, issue 6's targets and issue 5's numbers,
and keep the whole record as JSON in var/bench/ (results-<time>.json and latest.json).

The machine's capacity drifts over a run of several minutes, and jumps within seconds
(other work on the same two cores; a third up or down was seen here). So the whole
measurement is made in rounds (`--rounds`, four by default): each round measures the
references (see `report`) and then every case, and the references once more at the end.
Within a round a database's large and small forums are served at once and each case is
measured on one right after the other, the sizes in the opposite order to the round
before (large, small; small, large): the two measurements a large/small ratio compares
are seconds apart, and each size goes first in half the rounds. A case's requests/s is
the mean of its rounds, its p99 the worst round's; the references' mean over all their
measurements is the denominator of every share. Even so, one round's ratio for a page
doing the same work on both forums was seen anywhere from 0.65 to 1.42 here; the mean
of four rounds is √2 times steadier than that of two. Every measurement is printed, so
a drifting machine shows.
"""

import argparse
import os
import shutil
import sys
import time
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from datetime import UTC, datetime
from pathlib import Path

from tests.bench import cases, databases, insight, quality, report, similar_scale
from tests.bench.cases import CASES, Result
from tests.bench.databases import BENCH_DIR
from tests.bench.generate import SIZES
from tests.bench.server import Server, app_environment

ISSUE_5 = ("search-latency", "similar-quality")
ISSUE_15 = ("insight-compute",)
ISSUE_17 = ("similar-scale",)
ENGINES = ("sqlite", "postgresql")


def _list(text: str, allowed: tuple[str, ...], option: str) -> list[str]:
    chosen = [item.strip() for item in text.split(",") if item.strip()]
    unknown = [item for item in chosen if item not in allowed]
    if unknown:
        raise argparse.ArgumentTypeError(
            f"{option}: unknown {', '.join(unknown)} (choose from {', '.join(allowed)})"
        )
    return chosen


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m tests.bench.run", description=__doc__)
    parser.add_argument(
        "--duration", type=int, default=10, help="whole seconds of load per case (default 10)"
    )
    parser.add_argument("--connections", type=int, default=32, help="wrk connections (default 32)")
    parser.add_argument(
        "--only",
        default=",".join(CASES + ISSUE_5 + ISSUE_15 + ISSUE_17),
        help=f"comma list of cases: {', '.join(CASES + ISSUE_5 + ISSUE_15 + ISSUE_17)}",
    )
    parser.add_argument("--sizes", default="large,small", help="large,small")
    parser.add_argument(
        "--databases",
        default="sqlite,postgresql",
        help="sqlite,postgresql (PostgreSQL needs "
        f"{databases.POSTGRES_URL_ENVS[0]} or "
        f"{databases.POSTGRES_URL_ENVS[1]})",
    )
    parser.add_argument(
        "--workers",
        type=int,
        default=1,
        help="uvicorn workers (default 1: the targets are for one worker)",
    )
    parser.add_argument(
        "--rounds",
        type=int,
        default=4,
        help="rounds of the whole measurement, sizes in alternating order (default 4)",
    )
    parser.add_argument(
        "--rebuild", action="store_true", help="build the generated forums again even if cached"
    )
    args = parser.parse_args(argv)  # fmt: skip
    if args.rounds < 1:
        parser.error("--rounds: at least 1")
    try:
        args.only = _list(args.only, CASES + ISSUE_5 + ISSUE_15 + ISSUE_17, "--only")
        args.sizes = _list(args.sizes, tuple(SIZES), "--sizes")
        args.databases = _list(args.databases, ENGINES, "--databases")
    except argparse.ArgumentTypeError as error:
        parser.error(str(error))
    return args


def _engines(requested: list[str]) -> list[str]:
    chosen = []
    for engine in requested:
        if engine == "postgresql" and not databases.postgres_server_url():
            print(f"PostgreSQL skipped: set {databases.POSTGRES_URL_ENVS[0]} "
                  f"(or {databases.POSTGRES_URL_ENVS[1]}) to a server where databases may "
                  "be created.")  # fmt: skip
            continue
        chosen.append(engine)
    return chosen


def measure_reference(args, name: str, target: str, when: str) -> Result:
    """One reference page (`name`: "reference" or "fastapi") served by `target`."""
    log = BENCH_DIR / f"run-{name}" / "server.log"
    print(f"  {name:<13} ({when}) ...", end="", flush=True)
    with Server(target, workers=args.workers, log_path=log, ready_path="/") as server:
        result = cases.measure_reference(
            server, name, when, duration=args.duration, connections=args.connections
        )
    print(f" {result.rps:,.0f} requests/s, p99 {result.p99_ms:.1f} ms", flush=True)
    return result


def measure_references(args, when: str) -> list[Result]:
    return [
        measure_reference(args, "reference", "tests.bench.reference:app", when),
        measure_reference(args, "fastapi", "tests.bench.reference:fastapi_app", when),
    ]


def run_dir(forum: databases.BenchDatabase) -> Path:
    """Where a run on `forum` keeps the server's var/, its log and wrk's scripts."""
    return BENCH_DIR / f"run-{forum.engine_name}-{forum.size.name}"


@contextmanager
def serving(args, forum: databases.BenchDatabase) -> Iterator[tuple[Server, cases.Prepared]]:
    """The app served on `forum` as production serves it, with this run's sessions."""
    var_dir = run_dir(forum)
    shutil.rmtree(var_dir, ignore_errors=True)
    prepared = cases.start_sessions(forum)
    server = Server("app.main:app", workers=args.workers, log_path=var_dir / "server.log")
    server.env = app_environment(database_url=forum.url, var_dir=var_dir, port=server.port)
    with server:
        yield server, prepared


def measure_forums(args, forums: list[databases.BenchDatabase]) -> list[Result]:
    """Every selected case on one database's forums, served at once, so that a case is
    measured on each forum right after the other (in the order given): its large/small
    ratio compares two measurements seconds apart, not minutes."""
    chosen = [case for case in CASES if case in args.only]
    results = []
    with ExitStack() as stack:
        served = []
        for forum in forums:
            try:
                served.append((forum, *stack.enter_context(serving(args, forum))))
            except RuntimeError as error:  # the server did not start
                print(f"  {forum.label}: {error}", flush=True)
                results += [
                    Result.failure(case, forum.engine_name, forum.size.name, str(error))
                    for case in chosen
                ]  # fmt: skip
        for case in chosen:
            for forum, server, prepared in served:
                results.append(cases.measure_case(
                    server, forum, prepared, case, duration=args.duration,
                    connections=args.connections, script_dir=run_dir(forum) / "lua",
                ))  # fmt: skip
    # The servers have stopped, so every vote in flight has been answered and stored.
    by_size = {forum.size.name: forum for forum in forums}
    for result in results:
        if result.case in ("vote", "stance") and not result.failed:
            cases.check_votes(by_size[result.size], result)
    return results


def build_forums(args, engines: list[str]) -> dict:
    forums = {}
    for engine in engines:
        for size in args.sizes:
            forum = databases.ensure(engine, SIZES[size], rebuild=args.rebuild)
            forums[engine, size] = forum
            print(f"{forum.label}: {forum.url} (built {forum.info['built_at']} "
                  f"in {forum.info['build_seconds']:.0f} s)", flush=True)  # fmt: skip
    return forums


def measure_issue_5(args, engines: list[str], forums: dict) -> tuple[dict, dict]:
    search, similar = {}, {}
    for engine in engines:
        if "search-latency" in args.only:
            size = "large" if "large" in args.sizes else args.sizes[0]
            print(f"  search latency on {engine} {size} ...", flush=True)
            search[f"{engine}-{size}"] = quality.search_latency(forums[engine, size])
        if "similar-quality" in args.only:
            print(f"  similar-ideas quality on {engine} ...", flush=True)
            similar[engine] = quality.similar_quality(engine)
    return search, similar


def print_results(engines: list[str], results: list[Result], reference: list[Result]) -> list:
    """The table, what failed, and the targets; returns the targets' verdicts."""
    print()
    print(report.table(results, reference))
    for result in results:
        if result.failed:
            print(f"FAILED {result.case} {result.db} {result.size}: {result.failed}")
        for problem in result.problems[:10]:
            print(f"{result.case} {result.db} {result.size}: {problem}")
    checks = []
    for engine in engines:
        engine_checks = report.targets(results, reference, engine)
        report.print_targets(engine_checks, information=engine != "sqlite")
        checks += engine_checks
    return checks


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    if not shutil.which("wrk"):
        print("wrk is not installed: `make bench` installs it (apt-get install wrk).")
        return 2
    started = time.monotonic()
    started_at = datetime.now(UTC)
    engines = _engines(args.databases)
    print(f"Common Ground benchmark: {', '.join(engines)}; sizes {', '.join(args.sizes)}; "
          f"{args.duration} s per case at {args.connections} connections; "
          f"{args.workers} worker(s)", flush=True)  # fmt: skip
    forums = build_forums(args, engines)
    computed = {}
    if "insight-compute" in args.only or "insight" in args.only:
        print("\nAnalysing each forum's answers (compute-insight) ...", flush=True)
        for forum in forums.values():
            computed[forum.label] = insight.compute(forum)
            print(f"  {forum.label}: {computed[forum.label]}", flush=True)

    load = ", ".join(f"{n:.1f}" for n in os.getloadavg())
    print(f"\nMeasuring ({os.cpu_count()} CPUs; load average {load}: other work on the machine "
          "slows every case and the references alike)", flush=True)  # fmt: skip
    load_cases = any(case in args.only for case in CASES)
    reference: list[Result] = []
    results: list[Result] = []
    for round_ in range(args.rounds if load_cases else 0):
        print(f"\nRound {round_ + 1} of {args.rounds}", flush=True)
        reference += measure_references(args, f"round {round_ + 1}")
        sizes = args.sizes if round_ % 2 == 0 else args.sizes[::-1]
        for engine in engines:
            results += measure_forums(args, [forums[engine, size] for size in sizes])
    if load_cases:
        reference += measure_references(args, "end")
        results = cases.combine(results)
    search, similar = measure_issue_5(args, engines, forums)
    scale = {}
    if "similar-scale" in args.only:
        for engine in engines:
            print(f"  similar ideas at {similar_scale.IDEAS:,} ideas on {engine} ...", flush=True)
            scale[engine] = similar_scale.similar_scale(engine)

    checks = print_results(engines, results, reference) if load_cases else []
    if args.workers != 1:
        print(f"(measured with {args.workers} workers; the targets are stated for one)")
    if search or similar:
        report.print_search(search, similar)
    if computed:
        insight.print_compute(computed)
    if scale:
        similar_scale.print_scale(scale)

    record = {
        "started_at": started_at.isoformat(timespec="seconds"),
        "seconds": round(time.monotonic() - started),
        "options": vars(args),
        "machine": report.machine(),
        "revision": databases.head_revision(),
        "forums": {
            forum.label: {k: v for k, v in forum.info.items() if k not in ("vote_members",)}
            | {"url": forum.url}
            for forum in forums.values()
        },
        "reference": {
            "mean_rps": report.reference_means(reference),
            "runs": [report.result_record(r, [], reference) for r in reference],
        },
        "results": [report.result_record(r, results, reference) for r in results],
        "targets": checks,
        "search_latency": search,
        "similar_quality": similar,
        "insight_compute": computed,
        "similar_scale": scale,
    }
    path = report.write_json(BENCH_DIR, record)
    print(f"\nWritten {path.relative_to(BENCH_DIR.parent.parent)} and var/bench/latest.json "
          f"({time.monotonic() - started:.0f} s in all)")  # fmt: skip
    return 0


if __name__ == "__main__":
    sys.exit(main())
