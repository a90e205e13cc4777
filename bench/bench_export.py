"""Benchmark: exporting a complete draft with five documents to JSON, PDF copy sheet and ZIP.

Not a test: run it by hand and record the result in BENCHMARKS.md ("Export")::

    .venv/bin/python bench/bench_export.py [--runs 21] [--lang zh_TW] [--profile] [--in-process]

The draft is the complete sample (tests/fixtures/draft_complete.json); the five documents are generated
once: a JPEG photo and four PDFs of about 500 KB each (noise images, which JPEG cannot shrink, as in
a scanned page). Each run does what the chat's /export does, ``bot.export.bundle.build_export`` (rules
checked, sheet built, JSON, PDF with the font subset embedded, ZIP), then writes the three files as
``goldcard-bot export`` does. The first run warms up (imports, font and data files) and is not counted;
it is reported apart ("first"). The PDF is rendered in the document worker (bot/export/pdf_worker.py), as
the chat does; ``--in-process`` renders it in this process instead (as before issue 22). Beside the wall
clock, the CPU time of each build: this process's (``time.process_time``) plus the worker child's (from
its ``getrusage``), which the machine's load moves less, and the load average. ``--profile`` prints the
cumulative cProfile of the timed builds' heaviest functions (with ``--in-process``: the worker's are not
seen).
"""

from __future__ import annotations

import argparse
import datetime
import io
import os
import platform
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from PIL import Image

from bot.documents.notes import format_size
from bot.documents.pdf_build import JpegPage, build_pdf, save_pdf
from bot.export.bundle import build_export, write_export
from bot.export.documents import ExportDocument
from bot.forms.draft import load_draft

ROOT = Path(__file__).resolve().parent.parent
TODAY = datetime.date(2026, 11, 21)
TARGET_BYTES = 500 * 1024


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


def noise_jpeg() -> tuple[bytes, tuple[int, int]]:
    """A JPEG of about 500 KB: random pixels, which do not compress (like the grain of a scanned page)."""
    size = (800, 820)
    image = Image.frombytes("RGB", size, os.urandom(size[0] * size[1] * 3))
    for quality in range(85, 10, -5):
        buffer = io.BytesIO()
        image.save(buffer, "JPEG", quality=quality)
        if buffer.tell() <= TARGET_BYTES:
            break
    return buffer.getvalue(), size


def documents() -> tuple[ExportDocument, ...]:
    """The photo (a JPEG) and four one-page PDFs, each about 500 KB, as the document pipeline makes them."""
    photo, _size = noise_jpeg()
    made = [ExportDocument("photo", "照片", "Photo", "photo.jpg", photo)]
    for item, zh, en in (("passport", "護照", "Passport"), ("cv", "履歷", "CV"),
                         ("employment_certificate", "國內外服務證明", "Employment certificate"),
                         ("tax_statement", "薪資扣繳或納稅證明", "Tax or withholding statement")):
        jpeg, size = noise_jpeg()
        pdf = save_pdf(build_pdf([JpegPage(jpeg, size, "RGB")]))
        made.append(ExportDocument(item, zh, en, f"{item}.pdf", pdf))
    return tuple(made)


CHILD_CPU: list[float] = []  # the worker child's CPU seconds of each export


def measure_worker(in_process: bool) -> None:
    """Record the worker child's CPU time of each export, or render in this process."""
    import bot.documents.worker as worker
    import bot.export.bundle as bundle
    import bot.export.pdf_worker as pdf_worker

    if in_process:
        def here(draft, today, *, documents, label, generated, locale, draft_json):  # type: ignore[no-untyped-def]
            return pdf_worker._render(draft, today, documents, label, generated, locale, draft_json)

        bundle.render_pdf_isolated = here  # type: ignore[assignment]
        return

    def measured(work, *args, **kwargs):  # type: ignore[no-untyped-def]
        result = worker.run_measured(work, *args, **kwargs)
        CHILD_CPU.append(result.cpu_seconds or 0.0)
        return result.value

    worker.run_bounded = measured  # type: ignore[assignment]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=21, help="timed runs (default 21)")
    parser.add_argument("--lang", choices=["en", "zh_TW"], default="zh_TW", help="language of the sheet")
    parser.add_argument("--profile", action="store_true", help="cProfile of the timed builds (cumulative)")
    parser.add_argument("--in-process", action="store_true",
                        help="render the PDF in this process, not in the document worker")
    args = parser.parse_args()

    measure_worker(args.in_process)
    draft = load_draft((ROOT / "tests" / "fixtures" / "draft_complete.json").read_bytes())
    docs = documents()
    with tempfile.TemporaryDirectory() as folder:
        out = Path(folder)
        first_start, first_cpu = time.perf_counter(), time.process_time()
        first = build_export(draft, locale=args.lang, today=TODAY, label="Benchmark", documents=docs)
        first_wall, first_cpu = time.perf_counter() - first_start, time.process_time() - first_cpu
        write_export(first, out)
        built, total, cpu = [], [], []
        profiler = None
        if args.profile:
            import cProfile

            profiler = cProfile.Profile()
            profiler.enable()
        for _ in range(args.runs):
            start, start_cpu = time.perf_counter(), time.process_time()
            bundle = build_export(draft, locale=args.lang, today=TODAY, label="Benchmark", documents=docs)
            middle, middle_cpu = time.perf_counter(), time.process_time()
            write_export(bundle, out)
            end = time.perf_counter()
            built.append(middle - start)
            cpu.append(middle_cpu - start_cpu + (CHILD_CPU[-1] if CHILD_CPU and not args.in_process else 0.0))
            total.append(end - start)
        if profiler is not None:
            profiler.disable()
    sizes = ", ".join(format_size(doc.size) for doc in docs)
    print(f"date:      {datetime.datetime.now(datetime.UTC):%Y-%m-%d %H:%M} UTC")
    print(f"machine:   {machine()}")
    print(f"input:     complete sample draft, 5 documents ({sizes}), sheet in {args.lang}")
    print(f"output:    JSON {format_size(len(first.json_bytes))}, PDF {format_size(len(first.pdf))}, "
          f"ZIP {format_size(len(first.zip))}")
    print(f"runs:      {args.runs}")
    print(f"build:     median {statistics.median(built) * 1000:.0f} ms, min {min(built) * 1000:.0f} ms, "
          f"max {max(built) * 1000:.0f} ms  (in memory, as the chat sends it)")
    print(f"+ write:   median {statistics.median(total) * 1000:.0f} ms, min {min(total) * 1000:.0f} ms, "
          f"max {max(total) * 1000:.0f} ms  (three files written, as goldcard-bot export)")
    where = "in this process" if args.in_process else "this process + the worker child"
    print(f"where:     the PDF rendered {'in this process' if args.in_process else 'in the document worker'}")
    print(f"CPU ({where}):")
    print(f"           build median {statistics.median(cpu) * 1000:.0f} ms, min {min(cpu) * 1000:.0f} ms; first build "
          f"(fonts loaded) {first_wall * 1000:.0f} ms wall, {first_cpu * 1000:.0f} ms CPU; "
          f"load {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
    if profiler is not None:
        import pstats

        pstats.Stats(profiler).sort_stats("cumulative").print_stats(30)
    return 0


if __name__ == "__main__":
    sys.exit(main())
