"""Worker scaling: `python -m tests.bench.scaling` (`make bench BENCH_CASES=scaling`).

The same cases as the main bench (the anonymous list, the signed-in list, a vote) on
PostgreSQL with Redis as the shared state, served by 1, 2 and 4 uvicorn workers: the
configuration the README recommends for an organisation that outgrows one process. It
prints requests/s per worker count and the speed-up over one worker.

Placing the load generator: wrk needs a core too. When the machine has more cores than
a row's worker count, the server's processes are pinned to the first cores and this
process (so wrk, which it starts) to the rest, and the two never compete; otherwise (a
2-core machine with 2 or 4 workers) nothing is pinned and the table says so, because then
more workers than free cores measure contention, not scale. PostgreSQL and Redis are
never pinned: they are what the workers share.
"""

import argparse
import os
import shutil
import sys
import tempfile
from contextlib import contextmanager
from pathlib import Path

from tests.bench import cases, databases
from tests.bench.cases import Result
from tests.bench.generate import SIZES
from tests.bench.run import run_dir
from tests.bench.server import Server, app_environment, process_tree
from tests.redis_server import RedisServer

WORKERS = (1, 2, 4)
SCALING_CASES = ("ideas-anon", "ideas-member", "vote")


def parse_args(argv) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m tests.bench.scaling", description=__doc__)
    parser.add_argument("--workers", default=",".join(map(str, WORKERS)), help="e.g. 1,2,4")
    parser.add_argument("--duration", type=int, default=10, help="seconds per case")
    parser.add_argument("--connections", type=int, default=32, help="wrk connections")
    parser.add_argument("--size", default="small", choices=sorted(SIZES))
    args = parser.parse_args(argv)
    args.workers = [int(n) for n in args.workers.split(",") if n.strip()]
    return args


def place(server: Server, workers: int) -> str:
    """Pin the running server and wrk apart when there are cores enough; say how."""
    every = sorted(os.sched_getaffinity(0) | set(range(os.cpu_count() or 1)))
    if len(every) <= workers:
        os.sched_setaffinity(0, every)
        return f"not pinned: {len(every)} cores for {workers} worker(s) and wrk"
    server_cores, load_cores = every[:workers], every[workers:]
    for pid in process_tree(server.process.pid):
        os.sched_setaffinity(pid, server_cores)
    os.sched_setaffinity(0, load_cores)  # wrk, started from here, inherits it
    return f"server on cores {server_cores}, wrk on {load_cores}"


@contextmanager
def redis_for_bench():
    """A private Redis, so the measurement neither reads nor clears anyone else's keys."""
    with tempfile.TemporaryDirectory(prefix="cg-bench-redis-") as folder:
        server = RedisServer(Path(folder))
        server.start()
        try:
            yield server
        finally:
            server.stop()


def measure_workers(args, forum, redis_url: str, workers: int) -> tuple[list[Result], str]:
    var_dir = run_dir(forum) / f"scaling-{workers}"
    shutil.rmtree(var_dir, ignore_errors=True)
    prepared = cases.start_sessions(forum)
    server = Server("app.main:app", workers=workers, log_path=var_dir / "server.log")
    server.env = app_environment(database_url=forum.url, var_dir=var_dir, port=server.port)
    server.env["COMMONGROUND_REDIS_URL"] = redis_url
    results = []
    with server:
        placed = place(server, workers)
        for case in SCALING_CASES:
            result = cases.measure_case(
                server, forum, prepared, case, duration=args.duration,
                connections=args.connections, script_dir=var_dir / "lua",
            )  # fmt: skip
            result.size = str(workers)
            results.append(result)
    for result in results:
        if result.case == "vote" and not result.failed:
            cases.check_votes(forum, result)
    return results, placed


def table(results: list[Result], placed: dict[int, str]) -> str:
    by = {(r.case, int(r.size)): r for r in results}
    counts = sorted(placed)
    header = "| case | " + " | ".join(f"{n} worker(s) req/s (speed-up)" for n in counts) + " |"
    lines = [header, "|---" * (len(counts) + 1) + "|"]
    for case in SCALING_CASES:
        one = by.get((case, counts[0]))
        cells = []
        for n in counts:
            result = by.get((case, n))
            if result is None or result.failed:
                cells.append("failed" if result else "—")
                continue
            speedup = result.rps / one.rps if one and one.rps and not one.failed else None
            cells.append(f"{result.rps:,.0f} (×{speedup:.2f})" if speedup else f"{result.rps:,.0f}")
        lines.append(f"| {case} | " + " | ".join(cells) + " |")
    lines.append("")
    lines += [f"{n} worker(s): {how}" for n, how in sorted(placed.items())]
    lost = sum(r.lost_votes or 0 for r in results)
    lines.append(f"votes lost or counted twice: {lost}")
    return "\n".join(lines)


def main(argv=None) -> int:
    args = parse_args(argv)
    if not shutil.which("wrk") or not shutil.which("redis-server"):
        print("worker scaling needs wrk and redis-server: skipped")
        return 0
    if not databases.postgres_server_url():
        print(f"worker scaling skipped: set {databases.POSTGRES_URL_ENVS[0]} (PostgreSQL)")
        return 0
    forum = databases.ensure("postgresql", SIZES[args.size], rebuild=False)
    print(f"Worker scaling on {forum.label} with Redis ({os.cpu_count()} cores; load average "
          f"{', '.join(f'{n:.1f}' for n in os.getloadavg())})", flush=True)  # fmt: skip
    results, placed = [], {}
    with redis_for_bench() as redis:
        for workers in args.workers:
            print(f" {workers} worker(s):", flush=True)
            measured, placed[workers] = measure_workers(args, forum, redis.url, workers)
            results += measured
    print()
    print(table(results, placed))
    return 0


if __name__ == "__main__":
    sys.exit(main())
