"""The scale table in CPU time, from the runs `bench.scale` saved (``bench/results/scale-SIZE.json``).

    python -m bench.scale_cpu 100000 1000000

On a shared machine one call's clock time is mostly its wait for a core, so growth from
size to size is read from the warm CPU medians (`time.thread_time`), which the load
inflates least and about alike at both sizes when they run back to back. Each size's line
above the table gives what sets how far its figures can be trusted: the load average at the
end of its run, the snapshot's load time and the RSS once every index is in memory.
"""

from __future__ import annotations

import argparse
import itertools
from pathlib import Path
from typing import Any

import orjson

from bench.scale import RESULTS, _ms


def read(size: int, work: Path = RESULTS) -> dict[str, Any]:
    """The saved result of ``python -m bench.scale --sizes SIZE``."""
    result: dict[str, Any] = orjson.loads((work / f"scale-{size}.json").read_bytes())
    return result


def header(result: dict[str, Any]) -> str:
    """One line per size: load average, where the graph came from and how long it took, RSS."""
    load = ", ".join(f"{x:.1f}" for x in result["load_average"])
    source = "snapshot" if result["from_snapshot"] else "JSON Lines"
    return (
        f"- {result['size']:,} events: load average {load} (1, 5, 15 min) at the end of the run; "
        f"loaded from the {source} in {result['load_s']:.1f} s; RSS {result['rss_mb']:,.0f} MB; "
        f"the hub in {result['hub_events']:,} events"
    )


def table(results: list[dict[str, Any]]) -> str:
    """Warm CPU median per size, CPU growth per decade, first call over warm (new document, by hash)."""
    results = sorted(results, key=lambda r: r["size"])
    sizes = [f"{r['size']:,}" for r in results]
    head = [
        "operation",
        *(f"CPU {s}" for s in sizes),
        *(f"CPU growth {a}→{b}" for a, b in itertools.pairwise(sizes)),
    ]
    head += [f"first/warm CPU {s}" for s in sizes]
    head += [f"by hash first/warm CPU {s}" for s in sizes]
    lines = ["| " + " | ".join(head) + " |", "|---" + "|---:" * (len(head) - 1) + "|"]
    for name in results[0]["warm_cpu_ms"]:
        cpu = [r["warm_cpu_ms"][name] for r in results]
        first = [r["first_cpu_ms"][name] / max(r["warm_cpu_ms"][name], 1e-3) for r in results]
        by_hash = [
            f"{r['first_hash_cpu_ms'][name] / max(r['hash_warm_cpu_ms'][name], 1e-3):.1f}×"
            if name in r.get("first_hash_cpu_ms", {})
            else ""
            for r in results
        ]
        cells = [
            name,
            *(_ms(c) for c in cpu),
            *(f"{b / max(a, 1e-3):.1f}×" for a, b in itertools.pairwise(cpu)),
            *(f"{x:.1f}×" for x in first),
            *by_hash,
        ]
        lines.append("| " + " | ".join(cells) + " |")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("sizes", nargs="+", type=int)
    args = parser.parse_args(argv)
    results = [read(size) for size in args.sizes]
    print("\n".join(header(r) for r in results), end="\n\n")
    print(table(results))


if __name__ == "__main__":
    main()
