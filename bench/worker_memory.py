"""What forked workers cost in memory, and when: USS and PSS after start, after a few requests, after many.

Serves a data directory with ``clio serve --workers 2`` (the response cache off) and reads
``/proc/<pid>/smaps_rollup`` of the parent and each worker: once ready, then after the
mix of the load benchmark (`bench.mix`) has sent ``--requests`` requests over eight
connections. A worker's USS is what it wrote of the pages it shares with the parent
(copy-on-write) plus what it allocated itself; the issue's target is each extra worker's
USS under a quarter of the first one's RSS.

    python -m bench.worker_memory DATA_DIR [--requests 1000]
    python -m bench.worker_memory FILE.snapshot --snapshot [--port 8800]   # a million events

It ends with the total PSS of the server (parent and workers together: what the machine
gives it) and each process's RSS.
"""

from __future__ import annotations

import argparse
import asyncio
from pathlib import Path

from bench.mix import mix_bodies, sample_of
from bench.served import memory_of, process_tree, serving
from bench.wire import request, response


async def _send(port: int, bodies: list[bytes], connections: int) -> None:
    async def client(start: int) -> None:
        reader, writer = await asyncio.open_connection("127.0.0.1", port)
        try:
            for body in bodies[start::connections]:
                writer.write(request(body))
                await response(reader)
        finally:
            writer.close()

    await asyncio.gather(*(client(i) for i in range(connections)))


def _show(label: str, pid: int) -> None:
    rows = [memory_of(p, "main" if p == pid else "worker") for p in process_tree(pid)]
    cells = ", ".join(f"{m.role} RSS {m.rss_mb:.0f} PSS {m.pss_mb:.0f} USS {m.uss_mb:.0f}" for m in rows)
    print(f"{label}: {cells} (MB)", flush=True)


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("data", type=Path)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--requests", type=int, default=1000)
    parser.add_argument("--work", type=Path, default=Path("build/worker-memory"))
    parser.add_argument("--snapshot", action="store_true", help="DATA is a file of `clio snapshot`")
    parser.add_argument("--port", type=int, default=None, help="default: one the system finds free")
    args = parser.parse_args()
    args.work.mkdir(parents=True, exist_ok=True)
    env = {"CLIO_LOG_REQUESTS": "0", "CLIO_RESPONSE_CACHE_SIZE": "0"}
    log = args.work / "server.log"
    with serving(args.data, args.workers, log, env, snapshot=args.snapshot, port=args.port) as (pid, port):
        _show("ready", pid)
        sample = sample_of(port, people=200)
        bodies = [sent for _, sent in mix_bodies(sample, args.requests)]
        asyncio.run(_send(port, bodies[:50], 8))
        _show("after 50 requests", pid)
        asyncio.run(_send(port, bodies, 8))
        _show(f"after {args.requests} more", pid)
        rows = [memory_of(p, "main" if p == pid else "worker") for p in process_tree(pid)]
        print(
            f"total PSS {sum(m.pss_mb for m in rows):,.0f} MB over {len(rows)} processes; "
            f"RSS {', '.join(f'{m.role} {m.rss_mb:,.0f}' for m in rows)} (MB)",
            flush=True,
        )


if __name__ == "__main__":
    main()
