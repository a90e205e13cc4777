"""Benchmark: exporting a complete draft with five documents, as the chat does it (the PDF button, the ZIP
button) and as ``goldcard-bot export`` does it (JSON, PDF copy sheet and ZIP written into a folder).

Not a test: run it by hand and record the result in BENCHMARKS.md ("Export")::

    .venv/bin/python bench/bench_export.py [--runs 21] [--lang zh_TW] [--profile] [--in-process] [--cli]

The draft is the complete sample (tests/fixtures/draft_complete.json); the five documents are generated
once: a JPEG photo and four PDFs of about 500 KB each (noise images, which JPEG cannot shrink, as in
a scanned page). By default each run does what the chat does when a button of /export is pressed: the
export feature's effect (``bot.export.effect.build_export``) for "📄 PDF", then for "🗜 ZIP", on the
chat's stored sections, its documents read from a sealed file store (``bot.documents.store.FileStore``),
the work in a CPU slot's thread (``Services.cpu``). ``--cli`` measures ``goldcard-bot export`` instead:
``bot.export.bundle.build_export`` (JSON, PDF, ZIP in memory), then the three files written. The first run
warms up (imports, the worker's forkserver, data files) and is not counted; it is reported apart
("first"). The PDF is rendered in the document worker (bot/export/pdf_worker.py), as the chat does;
``--in-process`` renders it in this process instead (as before issue 22). Beside the wall clock, the CPU
time of each build: this process's (``time.process_time``) plus the worker child's (from its
``getrusage``), which the machine's load moves less, and the load average. ``--profile`` prints the
cumulative cProfile of the timed builds' heaviest functions (without ``--in-process`` the worker's are not
seen).
"""

from __future__ import annotations

import argparse
import asyncio
import datetime
import io
import os
import platform
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import TYPE_CHECKING

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

# What goldcard-bot's own script imports, and no more, at the top: each export child of the document worker
# runs this script's top level again (multiprocessing does, for a script run as __main__), as it runs
# goldcard-bot's (``from bot.cli import main``: ~0.4 ms in a child, the forkserver having the rest loaded). The
# bot's other modules imported here would be imported again by every child (~200 ms of CPU each, which the
# chat does not cost): they are imported in the functions.
from bot.cli import main as _goldcard_bot_main  # noqa: F401

if TYPE_CHECKING:
    from bot.engine.intake import Services
    from bot.export.documents import ExportDocument
    from bot.forms.draft import ApplicationDraft

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
    from PIL import Image

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
    from bot.documents.pdf_build import JpegPage, build_pdf, save_pdf
    from bot.export.documents import ExportDocument

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


OWNER = 1


def chat_setup(draft: ApplicationDraft, docs: tuple[ExportDocument, ...], folder: Path) -> tuple[dict, Services]:
    """The chat's stored sections of ``draft`` with ``docs`` as finished uploads, sealed in a file store."""
    from bot.documents.store import FileStore
    from bot.engine.intake import Services
    from bot.forms.draft_io import to_sections
    from storage.crypto import Sealer, decode_key, generate_key

    files = FileStore(folder / "files", Sealer([decode_key(generate_key())]))
    sections = to_sections(draft)
    sections["opening"]["_confirmed"] = TODAY.isoformat()  # confirmed in the chat, as the sample draft is
    uploads = {}
    for doc in docs:
        stored = files.put(OWNER, doc.data)
        uploads[doc.item] = {"sha256": stored.sha256, "file_name": doc.file_name, "size": stored.size}
    sections.setdefault("documents", {})["_uploads"] = uploads
    return sections, Services(files=files)


def timed(build) -> tuple[object, float, float]:  # type: ignore[no-untyped-def]
    """``build()``'s result, wall seconds and CPU seconds (this process + the worker child, if one ran)."""
    before = len(CHILD_CPU)
    start, start_cpu = time.perf_counter(), time.process_time()
    result = build()
    wall, cpu = time.perf_counter() - start, time.process_time() - start_cpu
    return result, wall, cpu + sum(CHILD_CPU[before:])


