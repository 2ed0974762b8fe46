"""Screening speed: batch screening in-process, and the check endpoint under gunicorn.

    .venv/bin/python bench/screening_speed.py                          # SQLite (fresh temp dir)
    ./scripts/with-postgres .venv/bin/python bench/screening_speed.py  # PostgreSQL

1. Batch: 10,000 new names screened against 100,000 stored names (keys computed, index built,
   then every new name's keys made, its candidates found and scored in full) by the product's
   batch (screening/batch.py): once in one process, once shared among the processes it ships
   with (SCREENING_BATCH_PROCESSES, one per core): times and peak memory, as information.
   Before it, one name's candidates at a 10,000- and a 100,000-name register: the growth,
   and the share of planted labelled matches the look-up offers at each size (recall).
2. Endpoint: POST /api/v1/screening/check under gunicorn (sync workers) on 127.0.0.1 against a
   register of 10,000 stored names: bounded closed-loop runs from a few connections, driven by
   wrk when it is installed, else by Python threads (bench/loadgen.py); each round is followed
   by GET /api/v1/health on the same server, and the server's own CPU time per request is read
   from /proc. Headline: the check's throughput as a ratio to the health endpoint's on the same
   server in the same run (goal ≥ 0.8, median of the rounds); requests/s and p99 are printed as
   information only, as they move with the host.
   With --ceiling, the same load on two more servers whose matching costs nothing
   (bench/screening_ceiling.py): first each name's candidates, then the caller's scope as well,
   answered from memory after the first time. Their ratios bound what faster matching can give.

Names are generated from syllables in Latin, Cyrillic, Lao, Khmer, Arabic script and katakana,
so every script's path (anyascii, SudachiPy and ICU) is exercised.
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import random
import resource
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

from loadgen import client, load  # noqa: E402 - beside this script

SYLLABLES = {
    "latin": [
        "sok",
        "chan",
        "na",
        "dara",
        "phon",
        "vong",
        "keo",
        "bun",
        "mi",
        "som",
        "chai",
        "rah",
        "mon",
        "ov",
        "jam",
        "shed",
        "asa",
        "nov",
        "bak",
        "yt",
        "ali",
        "khan",
        "mu",
        "ham",
        "mad",
        "sis",
        "va",
        "th",
        "kham",
        "phet",
    ],
    "cyrillic": [
        "сок",
        "чан",
        "на",
        "ра",
        "ҳмо",
        "нов",
        "ҷам",
        "шед",
        "аса",
        "бак",
        "ыт",
        "кул",
        "бек",
        "ова",
        "тал",
        "ант",
    ],
    "lao": ["ສົມ", "ໃຈ", "ພົມ", "ມະ", "ວົງ", "ບຸນ", "ມີ", "ແກ້ວ", "ຄຳ", "ເພັດ", "ສີ", "ສະ"],
    "khmer": ["សុខ", "ចាន់", "ណា", "ដារ៉ា", "ហេង", "សំ", "ណាង", "គឹម", "ស្រី", "ពៅ"],
    "arabic": ["محمد", "علی", "خان", "احمد", "حسین", "شاہ", "رضا", "بخش", "اقبال", "نواز"],
    "katakana": ["ソック", "チャン", "ナー", "ダラ", "ポン", "ヴォン", "ケオ", "ブン", "ミー"],
}


def make_names(count: int, seed: int) -> list[str]:
    rng = random.Random(seed)  # noqa: S311 - reproducible test data
    scripts = list(SYLLABLES)
    names = []
    for _ in range(count):
        script = rng.choice(scripts)
        parts = SYLLABLES[script]
        words = [
            "".join(rng.choice(parts) for _ in range(rng.randint(1, 3)))
            for _ in range(rng.randint(2, 3))
        ]
        names.append(("・" if script == "katakana" else " ").join(words))
    return names


def configure() -> str:
    if not os.environ.get("DATABASE_URL"):
        os.environ["RENKEI_HOME"] = tempfile.mkdtemp(prefix="renkei-bench-")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "renkei.settings")
    os.environ.setdefault("ALLOWED_HOSTS", "127.0.0.1,localhost,testserver")
    # Thousands of checks through one token, in this process as on the server: no rate limits
    # (ADR 20), or the in-process stages would time the refusal.
    os.environ["API_RATE_LIMIT"] = ""
    os.environ["LOGIN_RATE_LIMIT"] = ""
    import django

    django.setup()
    from django.db import connection

    return connection.vendor


def batch(stored_count: int, new_count: int) -> None:
    from django.conf import settings

    from renkei.screening.batch import BatchName, screen_batch
    from renkei.screening.matching import NameIndex, Query, StoredName
    from renkei.screening.names import name_keys

    stored_names = make_names(stored_count, seed=1)
    new_names = make_names(new_count, seed=2)
    t0 = time.perf_counter()
    stored = [
        StoredName(pk=i, kind="person", agreement_id=1, keys=name_keys(n), source=("x", i))
        for i, n in enumerate(stored_names)
    ]
    keys_seconds = time.perf_counter() - t0
    processes = settings.RENKEI_SCREENING_BATCH_PROCESSES
    print(f"batch: {new_count:,} new names against {stored_count:,} stored names")
    print(f"  keys for the stored names   {keys_seconds:7.2f} s  (once, as names are saved)")
    # The product's batch (screening/batch.py), first kept in this process, then as shipped:
    # shared among SCREENING_BATCH_PROCESSES forked processes. Each run starts from fresh keys,
    # as a batch run's process does.
    for label, run_processes in (("one process", 1), (f"{processes} processes", processes)):
        settings.RENKEI_SCREENING_BATCH_PROCESSES = run_processes
        name_keys.cache_clear()
        fresh = [StoredName(**{**vars(n), "keys": _fresh(n.keys)}) for n in stored]
        t0 = time.perf_counter()
        index = NameIndex(fresh)
        index_seconds = time.perf_counter() - t0
        t0 = time.perf_counter()
        found = screen_batch(
            index,
            [BatchName(Query(name=name)) for name in new_names],
            settings.RENKEI_SCREENING_THRESHOLD,
        )
        seconds = time.perf_counter() - t0
        print(
            f"  index build                 {index_seconds:7.2f} s  (once per process and change)"
        )
        print(f"  screening, {label:<12} {seconds:7.2f} s")
        print(f"    hits at the threshold: {len(found):,}")
    # Peak resident memory, of this process and of the largest forked one (kernel's figures).
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    children = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    print(f"  peak memory: this process {own:,.0f} MB, largest batch process {children:,.0f} MB")
    settings.RENKEI_SCREENING_BATCH_PROCESSES = processes


def planted_pairs() -> list[tuple[str, str, str]]:
    """The labelled matching pairs that the scorer calls hits, as (name, its match, kind): the
    cross-script sets under bench/data/ and, where it is beside the project, the shared name
    bench. Each match is planted in a register; looking the name up must offer it."""
    from django.conf import settings

    from renkei.screening.names import name_keys
    from renkei.screening.scoring import name_score

    pairs = []
    for path in sorted((ROOT / "bench" / "data").glob("cross_script*.csv")):
        for row in csv.DictReader(path.open(encoding="utf-8")):
            if row["is_match"] == "true":
                pairs.append((row["name1"], row["name2"], row["kind"]))
    shared = ROOT.parent / "shared" / "data" / "name_bench" / "cases.csv"
    if shared.exists():
        for row in csv.DictReader(shared.open(encoding="utf-8")):
            if row["is_match"] == "true":
                kind = "person" if row["schema"] == "Person" else "organisation"
                pairs.append((row["name1"], row["name2"], kind))
    threshold = settings.RENKEI_SCREENING_THRESHOLD
    return [
        (name, match, kind)
        for name, match, kind in pairs
        if name_score(name_keys(name), name_keys(match), kind).score >= threshold
    ]


def candidates_growth(sizes: list[int], queries: int = 1000) -> None:
    """One name's look-up (its keys' candidates from the index, each scored in full) against
    registers of each size: the p95 per name, the candidates it scored, and the growth from the
    smallest register to the largest (goal ≤ 1.5 for the time per candidate: a larger register
    holds more names truly alike, and each is worth scoring). Beside it, the candidate stage's
    recall at each size: the share of planted matches (``planted_pairs``) that their other name's
    look-up offers, as information: a crowded register hides some behind their namesakes."""
    from renkei.screening.matching import NameIndex, Query, StoredName, score_candidate
    from renkei.screening.names import name_keys

    asked = make_names(queries, seed=5)
    planted = planted_pairs()
    rows = []
    for size in sizes:
        generated = make_names(size, seed=1)
        index = NameIndex(
            [
                StoredName(pk=i, kind="person", agreement_id=1, keys=name_keys(n), source=("x", i))
                for i, n in enumerate(generated)
            ]
            + [
                StoredName(pk=size + i, kind=kind, agreement_id=1, keys=name_keys(match))
                for i, (_name, match, kind) in enumerate(planted)
            ]
        )
        samples, scored = [], 0
        for name in asked:
            keys = name_keys(name)
            t0 = time.perf_counter()
            found = index.candidates(keys, "", "", frozenset({1}))
            for pk in found:
                score_candidate(Query(name=name), keys, index.names[pk], [])
            samples.append((time.perf_counter() - t0) * 1e6)
            scored += len(found)
        offered = sum(
            size + i in index.candidates(name_keys(name), "", "", frozenset({1}))
            for i, (name, _match, _kind) in enumerate(planted)
        )
        samples.sort()
        p95 = samples[int(0.95 * (len(samples) - 1))]
        recall = offered / len(planted) if planted else float("nan")
        rows.append((size, p95, scored / queries, sum(samples) / max(scored, 1), recall))
    print(
        f"candidates: {queries:,} names looked up against registers of each size, in-process; "
        f"{len(planted):,} labelled matches planted"
    )
    print(
        f"  {'register':>10} {'p95 µs/name':>12} {'candidates/name':>16} {'µs/candidate':>13}"
        f" {'planted found':>14}"
    )
    for size, p95, per_name, per_candidate, recall in rows:
        print(
            f"  {size:>10,} {p95:>12.0f} {per_name:>16.1f} {per_candidate:>13.1f} {recall:>14.1%}"
        )
    growth = rows[-1][3] / rows[0][3]
    print(
        f"  time per candidate, growth {rows[0][0]:,} → {rows[-1][0]:,}: {growth:.2f}  "
        f"(goal ≤ 1.5)  {'ok' if growth <= 1.5 else 'GROWS'}; per name "
        f"×{rows[-1][1] / rows[0][1]:.2f}, with ×{rows[-1][2] / rows[0][2]:.2f} candidates"
    )


def _fresh(keys):
    """The same keys without the word forms an earlier run split and kept on them."""
    return type(keys)(
        keys.original, keys.script, keys.roman, keys.bare, keys.skeleton, keys.legal_kinds
    )


def populate_register(count: int) -> str:
    from django.core.management import call_command

    from renkei.accounts.models import User
    from renkei.accounts.services import api_token_create
    from renkei.agreements.demo import demo_seed
    from renkei.agreements.models import Agreement
    from renkei.screening.models import ScreenedName
    from renkei.screening.names import keys_version, name_keys
    from renkei.screening.services import index_version_bump

    call_command("setup", "--no-static", verbosity=0)
    demo_seed()
    ScreenedName.objects.all().delete()
    agreements = list(Agreement.objects.all())
    rows = []
    for i, name in enumerate(make_names(count, seed=3)):
        keys = name_keys(name)
        rows.append(
            ScreenedName(
                source_type="sending_organisation_person",
                source_id=i + 1,
                agreement=agreements[i % len(agreements)],
                originating_side="partner",
                kind="person",
                name=name,
                label=f"bench {i}",
                key_original=keys.original,
                key_roman=keys.roman,
                key_bare=keys.bare,
                key_skeleton=keys.skeleton,
                legal_kinds=",".join(sorted(keys.legal_kinds)),
                script=keys.script,
                keys_version=keys_version(),
            )
        )
    ScreenedName.objects.bulk_create(rows, batch_size=2000)
    index_version_bump()
    user = User.objects.get(username="isa.contact")
    return api_token_create(actor=None, user=user, name="bench")[1]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def server_cpu_seconds(pid: int) -> float:
    """CPU time of gunicorn's master and workers so far (Linux /proc), 0 where unreadable."""
    ticks = os.sysconf("SC_CLK_TCK")
    total = 0.0
    children = Path(f"/proc/{pid}/task/{pid}/children")
    pids = [pid] + ([int(p) for p in children.read_text().split()] if children.exists() else [])
    for p in pids:
        try:
            fields = Path(f"/proc/{p}/stat").read_text().rsplit(")", 1)[1].split()
            total += (int(fields[11]) + int(fields[12])) / ticks
        except (OSError, IndexError, ValueError):
            return 0.0
    return total


