"""Benchmark: conversion time of the 12-megapixel phone photo of an A4 page into the platform-ready PDF.

Not a test: run it by hand and record the result in BENCHMARKS.md ("Document conversion")::

    .venv/bin/python bench/bench_documents.py [--runs 15]

It generates the same photo as the test corpus (tests/documents/corpus.py), converts it ``--runs`` times
with the code the chat uses (``bot.documents.pipeline.convert``) and prints the median, min and max,
with the machine and the date. The first run warms up (imports, plugin registration) and is not counted.
"""

from __future__ import annotations

import argparse
import datetime
import os
import platform
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bot.documents.limits import PLATFORM_MAX_BYTES
from bot.documents.notes import format_size
from bot.documents.pipeline import convert
from bot.documents.results import Converted, DocumentKind
from tests.documents.corpus import phone_photo


def machine() -> str:
    cpu = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    return f"{cpu}, {cores} cores, Python {platform.python_version()}, {platform.system()} {platform.release()}"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=15, help="timed runs (default 15)")
    args = parser.parse_args()

    data = phone_photo()
    first = convert(data, DocumentKind.DOCUMENT)
    assert isinstance(first, Converted) and first.size <= PLATFORM_MAX_BYTES
    times = []
    for _ in range(args.runs):
        start = time.perf_counter()
        result = convert(data, DocumentKind.DOCUMENT)
        times.append(time.perf_counter() - start)
        assert isinstance(result, Converted)
    print(f"date:    {datetime.datetime.now(datetime.UTC):%Y-%m-%d %H:%M} UTC")
    print(f"machine: {machine()}")
    print(f"input:   4000 × 3000 JPEG (12 MP, EXIF), {format_size(len(data))}")
    print(f"output:  PDF, {first.pages} page, {format_size(first.size)} ({first.size} bytes), {first.dpi} DPI on A4")
    print(f"runs:    {args.runs}")
    print(f"median:  {statistics.median(times) * 1000:.0f} ms")
    print(f"min:     {min(times) * 1000:.0f} ms")
    print(f"max:     {max(times) * 1000:.0f} ms")
    return 0


if __name__ == "__main__":
    sys.exit(main())
