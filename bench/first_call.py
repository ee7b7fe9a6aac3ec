"""Where a fresh process's first query spends its CPU time: parse, limits, validation, execution.

    python -m bench.first_call                 # 10k events, as the server starts (with its warm-up)
    python -m bench.first_call --no-warm-up    # without clio.warmup: what the first call paid before
    python -m bench.first_call --validation    # validating new documents, with and without schema.rules

In this (fresh) process, the generated graph is loaded with every index and the schema built
as `clio.app.create_app` builds it; then, for each operation of `bench.scale` in its order:
its first call, the same operation again under a new text (a comment appended: the per-text
caches miss, everything else is warm) and the median of repeated calls (every cache hits).
Each call is split by phase, in CPU time of this thread: graphql-core's parse, the limits'
literal check and measure (`schema.limits.guard`), graphql-core's validation, and the rest
of execution. If the new text costs what the first call did, the first call's excess is the
document's, not a warm-up of the process.
"""

from __future__ import annotations

import argparse
import gc
import resource
import time
from collections.abc import Iterator
from pathlib import Path
from statistics import median
from typing import Any

#: ``rest``: what the total leaves over, Strawberry's extension runner and result around the phases.
PHASES = ("parse", "limits", "validation", "execution", "rest", "total")


class Stopwatch:
    """CPU milliseconds of this thread, summed per phase, around the functions each phase calls."""

    def __init__(self) -> None:
        self.ms: dict[str, float] = {}

    def wrap(self, module: Any, name: str, phase: str) -> None:
        function = getattr(module, name)

        def timed(*args: Any, **kwargs: Any) -> Any:
            started = time.thread_time()
            try:
                return function(*args, **kwargs)
            finally:
                self.ms[phase] = self.ms.get(phase, 0.0) + (time.thread_time() - started) * 1e3

        setattr(module, name, timed)

    def executing(self) -> Any:
        from strawberry.extensions import SchemaExtension

        watch = self

        class Execution(SchemaExtension):
            def on_execute(self) -> Iterator[None]:
                started = time.thread_time()
                yield
                watch.ms["execution"] = (time.thread_time() - started) * 1e3

        return Execution


def validation(rounds: int = 8, per_round: int = 200) -> tuple[float, float]:
    """Median CPU ms to validate a new small document: graphql-core's rules, then `schema.rules.quick`'s.

    Rounds alternate between the two, so a loaded machine slows both alike.
    """
    from graphql import parse, specified_rules, validate

    from schema import build_schema
    from schema.rules import quick

    graphql_schema = build_schema()._schema
    stock = tuple(specified_rules)
    rule_sets = (stock, tuple(quick(rule) for rule in stock))
    texts = (f"{{ ranking(kind: PERSON, by: PAGERANK, first: {n}) {{ id }} }}" for n in range(10**9))
    times: tuple[list[float], list[float]] = ([], [])
    for _ in range(rounds + 1):  # the first round warms both
        for rules, measured in zip(rule_sets, times, strict=True):
            documents = [parse(next(texts)) for _ in range(per_round)]
            started = time.thread_time()
            for document in documents:
                validate(graphql_schema, document, rules)
            measured.append((time.thread_time() - started) / per_round * 1e3)
    return median(times[0][1:]), median(times[1][1:])


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--size", type=int, default=10_000)
    parser.add_argument("--no-warm-up", dest="warm_up", action="store_false")
    parser.add_argument(
        "--validation",
        action="store_true",
        help="only time validating new documents, graphql-core's rules against quick ones",
    )
    args = parser.parse_args(argv)
    if args.validation:
        stock, quick = validation()
        print(
            f"validating a new document, CPU: graphql-core's rules {stock:.3f} ms, quick rules {quick:.3f} ms"
        )
        return

    # Wrapped before the schema is built, so every reference to them is the wrapped one.
    import strawberry.extensions.parser_cache as parser_cache

    import clio.upstream as upstream
    import schema.limits.guard as guard

    watch = Stopwatch()
    watch.wrap(parser_cache, "parse", "parse")
    watch.wrap(guard, "check_literals", "limits")
    watch.wrap(guard, "measure", "limits")
    watch.wrap(upstream, "validate_document", "validation")

    from bench.generate import read_manifest
    from bench.scale import RESULTS, _data, _documents
    from clio.persisted import AllowList
    from clio.warmup import warm_up
    from graph.indexes import build_indexes
    from graph.loader import load_graph
    from schema.deadline import Deadline
    from schema.limits.extensions import limit_extensions
    from schema.limits.table import QueryLimits

    data_dir = _data(args.size, 1, RESULTS)
    manifest = read_manifest(data_dir)
    kg = load_graph(data_dir)
    build_indexes(kg)
    limits = QueryLimits()
    schema = upstream.fast_schema([*limit_extensions(limits), watch.executing()], limits.document_cache_size)
    far = kg.person_by_name(next(n for n in manifest.sample if n != manifest.median.name))
    assert far is not None
    documents = _documents(kg, manifest, far.id)

    def context() -> dict[str, Any]:
        return {"kg": kg, "deadline": Deadline(limits.time_limit_ms)}

    gc.collect()
    gc.freeze()
    if args.warm_up:
        rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        persisted = Path(__file__).resolve().parent.parent / "persisted"
        warmed = warm_up(schema, context, AllowList.read(persisted).documents.values())
        grown = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - rss
        print(
            f"warm-up: {warmed.cpu_seconds * 1e3:.1f} ms of CPU, peak RSS +{grown / 1024:.1f} MB, "
            f"{len(warmed.validated)} allow-list documents validated, {len(warmed.skipped)} left"
        )

    def call(document: str) -> dict[str, float]:
        watch.ms.clear()
        started = time.thread_time()
        result = schema.execute_sync(document, context_value=context())
        split = {"total": (time.thread_time() - started) * 1e3, **watch.ms}
        if result.errors:
            raise AssertionError(f"{document} failed: {result.errors}")
        split["rest"] = split["total"] - sum(split.get(p, 0.0) for p in PHASES[:4])
        return split

    print(f"{manifest.events:,} events, CPU ms per phase: first call / new text / warm median")
    print(f"| operation | {' | '.join(PHASES)} | first/warm | new text/warm |")
    print("|---" + "|---:" * (len(PHASES) + 2) + "|")
    for number, (name, document) in enumerate(documents.items()):
        first = call(document)
        fresh = call(f"{document} # {number}")
        warm = [call(document) for _ in range(60)]
        settled = {p: median(w.get(p, 0.0) for w in warm) for p in PHASES}
        cells = [f"{first.get(p, 0):.2f} / {fresh.get(p, 0):.2f} / {settled[p]:.2f}" for p in PHASES]
        ratios = [f"{first['total'] / settled['total']:.1f}×", f"{fresh['total'] / settled['total']:.1f}×"]
        print(f"| {name} | {' | '.join(cells)} | {' | '.join(ratios)} |")


if __name__ == "__main__":
    main()
