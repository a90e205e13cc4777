"""Benchmark: the hostile corpus of issue 17 through the bounded document worker.

Not a test: run it by hand and record the result in BENCHMARKS.md ("Hostile documents")::

    .venv/bin/python bench/bench_hostile.py [--runs 3] [--cache /tmp/goldcard-hostile]

The files come from ``tests/documents/hostile.py`` (the real ones: the million-object PDF and a real
7000² HEIC, which take a minute to make), generated once into ``--cache`` by a separate process so this
process's memory is only what the bot's own would be. Each file is converted ``--runs`` times the way the
chat does it (``bot.documents.worker.run_measured`` of ``convert``: a forked, rlimited child), and the
table gives the outcome, the median wall-clock time, the child's CPU time (what the wall-clock time would
be on an idle machine) and its peak resident memory; a thread
samples this process's resident memory every 10 ms (the bot's side: it only waits for the child).
Targets: every file refused or converted within 5 s and 300 MB of the worker; the bot under 200 MB.
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import threading
from pathlib import Path

from common import ROOT, header, rss_mib

from bot.documents.notes import Refusal
from bot.documents.pipeline import convert
from bot.documents.results import DocumentKind
from bot.documents.worker import run_measured
from tests.documents.hostile import HOSTILE

MIB = 1024 * 1024


def generate(folder: Path) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    for name, make in HOSTILE.items():
        target = folder / name
        if not target.exists():
            target.write_bytes(make())


class PeakSampler(threading.Thread):
    """This process's highest resident memory, sampled every 10 ms until stopped."""

    def __init__(self) -> None:
        super().__init__(daemon=True)
        self.peak = rss_mib()
        self.running = True

    def run(self) -> None:
        while self.running:
            self.peak = max(self.peak, rss_mib())
            threading.Event().wait(0.01)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--cache", type=Path, default=Path("/tmp/goldcard-hostile"))
    parser.add_argument("--generate", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.generate:
        generate(args.cache)
        return
    subprocess.run([sys.executable, __file__, "--generate", "--cache", str(args.cache)], check=True, cwd=ROOT)
    header("Hostile documents through the bounded worker")
    run_measured(len, b"warm up")  # starts the fork server (imports the pipeline once)
    sampler = PeakSampler()
    sampler.start()
    print("| file | size | outcome | median s | max s | median CPU s | worker peak MB |")
    print("|---|---|---|---|---|---|---|")
    worst_seconds = worst_peak = 0.0
    for name in HOSTILE:
        data = (args.cache / name).read_bytes()
        times, cpus, peaks, outcome = [], [], [], ""
        for _ in range(args.runs):
            job = run_measured(convert, data, DocumentKind.DOCUMENT, name=name)
            times.append(job.seconds)
            cpus.append(job.cpu_seconds or float("nan"))
            peaks.append((job.peak_rss_bytes or 0) / MIB)
            value = job.value
            outcome = f"refused: {value.code.value}" if isinstance(value, Refusal) else f"converted: {value.size} B"
            if job.stopped:
                outcome += " (stopped by the budget)"
        worst_seconds, worst_peak = max(worst_seconds, max(times)), max(worst_peak, max(peaks))
        print(f"| {name} | {len(data) / MIB:.2f} MB | {outcome} | {statistics.median(times):.2f} | "
              f"{max(times):.2f} | {statistics.median(cpus):.2f} | {max(peaks):.0f} |", flush=True)
    sampler.running = False
    sampler.join()
    print(f"\nslowest {worst_seconds:.2f} s (target ≤ 5), worker peak {worst_peak:.0f} MB (target ≤ 300), "
          f"bot peak {sampler.peak:.0f} MB (target ≤ 200)")


if __name__ == "__main__":
    main()
