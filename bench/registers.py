"""Registers as the years add events: public pages, the status on a date, and the examiners'
verification endpoint.

    .venv/bin/python bench/registers.py                          # SQLite (fresh temp dir)
    ./scripts/with-postgres .venv/bin/python bench/registers.py  # PostgreSQL
    .venv/bin/python bench/registers.py --events 20000,100000 --seconds 3   # quickly

Generates 20,000 sending organisations, then their histories (rows in bulk: this measures
reads), size by size: 100,000 events, then 1,000,000 (each organisation's life of
accreditations, investigations, suspensions, expiries and renewals, reaching further back;
one organisation in a hundred stays young, five events at every size).
Prints:

- a generated 10,000-row support-organisation list imported through the real import, and the
  worker screening its rows: time and peak memory, as information;
- at each size, the p95 of the public register page, its searches and the status-on-a-date
  look-up, and the headline, each one's growth from the smallest size to the largest
  (goal ≤ 1.5);
- under gunicorn on 127.0.0.1, the verification endpoint's throughput as a ratio to the
  constant-JSON endpoint on the same server, in turns (goal ≥ 0.8, the headline; req/s and p99
  as information, as they move with the host).
"""

from __future__ import annotations

import argparse
import csv
import io
import os
import random
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

from growth import growth_table, timed  # noqa: E402 - beside this script
from loadgen import client, load  # noqa: E402


def configure() -> str:
    if not os.environ.get("DATABASE_URL"):
        os.environ["RENKEI_HOME"] = tempfile.mkdtemp(prefix="renkei-bench-")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "renkei.settings")
    os.environ.setdefault("ALLOWED_HOSTS", "127.0.0.1,localhost,testserver")
    from django.db import connection

    # Set up as the server sets itself up (renkei.wsgi: Django, the bearer-call stack, and the
    # loaded objects frozen out of full garbage collections), so the pages timed in-process
    # below pay what they pay under gunicorn.
    import renkei.wsgi  # noqa: F401

    return connection.vendor


def populate(organisations: int, seed: int = 11) -> None:
    from django.core.management import call_command

    from renkei.agreements.demo import demo_seed
    from renkei.agreements.models import Agreement
    from renkei.registry.identifiers import licence_key, search_key
    from renkei.registry.models import SendingOrganisation

    call_command("setup", "--no-static", verbosity=0)
    demo_seed()
    if SendingOrganisation.objects.count() >= organisations:
        return
    rng = random.Random(seed)  # noqa: S311 - reproducible test data
    agreements = [
        a for a in Agreement.objects.all() if a.provision_in_force("sending_org_accreditation")
    ]
    syllables = [
        "lao",
        "sok",
        "dara",
        "phon",
        "vong",
        "keo",
        "man",
        "power",
        "asia",
        "star",
        "global",
        "trust",
    ]
    orgs = []
    for i in range(organisations):
        agreement = agreements[i % len(agreements)]
        latin = " ".join(rng.choice(syllables).capitalize() for _ in range(3)) + f" {i} Co., Ltd."
        licence = f"{agreement.code}-{i:06d}"
        orgs.append(
            SendingOrganisation(
                agreement=agreement,
                name_original=latin,
                name_latin=latin,
                name_ja=f"送出機関{i}",
                licence_number=licence,
                licence_key=licence_key(licence),
                search_text=search_key(latin, latin, f"送出機関{i}", licence_key(licence)),
            )
        )
    SendingOrganisation.objects.bulk_create(orgs, batch_size=5000)


# An organisation's life, over and over: applied, examined, accredited for three years, guided,
# investigated and reinstated, suspended and reinstated, expired, and applying again. (kind, days
# after the previous event.)
LIFE = [
    ("applied", 0),
    ("examined", 30),
    ("accredited", 30),
    ("guidance", 120),
    ("guidance", 120),
    ("under_investigation", 90),
    ("reinstated", 60),
    ("guidance", 120),
    ("suspended", 90),
    ("reinstated", 60),
    ("expired", 375),
    ("applied", 20),
]


