"""Bundled synthetic ticket exports (for `make demo` and the benchmarks)."""