def stages(token: str, names: list[str], bodies: list[bytes]) -> None:
    """Where one check's time goes, in this process (no server, no client). The screening's share
    is measured by difference — the same calls through the WSGI application, once screening and
    once handed the candidates computed beforehand — because a stage timed alone in a loop runs
    from warm caches and looks cheaper than it is inside a request. Each stage alone is shown
    too, as a guide to what inside the screening costs most. Shares move less with the
    machine's hour than rates do."""
    import io

    from renkei.accounts.services import api_token_authenticate
    from renkei.screening import selectors, services
    from renkei.screening.matching import Query, score_candidate
    from renkei.screening.names import name_keys
    from renkei.wsgi import application

    def call(body: bytes) -> None:
        environ = {
            "REQUEST_METHOD": "POST",
            "PATH_INFO": "/api/v1/screening/check",
            "SERVER_NAME": "127.0.0.1",
            "SERVER_PORT": "80",
            "HTTP_HOST": "127.0.0.1",
            "HTTP_AUTHORIZATION": f"Bearer {token}",
            "CONTENT_TYPE": "application/json",
            "CONTENT_LENGTH": str(len(body)),
            "wsgi.input": io.BytesIO(body),
            "wsgi.url_scheme": "http",
            "wsgi.errors": sys.stderr,
        }
        b"".join(application(environ, lambda status, headers, *exc: None))

    def interleaved(measures: dict, rounds: int = 10, batch: int = 200) -> dict[str, float]:
        """µs per name of each measure, timed in turns (this machine's speed drifts by the
        minute): the median of the rounds."""
        times: dict[str, list[float]] = {label: [] for label in measures}
        for r in range(rounds + 1):
            for label, work in measures.items():
                start = (r * batch) % len(names)
                t0 = time.perf_counter()
                for i in range(start, start + batch):
                    work(i % len(names))
                if r:  # the first round warms up
                    times[label].append((time.perf_counter() - t0) / batch * 1e6)
        return {label: statistics.median(t) for label, t in times.items()}

    user = api_token_authenticate(token)
    index = selectors.index_for_screening()
    scope, _index = selectors.scope_and_index_for(user)
    keys = [name_keys(n) for n in names]
    found = [index.candidates(k, "", "", scope) for k in keys]
    ranked = {
        n: selectors.screening_check_many_for(user, [Query(name=services.screening_name_clean(n))])
        for n in names
    }

    check_many_for, name_clean = selectors.screening_check_many_for, services.screening_name_clean

    def answered(i: int) -> None:
        selectors.screening_check_many_for = lambda actor, queries: ranked[queries[0].name]
        services.screening_name_clean = str
        try:
            call(bodies[i])
        finally:
            selectors.screening_check_many_for = check_many_for
            services.screening_name_clean = name_clean

    def fresh_keys(i: int) -> None:
        name_keys.cache_clear()
        name_keys(names[i])

    alone = {
        "the name's keys": fresh_keys,
        "caller's scope, index version": lambda i: selectors.scope_and_index_for(user),
        "candidates": lambda i: index.candidates(keys[i], "", "", scope),
        "full scores": lambda i: [
            score_candidate(Query(name=names[i]), keys[i], index.names[p], []) for p in found[i]
        ],
    }
    micros = interleaved({"whole": lambda i: call(bodies[i]), "answered": answered, **alone})
    whole, answered = micros.pop("whole"), micros.pop("answered")
    alone = list(micros.items())
    screening = whole - answered
    mean = sum(map(len, found)) / len(found)
    print(f"one check in this process ({mean:.1f} candidates scored in full per name on average)")
    print(f"  {'':<44} {'µs':>7} {'share':>6}")
    print(f"  {'whole call through the WSGI application':<44} {whole:>7.0f} {1:>6.0%}")
    print(f"  {'screening (by difference)':<44} {screening:>7.0f} {screening / whole:>6.0%}")
    for label, micros in alone:
        print(f"  {'  ' + label + ', timed alone':<44} {micros:>7.0f}")
    print(
        f"  {'Django, ninja, token, answer to JSON':<44} {answered:>7.0f} {answered / whole:>6.0%}"
    )


