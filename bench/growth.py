"""What the size benches share: timing a case, and the table of each case's p95 at each size
with its growth from the smallest size to the largest (goal ≤ 1.5), the headline."""

from __future__ import annotations

import statistics
import time
from collections.abc import Callable

GOAL = 1.5


def timed(fn: Callable[[], object], runs: int) -> tuple[float, float]:
    """(median, p95) in milliseconds of ``runs`` calls, after one to warm up."""
    fn()
    samples = []
    for _ in range(runs):
        start = time.perf_counter()
        fn()
        samples.append((time.perf_counter() - start) * 1000)
    samples.sort()
    return statistics.median(samples), samples[max(0, round(0.95 * len(samples)) - 1)]


def growth_table(
    p95s: dict[str, list[float]],
    sizes: list[int],
    unit: str = "",
    information: set[str] = frozenset(),
) -> None:
    """Print each case's p95 at each size and its growth; "GROWS" past the goal. The cases in
    ``information`` answer with more as the sizes grow: their growth is shown, not judged."""
    label = f" {unit}" if unit else ""
    width = max(20, len(f"p95 ms @ {sizes[-1]:,}{label}") + 2)
    name_width = max(len(name) for name in p95s) + 2
    header = "".join(f"{f'p95 ms @ {size:,}{label}':>{width}}" for size in sizes)
    print(f"{'case':<{name_width}}{header}{'growth':>9}  goal ≤ {GOAL}")
    for name, values in p95s.items():
        growth = values[-1] / values[0] if values[0] else float("inf")
        verdict = ("ok" if growth <= GOAL else "GROWS") if len(sizes) > 1 else ""
        if name in information and verdict:
            verdict = "information: a longer answer"
        cells = "".join(f"{value:>{width}.{2 if value < 1 else 1}f}" for value in values)
        print(f"{name:<{name_width}}{cells}{growth:>9.2f}  {verdict}")
