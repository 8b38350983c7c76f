"""The insight: where the groups agree. analysis.py holds the method, compute.py runs
it in the background, reading.py is what pages show of the latest run."""