def endpoint(
    register: int, seconds: float, workers: int, threads: int, rounds: int, ceiling: bool = False
) -> None:
    token = populate_register(register)
    names = make_names(2000, seed=4)
    bodies = [json.dumps({"names": [n]}).encode() for n in names]
    stages(token, names, bodies)
    checks = [("POST", "/api/v1/screening/check", body) for body in bodies]
    headers = {"Authorization": f"Bearer {token}", "Content-Type": "application/json"}
    health = [("GET", "/api/v1/health", b"")]

    results = serve_rounds(
        "renkei.wsgi:application", checks, headers, health, seconds, workers, threads, rounds
    )
    print(
        f"endpoint: POST /api/v1/screening/check, {register:,} stored names, gunicorn "
        f"{workers} sync workers, {threads} connections from "
        f"{client()}, "
        f"{rounds} rounds of {seconds:.0f} s"
    )
    print(
        f"  {'round':>5} {'req/s':>8} {'p99 ms':>7} {'server CPU ms/req':>18} {'health req/s':>13}"
        f" {'check/health':>13}"
    )
    for i, (rate, p99, cpu, base_rate, _base_p99) in enumerate(results, 1):
        print(
            f"  {i:>5} {rate:>8.0f} {p99:>7.1f} {cpu:>18.2f} {base_rate:>13.0f}"
            f" {rate / base_rate:>13.2f}"
        )
    rate = statistics.median(r[0] for r in results)
    p99 = statistics.median(r[1] for r in results)
    ratio = statistics.median(r[0] / r[3] for r in results)
    # The headline is the ratio to the constant endpoint on the same server in the same run:
    # absolute figures move with the host more than with the code, so they are information only.
    print(f"  check / constant JSON: {ratio:.2f}  (goal ≥ 0.8)  {'ok' if ratio >= 0.8 else 'LOW'}")
    print(f"  for information: median {rate:,.0f} requests/s, p99 {p99:.1f} ms on this host")
    if ceiling:
        # What faster matching could reach: the same server with each name's candidates found
        # and scored once per worker, then answered from memory; then with the caller's scope
        # and the index version read once too (screening_ceiling.py). The rest of a check (the
        # token, the name's cleaning, the answer) is still done on every call.
        for app, label in (
            ("matching_free", "candidates found and scored for nothing"),
            ("matching_and_scope_free", "and the caller's scope read for nothing"),
        ):
            results = serve_rounds(
                f"screening_ceiling:{app}",
                checks,
                headers,
                health,
                seconds,
                workers,
                threads,
                rounds,
            )
            ratio = statistics.median(r[0] / r[3] for r in results)
            each = ", ".join(f"{r[0] / r[3]:.2f}" for r in results)
            print(f"  ceiling, {label}: {ratio:.2f} (rounds {each})")


