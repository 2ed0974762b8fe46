"""Screening quality: precision, recall and F1 of renkei's name matcher at the threshold the
product ships with (settings.RENKEI_SCREENING_THRESHOLD), beside OpenSanctions' logic-v2.

    .venv/bin/python bench/screening_quality.py [--errors]

Reads ../shared/data/name_bench/cases.csv (labelled pairs) and logicv2-frozen.csv (the same
pairs scored by logic-v2 at its 0.7 threshold), and, where present, the cross-script pairs under
bench/data/cross_script*.csv (columns: script, name1, name2, is_match, source), reported per
script and per set: the tuned set, the held-out set (its misses have been read since) and the
fresh set, whose misjudged pairs are never listed so that it stays unread. A pair's schema
Person is scored as a person, every other schema as an organisation.
"""

from __future__ import annotations

import argparse
import csv
import os
import random
import sys
import time
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT / "bench"))
BENCH = ROOT.parent / "shared" / "data" / "name_bench"


def prf(outcomes: list[tuple[bool, bool]]) -> tuple[float, float, float, int]:
    tp = sum(1 for predicted, actual in outcomes if predicted and actual)
    fp = sum(1 for predicted, actual in outcomes if predicted and not actual)
    fn = sum(1 for predicted, actual in outcomes if not predicted and actual)
    precision = tp / (tp + fp) if tp + fp else 0.0
    recall = tp / (tp + fn) if tp + fn else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return precision, recall, f1, len(outcomes)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--errors", action="store_true", help="list the misjudged pairs")
    args = parser.parse_args()
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "renkei.settings")
    import django

    django.setup()
    from django.conf import settings

    from renkei.screening.names import name_keys
    from renkei.screening.scoring import name_score

    threshold = settings.RENKEI_SCREENING_THRESHOLD
    cases = list(csv.DictReader((BENCH / "cases.csv").open(encoding="utf-8")))
    frozen = list(csv.DictReader((BENCH / "logicv2-frozen.csv").open(encoding="utf-8")))

    started = time.perf_counter()
    ours, errors = [], []
    for row in cases:
        kind = "person" if row["schema"] == "Person" else "organisation"
        result = name_score(name_keys(row["name1"]), name_keys(row["name2"]), kind)
        predicted, actual = result.score >= threshold, row["is_match"] == "true"
        ours.append((predicted, actual))
        if predicted != actual:
            errors.append((result.score, actual, row["name1"], row["name2"], result.key))
    elapsed = time.perf_counter() - started
    theirs = [(r["predicted_match"] == "true", r["is_match"] == "true") for r in frozen]

    print(f"name_bench cases.csv — renkei at {threshold} (fixed in settings), logic-v2 at 0.7")
    print(f"{'matcher':<12}{'pairs':>7}{'precision':>11}{'recall':>9}{'F1':>8}")
    for label, outcomes in (("renkei", ours), ("logic-v2", theirs)):
        p, r, f, n = prf(outcomes)
        print(f"{label:<12}{n:>7}{p:>11.3f}{r:>9.3f}{f:>8.3f}")
    print(f"({len(cases)} pairs scored in {elapsed:.2f} s)")

    cross = sorted((ROOT / "bench" / "data").glob("cross_script*.csv"))
    if cross:
        by_script: dict[str, list[tuple[bool, bool]]] = defaultdict(list)
        for path in cross:
            for row in csv.DictReader(path.open(encoding="utf-8")):
                kind = row.get("kind") or "person"
                result = name_score(name_keys(row["name1"]), name_keys(row["name2"]), kind)
                actual = row["is_match"] == "true"
                by_script[row["script"] + set_label(path)].append(
                    (result.score >= threshold, actual)
                )
                # The fresh set's pairs are never listed: read, it would be one more tuned set.
                if (result.score >= threshold) != actual and path.stem != FRESH:
                    errors.append((result.score, actual, row["name1"], row["name2"], result.key))
        print()
        print("cross-script pairs (bench/data) — targets: recall ≥ 0.85, precision ≥ 0.76")
        print(f"{'script':<22}{'pairs':>7}{'precision':>11}{'recall':>9}{'F1':>8}")
        for script, outcomes in sorted(by_script.items(), key=_set_order):
            p, r, f, n = prf(outcomes)
            print(f"{script:<22}{n:>7}{p:>11.3f}{r:>9.3f}{f:>8.3f}")
    candidate_recall(cases, cross, threshold)
    if args.errors:
        print()
        for score, actual, left, right, key in errors:
            print(f"{'FN' if actual else 'FP'} {score:.3f} [{key}] {left} | {right}")


FRESH = "cross_script_fresh"


def set_label(path: Path) -> str:
    """ "" for the tuned set, " (held out)" and " (fresh)" for the others."""
    suffix = path.stem.removeprefix("cross_script").strip("_").replace("_", " ")
    return f" ({suffix})" if suffix else ""


def _set_order(item: tuple[str, object]) -> tuple[int, str]:
    label = item[0]
    return (2 if "(fresh)" in label else 1 if "(held out)" in label else 0, label)


def candidate_recall(cases: list[dict], cross: list[Path], threshold: float) -> None:
    """The candidate stage in front of the score: of the true pairs the score accepts, how many
    does the index offer for scoring when the second name is stored among every other bench
    name and 20,000 generated ones? A pair it does not offer is a hit screening never makes."""
    from screening_speed import make_names

    from renkei.screening.matching import NameIndex, StoredName
    from renkei.screening.names import name_keys
    from renkei.screening.scoring import name_score

    rows = [dict(r, script="name_bench") for r in cases]
    for path in cross:
        rows += [
            dict(r, script=r["script"] + set_label(path))
            for r in csv.DictReader(path.open(encoding="utf-8"))
        ]
    stored_texts = list(dict.fromkeys([r["name2"] for r in rows] + make_names(20_000, seed=5)))
    # In a register the name sought is anywhere among the others, not first: where more names
    # tie at the pool's cut than it holds, their order decides.
    random.Random(5).shuffle(stored_texts)  # noqa: S311 - reproducible order
    stored = [
        StoredName(pk=i, kind="person", agreement_id=1, keys=name_keys(text), source=("x", i))
        for i, text in enumerate(stored_texts)
    ]
    position_of = {text: i for i, text in enumerate(stored_texts)}
    index = NameIndex(stored)
    offered: dict[str, list[bool]] = defaultdict(list)
    started = time.perf_counter()
    for row in rows:
        if row["is_match"] != "true":
            continue
        kind = row.get("kind") or (
            "person" if row.get("schema", "Person") == "Person" else "organisation"
        )
        left = name_keys(row["name1"])
        if name_score(left, stored[position_of[row["name2"]]].keys, kind).score < threshold:
            continue
        offered[row["script"]].append(position_of[row["name2"]] in index.candidates(left))
    elapsed = time.perf_counter() - started
    print()
    print(
        f"candidate stage — true pairs the score accepts, offered by the index "
        f"({len(stored):,} stored names)"
    )
    print(f"{'set':<22}{'pairs':>7}{'offered':>9}")
    for script, found in sorted(offered.items(), key=_set_order):
        print(f"{script:<22}{len(found):>7}{sum(found) / len(found):>9.3f}")
    print(f"({sum(map(len, offered.values()))} lookups in {elapsed:.2f} s)")


if __name__ == "__main__":
    main()