# Every YOUNG_EVERY-th organisation is young: accredited lately, with a history of YOUNG_HISTORY
# events at every size. Its status on a date is the same question in year one and year ten, so
# its cost shows what the register's size alone does; an old organisation's answer lists a
# history that grows with the years.
YOUNG_EVERY = 100
YOUNG_HISTORY = 5


def _is_young(number: int) -> bool:
    return number % YOUNG_EVERY == 2  # organisation 2, 102, 202…: LA's, as i % 4 == 2 is


def histories(events: int, seed: int = 13) -> None:
    """The organisations' events, about ``events`` in all, each history ending in the last
    months: a larger number is a longer past, as the years add it (the young organisations
    excepted, see YOUNG_EVERY)."""
    from django.utils import timezone

    from renkei.accounts.models import User
    from renkei.registry.models import AccreditationEvent, SendingOrganisation
    from renkei.registry.public_status import public_status_rebuild

    organisations = list(
        SendingOrganisation.objects.all()
        .only("pk", "agreement_id", "licence_number")
        .select_related("agreement")
    )
    per_org = max(1, events // len(organisations))
    young = {o.pk for o in organisations if _is_young(int(o.licence_number.split("-")[1]))}
    planned = per_org * (len(organisations) - len(young)) + min(per_org, YOUNG_HISTORY) * len(young)
    if AccreditationEvent.objects.count() == planned:
        return
    AccreditationEvent.objects.all().delete()
    rng = random.Random(seed)  # noqa: S311 - reproducible test data
    recorder = {
        code: User.objects.get(username=f"{code.lower()}.contact")
        for code in {o.agreement.code for o in organisations}
    }
    now, today = timezone.now(), timezone.localdate()
    cycle = LIFE[1:]  # after the first application, the life repeats from "examined"
    rows = []
    for org in organisations:
        length = min(per_org, YOUNG_HISTORY) if org.pk in young else per_org
        plan = [LIFE[0]] + [cycle[i % len(cycle)] for i in range(length - 1)]
        span = sum(days for _kind, days in plan)
        day = today - timedelta(days=span + rng.randint(0, 60))
        for kind, days in plan:
            day += timedelta(days=days)
            rows.append(
                AccreditationEvent(
                    organisation_id=org.pk,
                    kind=kind,
                    effective_date=day,
                    valid_until=day + timedelta(days=3 * 365) if kind == "accredited" else None,
                    reason="bench" if kind in ("suspended",) else "",
                    recorded_by=recorder[org.agreement.code],
                    recorded_at=now,
                    approved_at=now if kind in AccreditationEvent.PUBLIC_KINDS else None,
                )
            )
        if len(rows) >= 20000:
            AccreditationEvent.objects.bulk_create(rows)
            rows = []
    AccreditationEvent.objects.bulk_create(rows)
    # Released in bulk, around accreditation_approve: the register's periods compiled once after.
    public_status_rebuild()
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE" if connection.vendor == "postgresql" else "ANALYZE")


def support_list(rows: int) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(["登録支援機関一覧（2026年11月1日現在）"])
    writer.writerow(
        [
            "登録番号",
            "登録年月日",
            "氏名又は名称",
            "郵便番号",
            "住所",
            "電話番号",
            "代表者の氏名",
            "支援を行う事務所の所在地",
            "支援業務開始予定年月日",
            "対応可能言語",
            "備考",
        ]
    )
    # Representatives drawn from 40,000 family-and-given-name combinations, one telephone number
    # per organisation: as in ISA's list, a few namesakes among thousands, which screening
    # rightly puts up for review; not one person representing every organisation.
    rng = random.Random(7)  # noqa: S311 - reproducible data
    family = [
        a + b for a in "山田川中村本木藤井野松小大高石林森池橋吉" for b in "田川村本木野沢島谷口"
    ]
    given = [
        a + b for a in "健大翔陽和拓直浩誠裕美恵由真智明秀正康勇" for b in "太一郎介子美樹也人斗"
    ]
    for i in range(rows):
        writer.writerow(
            [
                f"{19 + i % 7}登-{i:06d}",
                "2021/04/01",
                f"株式会社支援{i}",
                "100-0001",
                f"東京都千代田区{i}",
                f"03-{1000 + i // 10000:04d}-{i % 10000:04d}",
                rng.choice(family) + rng.choice(given),
                "東京都",
                "2021/05/01",
                "英語、ベトナム語",
                "",
            ]
        )
    return buffer.getvalue().encode("utf-8")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--organisations", type=int, default=20_000)
    parser.add_argument(
        "--events", default="100000,1000000", help="comma-separated, ascending: the years grow"
    )
    parser.add_argument("--support-rows", type=int, default=10_000)
    parser.add_argument("--runs", type=int, default=30)
    parser.add_argument("--seconds", type=float, default=8.0, help="length of each load run")
    args = parser.parse_args()
    sizes = sorted(int(size) for size in args.events.split(","))
    vendor = configure()
    populate(args.organisations)
    support_import(args.support_rows)

    cases = _cases()
    p95s: dict[str, list[float]] = {name: [] for name, _fn in cases}
    for size in sizes:
        t0 = time.perf_counter()
        histories(size)
        print(
            f"database: {vendor}; {args.organisations:,} organisations, {size:,} events "
            f"ready in {time.perf_counter() - t0:.0f} s"
        )
        for name, fn in cases:
            p95s[name].append(timed(fn, args.runs)[1])
    growth_table(p95s, sizes, unit="events", information={OLD_TODAY, OLD_A_YEAR_AGO})
    verification_load(args.organisations, args.seconds)


def support_import(rows: int) -> None:
    """A first import of the whole support list, and the worker screening its rows: time and
    the peak of Python's memory for each, as information."""
    import tracemalloc

    from django.core.management import call_command

    from renkei.registry.models import SupportOrganisation, SupportOrgListVersion
    from renkei.registry.support_list import support_orgs_import
    from renkei.screening.models import Hit

    content = support_list(rows)
    SupportOrgListVersion.objects.all().delete()
    SupportOrganisation.objects.all().delete()
    tracemalloc.start()
    t0 = time.perf_counter()
    report = support_orgs_import(
        actor=None, content=content, filename="list.csv", as_of=date(2026, 11, 1)
    )
    seconds, peak = time.perf_counter() - t0, tracemalloc.get_traced_memory()[1]
    tracemalloc.reset_peak()
    print(
        f"support-organisation import: {report.version.rows:,} rows in {seconds:.2f} s, "
        f"peak Python memory {peak / 2**20:.0f} MB (tracemalloc)"
    )
    # The import queued the screening of its rows; `renkei worker --once` runs it as the worker
    # does in production (keys, index, candidates, scores, hits).
    hits_before = Hit.objects.count()
    t0 = time.perf_counter()
    call_command("worker", "--once", stdout=io.StringIO())
    seconds, peak = time.perf_counter() - t0, tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    print(
        f"  screening those rows in the worker: {seconds:.2f} s, peak Python memory "
        f"{peak / 2**20:.0f} MB, {Hit.objects.count() - hits_before} hits for review"
    )


def _cases():
    """In this process, as the pages and the API run them: the public register and its
    searches, and the examiners' status-on-a-date look-up."""
    from django.test import Client
    from django.utils import timezone

    from renkei.accounts.models import User
    from renkei.registry.selectors import verify_sending_org

    client = Client()
    today = timezone.localdate().isoformat()
    # Inside every size's histories (the shortest reach back about a year).
    half_a_year_ago = (timezone.localdate() - timedelta(days=182)).isoformat()

    def get(url):
        def run():
            response = client.get(url)
            assert response.status_code == 200, (url, response.status_code)

        return run

    def verify(on: date, young: bool = False):
        examiner = User.objects.get(username="isa.examiner")
        licences = [f"LA-{i:06d}" for i in range(2, 8000, 4) if _is_young(i) == young]
        state = {"i": 0}

        def run():
            state["i"] += 1
            _agreement, found = verify_sending_org(
                examiner, "LA", on, licence=licences[state["i"] % len(licences)]
            )
            assert found

        return run

    register = "/public/LA/sending-organisations/"
    return [
        ("register LA, as of today", get(f"{register}?on={today}")),
        ("register LA, as of half a year ago", get(f"{register}?on={half_a_year_ago}")),
        ("search by name 'star asia'", get(f"{register}?on={today}&q=star%20asia")),
        ("search by licence 'la-000102'", get(f"{register}?on={today}&q=la-000102")),
        ("search in Japanese '送出機関101'", get(f"{register}?on={today}&q=送出機関101")),
        ("support organisations, search", get("/public/LA/support-organisations/?q=支援12")),
        ("status on a date, young organisation", verify(timezone.localdate(), young=True)),
        (OLD_TODAY, verify(timezone.localdate())),
        (OLD_A_YEAR_AGO, verify(timezone.localdate() - timedelta(days=365))),
    ]


# The old organisations' answers list their whole history, ten times longer at the larger size:
# their growth is shown, as information, not held to the goal.
OLD_TODAY = "status on a date, old organisation (history ×10)"
OLD_A_YEAR_AGO = "status on a date, old organisation, a year ago (history ×10)"


def verification_load(organisations: int, seconds: float) -> None:
    """The verification endpoint under gunicorn, as a ratio to the constant endpoint on the
    same server in the same run (the headline); rates and p99 as information."""
    from renkei.accounts.models import User
    from renkei.accounts.services import api_token_create

    _token, secret = api_token_create(
        actor=None, user=User.objects.get(username="isa.examiner"), name="bench"
    )
    port = free_port()
    # Thousands of calls a second through one token, on purpose: no rate limits (ADR 20).
    env = {**os.environ, "ALLOWED_HOSTS": "127.0.0.1", "API_RATE_LIMIT": "", "LOGIN_RATE_LIMIT": ""}
    server = subprocess.Popen(  # noqa: S603 - our own server, fixed arguments
        [sys.executable, "-m", "renkei", "serve", "--port", str(port), "--workers", "2"],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        for _ in range(100):
            try:
                socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
                break
            except OSError:
                time.sleep(0.1)
        headers = {"Authorization": f"Bearer {secret}", "Host": "127.0.0.1"}
        # Different organisations and dates on every request: 4 agreements with a register,
        # organisation i belongs to the (i % 4)-th, LA is the third.
        verify = [
            (
                "GET",
                f"/api/v1/verify/sending-organisation?agreement=LA&licence=LA-{i:06d}"
                f"&on={2023 + i % 3}-0{1 + i % 9}-15",
                b"",
            )
            for i in range(2, min(organisations, 8000), 4)
            if not _is_young(i)  # each answer replays the long history
        ]
        health = [("GET", "/api/v1/health", b"")]
        load(port, verify, headers, 1.0, 2)  # warm the workers
        # In turns, so a slow minute of the host weighs on both alike: the median of three.
        ratios, rates = [], []
        for _round in range(3):
            base_rps, base_p99 = load(port, health, {"Host": "127.0.0.1"}, seconds, 4)
            rps, p99 = load(port, verify, headers, seconds, 4)
            ratios.append(rps / base_rps)
            rates.append((base_rps, base_p99, rps, p99))
    finally:
        server.terminate()
        server.wait(timeout=10)
    ratio = statistics.median(ratios)
    print(f"gunicorn (2 workers), {seconds:.0f} s each, 4 connections from {client()}:")
    for base_rps, base_p99, rps, p99 in rates:
        print(
            f"  constant JSON {base_rps:6.0f} req/s (p99 {base_p99:5.1f} ms)   "
            f"verification {rps:6.0f} req/s (p99 {p99:5.1f} ms)   ratio {rps / base_rps:.2f}"
        )
    print(
        f"  verification / constant JSON (median of 3): {ratio:.2f}  (goal ≥ 0.8)  "
        f"{'ok' if ratio >= 0.8 else 'LOW'}"
    )


if __name__ == "__main__":
    main()
