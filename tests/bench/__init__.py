"""`make bench`: the benchmark suite of issue 6 (and issue 5's search measurements).

Generated forums (100,000 ideas and 1,000,000 votes, and a small one to compare with)
are built once per schema revision and kept under var/bench/ (SQLite) or as databases on
the PostgreSQL server; the app is served by uvicorn exactly as production serves it and
loaded with wrk, next to a minimal ASGI page measured in the same run: absolute numbers
move from machine to machine, the shares of that ceiling are what we compare.

Modules: `words` (vocabulary), `generate` (the rows), `databases` (building and caching),
`server` (uvicorn), `wrk`, `reference` (the ceiling), `cases` (what is measured),
`quality` (search latency and similar-ideas quality), `report`, and `run` (the command).
No file here starts with `test_`: pytest must not collect the benchmark.
"""
