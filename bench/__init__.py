"""Benchmarks (`make bench`): ingest, query latency, memory and start-up at 1x, 10x and 100x.

Not timed tests: figures on a shared 2-core machine swing 2-4x between runs, so the run prints a
table and writes JSON for a reader to compare, and asserts nothing.
"""