def ms(values: list[float]) -> str:
    return (f"median {statistics.median(values) * 1000:.0f} ms, min {min(values) * 1000:.0f} ms, "
            f"max {max(values) * 1000:.0f} ms")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=21, help="timed runs (default 21)")
    parser.add_argument("--lang", choices=["en", "zh_TW"], default="zh_TW", help="language of the sheet")
    parser.add_argument("--profile", action="store_true", help="cProfile of the timed builds (cumulative)")
    parser.add_argument("--in-process", action="store_true",
                        help="render the PDF in this process, not in the document worker")
    parser.add_argument("--cli", action="store_true",
                        help="goldcard-bot export's way (JSON, PDF, ZIP in memory, then written), not the chat's")
    args = parser.parse_args()

    from bot.documents.notes import format_size
    from bot.engine.effects import PDF, ZIP, BuildExport
    from bot.export.bundle import build_export, write_export
    from bot.export.effect import build_export as chat_export
    from bot.forms.draft import load_draft

    measure_worker(args.in_process)
    draft = load_draft((ROOT / "tests" / "fixtures" / "draft_complete.json").read_bytes())
    docs = documents()
    parts = ("cli",) if args.cli else (PDF, ZIP)
    walls: dict[str, list[float]] = {part: [] for part in parts}
    cpus: dict[str, list[float]] = {part: [] for part in parts}
    sizes: dict[str, int] = {}
    firsts: list[str] = []
    with tempfile.TemporaryDirectory() as folder:
        out = Path(folder) / "out"
        sections, services = chat_setup(draft, docs, Path(folder))
        loop = asyncio.new_event_loop()

        def build(part: str) -> int:
            if part == "cli":
                bundle = build_export(draft, locale=args.lang, today=TODAY, label="Benchmark", documents=docs)
                write_export(bundle, out)
                sizes.update(JSON=len(bundle.json_bytes), PDF=len(bundle.pdf), ZIP=len(bundle.zip))
                return len(bundle.zip)
            effect = BuildExport(OWNER, part, sections, args.lang, TODAY, "Benchmark")
            replies = loop.run_until_complete(chat_export(effect, services))
            data = replies[0].attachments[0].data
            sizes[part.upper()] = len(data)
            return len(data)

        for part in parts:
            _result, wall, cpu = timed(lambda part=part: build(part))  # type: ignore[misc]
            firsts.append(f"{part}: {wall * 1000:.0f} ms wall, {cpu * 1000:.0f} ms CPU")
        profiler = None
        if args.profile:
            import cProfile

            profiler = cProfile.Profile()
            profiler.enable()
        for _ in range(args.runs):
            for part in parts:
                _result, wall, cpu = timed(lambda part=part: build(part))  # type: ignore[misc]
                walls[part].append(wall)
                cpus[part].append(cpu)
        if profiler is not None:
            profiler.disable()
        loop.close()
    print(f"date:      {datetime.datetime.now(datetime.UTC):%Y-%m-%d %H:%M} UTC")
    print(f"machine:   {machine()}")
    print(f"input:     complete sample draft, 5 documents ({', '.join(format_size(doc.size) for doc in docs)}), "
          f"sheet in {args.lang}")
    print(f"output:    {', '.join(f'{name} {format_size(size)}' for name, size in sizes.items())}")
    print(f"runs:      {args.runs}")
    print(f"where:     the PDF rendered {'in this process' if args.in_process else 'in the document worker'}; "
          f"CPU = {'this process' if args.in_process else 'this process + the worker child'}")
    names = {PDF: "chat 📄 PDF", ZIP: "chat 🗜 ZIP", "cli": "goldcard-bot export (built + 3 files written)"}
    for part in parts:
        print(f"{names[part]}:")
        print(f"           wall {ms(walls[part])}")
        print(f"           CPU  {ms(cpus[part])}")
    print(f"first:     {'; '.join(firsts)} (worker started, fonts loaded)")
    print(f"load:      {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
    if profiler is not None:
        import pstats

        pstats.Stats(profiler).sort_stats("cumulative").print_stats(30)
    return 0


if __name__ == "__main__":
    sys.exit(main())