def serve_rounds(
    app: str,
    checks: list,
    headers: dict,
    health: list,
    seconds: float,
    workers: int,
    threads: int,
    rounds: int,
    warm: int = 50,
) -> list[tuple[float, float, float, float, float]]:
    """``rounds`` alternating loads of the checks and the health endpoint on one gunicorn
    serving ``app``, after a warm-up on the first ``warm`` checks: each round's check rate, p99,
    server CPU ms a check, health rate and p99."""
    port = free_port()
    server = subprocess.Popen(  # noqa: S603 - our own gunicorn, bound to loopback
        [
            sys.executable,
            "-m",
            "gunicorn",
            app,
            "--bind",
            f"127.0.0.1:{port}",
            "--workers",
            str(workers),
            "--log-level",
            "warning",
        ],
        # Thousands of checks a second through one token, on purpose: no rate limits (ADR 20).
        env={
            **os.environ,
            "PYTHONPATH": os.pathsep.join((str(ROOT / "src"), str(ROOT / "bench"))),
            "API_RATE_LIMIT": "",
            "LOGIN_RATE_LIMIT": "",
        },
    )
    results = []
    try:
        for _ in range(100):
            try:
                socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
                break
            except OSError:
                time.sleep(0.1)
        # Warm-up: each worker builds its index (and, with ``warm``, meets each name).
        load(port, checks[:warm], headers, max(2.0, warm / 500), threads)
        for _ in range(rounds):
            cpu0 = server_cpu_seconds(server.pid)
            rate, p99 = load(port, checks, headers, seconds, threads)
            cpu = (server_cpu_seconds(server.pid) - cpu0) / (rate * seconds) * 1000
            # The same server answering a constant JSON document: what this machine allows,
            # with the load generator on the same two cores.
            base_rate, base_p99 = load(port, health, {}, seconds, threads)
            results.append((rate, p99, cpu, base_rate, base_p99))
    finally:
        server.terminate()
        server.wait(timeout=10)
    return results


