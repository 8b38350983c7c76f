"""The table, issue 6's targets, and the JSON record of a run.

Requests per second depend on the machine and on whatever else it is doing; a share of
a reference page measured in the same run, and the ratio of a case's speed on the large
forum to its speed on the small one, are what carry over. Both are computed here.

Two references are measured. The ceiling (`reference`, a raw ASGI callable) is the
denominator of "% of ref", as issue 6 defines it. The same page from a minimal FastAPI
app (`fastapi`) is the reference issue 6's "Why" and shared/PERFORMANCE.md quote numbers
against (about 4,000 requests/s there); on a machine where raw ASGI is several times
faster than FastAPI, the two give very different shares, so both are printed and each
target is judged against both. The targets are for one worker on SQLite; the same checks
are printed for PostgreSQL as information. A FAIL is printed, never raised.
"""

import json
import os
import platform
from dataclasses import asdict
from datetime import datetime
from pathlib import Path

from tests.bench.cases import CASES, Result

REFERENCES = ("reference", "fastapi")
PAGES = ("ideas-anon", "ideas-member", "idea", "landing", "search", "insight", "api-ideas",
         "profile")  # fmt: skip
P99_LIMIT_MS = 100.0
SIZE_RATIO_MIN = 0.90
SHARE_TARGETS = (
    ("ideas-anon", 50.0, "/ideas anonymous ≥ 50% of the reference"),
    ("ideas-member", 15.0, "/ideas signed in ≥ 15% of the reference"),
    ("idea", 15.0, "/ideas/{id} (50 comments) ≥ 15% of the reference"),
    # Issue 15: /insight "at the speed of other cached pages", the anonymous list's.
    ("insight", 50.0, "/insight anonymous ≥ 50% of the reference"),
)
VOTE_SHARE = 10.0


def reference_means(reference: list[Result]) -> dict[str, float]:
    """Mean requests/s of each reference over its measurements (every round and the end)."""
    means = {}
    for name in REFERENCES:
        runs = [r.rps for r in reference if r.case == name and not r.failed]
        if runs:
            means[name] = sum(runs) / len(runs)
    return means


def share(result: Result, reference_rps: float | None) -> float | None:
    if not reference_rps or result.failed:
        return None
    return 100.0 * result.rps / reference_rps


def size_ratio(result: Result, results: list[Result]) -> float | None:
    if result.size != "large" or result.failed:
        return None
    small = next(
        (r for r in results if (r.case, r.db, r.size) == (result.case, result.db, "small")), None
    )
    return result.rps / small.rps if small and small.rps and not small.failed else None


def _pct(value: float | None) -> str:
    return "" if value is None else f"{value:.1f}%"


def _cpu(result: Result) -> str:
    return f"{result.cpu_ms_per_request:.2f}" if result.cpu_ms_per_request is not None else ""


def table(results: list[Result], reference: list[Result]) -> str:
    means = reference_means(reference)
    ref, fastapi = means.get("reference"), means.get("fastapi")
    header = ("case", "db", "size", "requests/s", "p50 ms", "p99 ms", "% of ref",
              "% of FastAPI", "large/small", "cpu ms/req", "errors")  # fmt: skip
    rows = []
    for r in reference:
        rows.append((f"{r.case} ({r.size})", "-", "-", f"{r.rps:,.0f}", f"{r.p50_ms:.2f}",
                     f"{r.p99_ms:.2f}", _pct(share(r, ref)), _pct(share(r, fastapi)), "",
                     _cpu(r), str(r.errors)))  # fmt: skip
    order = {case: n for n, case in enumerate(CASES)}
    for r in sorted(results, key=lambda r: (order[r.case], r.db != "sqlite", r.size != "large")):
        if r.failed:
            rows.append((r.case, r.db, r.size, "-", "-", "-", "-", "-", "", "", "FAILED (below)"))
            continue
        ratio = size_ratio(r, results)
        errors = str(r.errors)
        if r.lost_votes is not None:
            errors += f", lost votes {r.lost_votes}"
        rows.append((r.case, r.db, r.size, f"{r.rps:,.0f}", f"{r.p50_ms:.2f}", f"{r.p99_ms:.2f}",
                     _pct(share(r, ref)), _pct(share(r, fastapi)),
                     f"{ratio:.2f}" if ratio is not None else "", _cpu(r), errors))  # fmt: skip
    widths = [max(len(str(row[i])) for row in [header, *rows]) for i in range(len(header))]
    numeric = set(range(3, 10))

    def line(row) -> str:
        cells = [
            str(c).rjust(w) if i in numeric else str(c).ljust(w)
            for i, (c, w) in enumerate(zip(row, widths, strict=True))
        ]
        return "  ".join(cells).rstrip()

    rule = "  ".join("-" * w for w in widths)
    summary = [
        f"{name}: {means[name]:,.0f} requests/s, mean of "
        + ", ".join(f"{r.rps:,.0f} ({r.size})" for r in reference if r.case == name)
        for name in REFERENCES
        if name in means
    ]
    return "\n".join([line(header), rule, *(line(row) for row in rows), "", *summary])


