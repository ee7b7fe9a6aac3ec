"""Benchmarks of Clio: a synthetic history generator, load and memory, in-process and HTTP timings."""