def python_build() -> str:
    """Which interpreter runs the bench, and whether it runs from a shared libpython (as a
    self-built Python without optimisation usually does): the interpreter's build moves the
    rate by a fifth (ADR 15)."""
    base = os.path.realpath(getattr(sys, "_base_executable", sys.executable))
    try:
        maps = Path("/proc/self/maps").read_text()
    except OSError:
        maps = ""
    shared = "libpython" in maps
    return (
        f"{' '.join(sys.version.split())}, {base}, "
        f"{'interpreter in a shared libpython' if shared else 'interpreter linked statically'}"
    )


def machine() -> str:
    """The processor and how many cores this process may use: the same code has run here at
    twice the rate on one host as on another, so a figure means little without its machine."""
    fields: dict[str, str] = {}
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            key, _, value = line.partition(":")
            fields.setdefault(key.strip(), value.strip())
    except OSError:
        pass
    model = fields.get("model name", "unknown processor")
    family = f", family {fields['cpu family']} model {fields['model']}" if "model" in fields else ""
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    return f"{model}{family}, {cores} cores"


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--stored", type=int, default=100_000)
    parser.add_argument("--new", type=int, default=10_000)
    parser.add_argument("--register", type=int, default=10_000)
    parser.add_argument("--seconds", type=float, default=8.0)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--threads", type=int, default=4, help="connections")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--endpoint-only", action="store_true")
    parser.add_argument(
        "--ceiling",
        action="store_true",
        help="also load a server whose candidates cost nothing (see screening_ceiling.py)",
    )
    args = parser.parse_args()
    vendor = configure()
    print(f"database: {vendor}")
    from renkei.screening import scoring

    compiled = not scoring.__file__.endswith(".py")
    print(f"scorer: {'compiled by mypyc (ADR 12)' if compiled else 'Python source'}")
    print(f"python: {python_build()}")
    print(f"machine: {machine()}")
    if not args.endpoint_only:
        candidates_growth([args.register, args.stored])
        batch(args.stored, args.new)
    endpoint(args.register, args.seconds, args.workers, args.threads, args.rounds, args.ceiling)


if __name__ == "__main__":
    main()
