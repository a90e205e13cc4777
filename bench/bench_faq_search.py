"""FAQ search latency: the first question after start-up, and the median and p99 per question.

    .venv/bin/python bench/bench_faq_search.py [--rounds 5]

Three figures, each in a fresh interpreter where it matters:

* cold: a process that imports the search and asks one question (index built on that question, as before
  the background build existed);
* warm start: ``warm_up()`` at start-up, then the first question asked after the build finished (what the
  first user of a running bot waits);
* per question: every question of tests/faq/eval_questions.tsv, asked ``--rounds`` times on a warm index
  (long messages included); median, p99 and max.

CLI start cost: ``goldcard-bot faq list`` and ``goldcard-bot --help`` wall time (median of 5 runs).
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TABLE = ROOT / "tests" / "faq" / "eval_questions.tsv"

COLD = """
import time
started = time.perf_counter()
from bot.faq.search import search
search("how much is the gold card fee")
print((time.perf_counter() - started) * 1000)
"""

WARM_START = """
import time
from bot.faq.search import search, warm_up
warm_up().join()
started = time.perf_counter()
search("how much is the gold card fee")
print((time.perf_counter() - started) * 1000)
"""


def in_fresh_process(code: str) -> float:
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True)
    return float(out.stdout.strip().splitlines()[-1])


def wall(args: list[str]) -> float:
    started = time.perf_counter()
    subprocess.run([sys.executable, "-m", "bot", *args], cwd=ROOT, capture_output=True, check=True)
    return (time.perf_counter() - started) * 1000


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rounds", type=int, default=5)
    args = parser.parse_args()
    sys.path.insert(0, str(ROOT))
    from bot.faq.evaluation import read_cases
    from bot.faq.search import default_index, search

    cold = statistics.median(in_fresh_process(COLD) for _ in range(3))
    warm_first = statistics.median(in_fresh_process(WARM_START) for _ in range(3))
    default_index()
    questions = [case.question for case in read_cases(TABLE)]
    timings: list[float] = []
    for _ in range(args.rounds):
        for question in questions:
            started = time.perf_counter()
            search(question)
            timings.append((time.perf_counter() - started) * 1000)
    timings.sort()
    p99 = timings[min(len(timings) - 1, int(len(timings) * 0.99))]
    cli_list = statistics.median(wall(["faq", "list"]) for _ in range(5))
    cli_help = statistics.median(wall(["--help"]) for _ in range(5))
    python_only = statistics.median(
        (lambda started: (subprocess.run([sys.executable, "-c", "pass"], check=True),
                          (time.perf_counter() - started) * 1000)[1])(time.perf_counter()) for _ in range(5))
    print(f"first question, index built on it (cold): {cold:.0f} ms")
    print(f"first question after the background build at start-up: {warm_first:.2f} ms")
    print(f"per question ({len(questions)} questions x {args.rounds}): median {statistics.median(timings):.2f} ms, "
          f"p99 {p99:.2f} ms, max {timings[-1]:.2f} ms")
    print(f"CLI wall time: faq list {cli_list:.0f} ms, --help {cli_help:.0f} ms (python -c pass: {python_only:.0f} ms)")


if __name__ == "__main__":
    main()