def targets(results: list[Result], reference: list[Result], db: str) -> list[dict]:
    """Issue 6's targets on one database, each judged against both references: a
    `status` per reference (PASS, FAIL or "not measured") and the values judged."""
    means = reference_means(reference)
    mine = [r for r in results if r.db == db]
    checks = []

    def check(name: str, judged: dict[str, list[tuple[str, bool]]]) -> None:
        status = {
            ref: "not measured" if not items else
                 "PASS" if all(ok for _, ok in items) else "FAIL"
            for ref, items in judged.items()
        }  # fmt: skip
        values = [value for value, _ in judged["reference"]]
        checks.append({"target": name, "db": db, "status": status, "values": values})

    def by_share(case: str, minimum: float, extra=None) -> dict[str, list[tuple[str, bool]]]:
        judged: dict[str, list[tuple[str, bool]]] = {ref: [] for ref in REFERENCES}
        for r in (r for r in mine if r.case == case):
            shares = {ref: share(r, means.get(ref)) for ref in REFERENCES}
            text = f"{r.size} " + " / ".join(_pct(shares[ref]) or "failed" for ref in REFERENCES)
            ok_extra, note = extra(r) if extra else (True, "")
            for ref in REFERENCES:
                ok = shares[ref] is not None and shares[ref] >= minimum and ok_extra
                judged[ref].append((text + note, ok))
        return judged

    for case, minimum, name in SHARE_TARGETS:
        check(name, by_share(case, minimum))

    def vote_correct(r: Result) -> tuple[bool, str]:
        return r.errors == 0 and r.lost_votes == 0, f", errors {r.errors}, lost {r.lost_votes}"

    check("vote POST ≥ 10% of the reference, with no error and no lost vote",
          by_share("vote", VOTE_SHARE, vote_correct))  # fmt: skip
    check("stance POST ≥ 10% of the reference, with no error and no lost answer",
          by_share("stance", VOTE_SHARE, vote_correct))  # fmt: skip

    same: list[tuple[str, bool]] = []
    for r in (r for r in mine if r.case in PAGES and r.size == "large"):
        ratio = size_ratio(r, results)
        if ratio is not None:
            same.append((f"{r.case} {ratio:.2f}", ratio >= SIZE_RATIO_MIN))
        elif r.failed:
            same.append((f"{r.case} failed", False))
    check("every page on the large forum ≥ 90% of its speed on the small one",
          dict.fromkeys(REFERENCES, same))  # fmt: skip
    p99 = [
        (f"{r.case} {r.size} failed", False)
        if r.failed
        else (f"{r.case} {r.size} {r.p99_ms:.0f} ms", r.p99_ms < P99_LIMIT_MS)
        for r in mine
    ]
    check("p99 < 100 ms for every case", dict.fromkeys(REFERENCES, p99))
    return checks


def print_targets(checks: list[dict], *, information: bool) -> None:
    if not checks:
        return
    db = checks[0]["db"]
    purpose = "information; the targets are for SQLite" if information else "the targets"
    print(f"\nIssue 6 targets on {db}, one worker ({purpose}).")
    print("Status against the ASGI reference / the FastAPI page; shares listed in that order:")
    for item in checks:
        status = " / ".join(item["status"][ref] for ref in REFERENCES)
        if len(set(item["status"].values())) == 1:
            status = item["status"]["reference"]
        print(f"  {status:<13} {item['target']}")
        if item["values"]:
            print(f"  {'':<13}   {'; '.join(item['values'])}")


def print_search(search: dict, quality: dict) -> None:
    print("\nIssue 5: search and similar ideas")
    for db, numbers in search.items():
        s, m = numbers["search"], numbers["similar"]
        print(f"  search_ideas on {db}: median {s['median_ms']:.1f} ms, p95 {s['p95_ms']:.1f} ms,"
              f" max {s['max_ms']:.1f} ms over {s['count']} queries "
              f"({s['queries_with_results']} with results)")  # fmt: skip
        print(f"  similar_ideas on {db} (a new idea's title): median {m['median_ms']:.1f} ms, "
              f"p95 {m['p95_ms']:.1f} ms over {m['count']} titles")  # fmt: skip
    for db, q in quality.items():
        c = q["confirmation"]
        print(
            f"  similar ideas on {db}, {q['duplicate_pairs']} duplicate pairs and "
            f"{q['near_miss_pairs']} near misses ({q['ideas']} ideas): "
            f"precision@5 {q['precision_at_5']:.2f}, partner in the top five "
            f"{q['recall_at_5']:.2f} (target 0.95), first {q['first']:.2f} (target 0.80)"
        )
        print(f"    confirmation step at similarity ≥ {c['threshold']}: precision "
              f"{_maybe(c['precision'])}, duplicates warned {c['recall']:.0%} (target 80%), "
              f"near misses warned {c['near_miss_false_alarm_rate']:.0%}, new proposals "
              f"warned {c['new_proposals_warned']:.0%} (target at most 10%)")  # fmt: skip


def _maybe(value: float | None) -> str:
    return "n/a" if value is None else f"{value:.2f}"


def write_json(folder: Path, record: dict) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
    path = folder / f"results-{stamp}.json"
    text = json.dumps(record, indent=1, default=str)
    path.write_text(text)
    (folder / "latest.json").write_text(text)
    return path


def machine() -> dict:
    return {
        "cpus": os.cpu_count(),
        "python": platform.python_version(),
        "platform": platform.platform(),
        "load_average": os.getloadavg(),
    }


def result_record(result: Result, results: list[Result], reference: list[Result]) -> dict:
    means = reference_means(reference)
    record = asdict(result)
    for name in REFERENCES:
        value = share(result, means.get(name))
        record[f"share_of_{name}_pct"] = None if value is None else round(value, 2)
    record["large_small_ratio"] = size_ratio(result, results)
    return record
