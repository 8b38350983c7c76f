"""The insight's analysis on a generated forum (issue 15's target: the large forum in under
60 s and 2 GB on a 2-core machine): `commonground compute-insight`'s work run in a
process of its own, as the worker or the command would, timing it and reading its peak
memory (its own ru_maxrss, so nothing of this process is counted)."""

import json
import os
import subprocess
import sys
import time

from tests.bench.databases import BENCH_DIR, BenchDatabase

SECONDS_TARGET = 60.0
MEMORY_TARGET_MB = 2048.0

_CHILD = """
import json, resource, time
from app.config import get_settings
from app.db import make_engine, open_session
from app.services.insight import compute
settings = get_settings()
engine = make_engine(settings.database_url, pool_size=2)
started = time.perf_counter()
with open_session(engine) as session:
    run = compute.compute_insight(session=session, settings=settings)
seconds = time.perf_counter() - started
peak_kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
print(json.dumps({"seconds": seconds, "peak_mb": peak_kb / 1024, "members": run.members,
                  "clustered": run.clustered, "ideas": run.ideas, "answers": run.answers,
                  "groups": run.silhouette is not None}))
"""


def compute(forum: BenchDatabase) -> dict:
    """Run the analysis on `forum` (its results stay, for the `insight` page case)."""
    env = {
        **os.environ,
        "COMMONGROUND_DATABASE_URL": forum.url,
        "COMMONGROUND_ENV": "development",
        "COMMONGROUND_VAR_DIR": str(BENCH_DIR / f"insight-{forum.label}"),
    }
    started = time.monotonic()
    done = subprocess.run(  # noqa: S603 - our own interpreter and script
        [sys.executable, "-c", _CHILD], env=env, capture_output=True, text=True, check=False
    )
    if done.returncode != 0:
        return {"failed": done.stderr.strip().splitlines()[-1] if done.stderr else "failed"}
    found = json.loads(done.stdout.strip().splitlines()[-1])
    found["wall_seconds"] = time.monotonic() - started
    return found


def print_compute(results: dict[str, dict]) -> None:
    print("\nIssue 15: compute-insight (one process; targets for the large forum)")
    for label, found in results.items():
        if "failed" in found:
            print(f"  {label}: FAILED {found['failed']}")
            continue
        verdict = ""
        if label.endswith("large"):
            fast = found["seconds"] < SECONDS_TARGET
            small = found["peak_mb"] < MEMORY_TARGET_MB
            verdict = f"  {'PASS' if fast and small else 'FAIL'} (< 60 s, < 2 GB)"
        print(
            f"  {label}: {found['seconds']:.1f} s, peak {found['peak_mb']:,.0f} MB; "
            f"{found['members']:,} members ({found['clustered']:,} in groups), "
            f"{found['ideas']:,} ideas, {found['answers']:,} answers{verdict}"
        )
