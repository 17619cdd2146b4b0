"""`make bench`: how fast the service's pages are, measured beside a floor in the same run.

Run as `python -m bench` (what `make bench` does). See `bench/__main__.py` for what it does and
`docs/decisions/0017-benchmarks.md` for why it measures this way.
"""
