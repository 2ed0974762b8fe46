"""Registers at scale: import, public pages, and the examiners' verification endpoint.

    .venv/bin/python bench/registers.py                          # SQLite (fresh temp dir)
    ./scripts/with-postgres .venv/bin/python bench/registers.py  # PostgreSQL

Generates 20,000 sending organisations with 100,000 accreditation events (rows in bulk: this
measures reads) and imports a generated 10,000-row support-organisation list through the real
import. Prints: the import time (target < 10 s); p50/p95 of the public register page and of a
search on it (target p95 < 200 ms); and, under gunicorn on 127.0.0.1 for a bounded few seconds,
the verification endpoint's throughput as a ratio to a constant-JSON endpoint on the same server
(goal ≥ 0.8, the headline; req/s and p99 are printed as information, as they move with the host).
"""

from __future__ import annotations

import argparse
import csv
import http.client
import io
import os
import random
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from datetime import date, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))


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


def populate(organisations: int, events: int, seed: int = 11) -> None:
    from django.core.management import call_command
    from django.utils import timezone

    from renkei.accounts.models import User
    from renkei.agreements.demo import demo_seed
    from renkei.agreements.models import Agreement
    from renkei.registry.identifiers import licence_key, search_key
    from renkei.registry.models import AccreditationEvent, SendingOrganisation
    from renkei.registry.public_status import public_status_rebuild

    call_command("setup", "--no-static", verbosity=0)
    demo_seed()
    if SendingOrganisation.objects.count() >= organisations:
        return
    rng = random.Random(seed)  # noqa: S311 - reproducible test data
    agreements = [
        a for a in Agreement.objects.all() if a.provision_in_force("sending_org_accreditation")
    ]
    recorder = {a.code: User.objects.get(username=f"{a.code.lower()}.contact") for a in agreements}
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
    now = timezone.now()
    start = date(2023, 1, 1)
    rows = []
    per_org = events // organisations
    for org in (
        SendingOrganisation.objects.all().only("pk", "agreement_id").select_related("agreement")
    ):
        day = start + timedelta(days=rng.randint(0, 300))
        plan = [
            "applied",
            "examined",
            "accredited",
            "guidance",
            rng.choice(["revoked", "suspended", "under_investigation", "guidance"]),
        ][:per_org]
        for kind in plan:
            until = day + timedelta(days=3 * 365) if kind == "accredited" else None
            rows.append(
                AccreditationEvent(
                    organisation_id=org.pk,
                    kind=kind,
                    effective_date=day,
                    valid_until=until,
                    reason="bench" if kind in ("revoked", "suspended") else "",
                    recorded_by=recorder[org.agreement.code],
                    recorded_at=now,
                    approved_at=now if kind in ("accredited", "revoked") else None,
                )
            )
            day += timedelta(days=rng.randint(1, 90))
        if len(rows) >= 20000:
            AccreditationEvent.objects.bulk_create(rows)
            rows = []
    AccreditationEvent.objects.bulk_create(rows)
    # Released in bulk, around accreditation_approve: the register's periods compiled once after.
    public_status_rebuild()


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


def timed(fn, runs: int) -> tuple[float, float]:
    fn()
    samples = []
    for _ in range(runs):
        t0 = time.perf_counter()
        fn()
        samples.append((time.perf_counter() - t0) * 1000)
    samples.sort()
    return statistics.median(samples), samples[max(0, round(0.95 * len(samples)) - 1)]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def load(port: int, paths, headers: dict, seconds: float, threads: int) -> tuple[float, float]:
    """Bounded closed-loop load from a few keep-alive connections; returns (req/s, p99 ms).
    ``paths`` is one path or a list to cycle through (so no answer is served from a cache)."""
    paths = [paths] if isinstance(paths, str) else paths
    latencies: list[float] = []
    lock = threading.Lock()
    deadline = time.perf_counter() + seconds

    def worker():
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
        mine = []
        index = random.randrange(len(paths))  # noqa: S311
        while time.perf_counter() < deadline:
            path = paths[index % len(paths)]
            index += 1
            t0 = time.perf_counter()
            conn.request("GET", path, headers=headers)
            response = conn.getresponse()
            response.read()
            if response.status != 200:
                raise RuntimeError(f"{path}: HTTP {response.status}")
            mine.append((time.perf_counter() - t0) * 1000)
        conn.close()
        with lock:
            latencies.extend(mine)

    pool = [threading.Thread(target=worker) for _ in range(threads)]
    for t in pool:
        t.start()
    for t in pool:
        t.join()
    latencies.sort()
    return len(latencies) / seconds, latencies[int(0.99 * (len(latencies) - 1))]


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--organisations", type=int, default=20_000)
    parser.add_argument("--events", type=int, default=100_000)
    parser.add_argument("--support-rows", type=int, default=10_000)
    parser.add_argument("--runs", type=int, default=30)
    parser.add_argument("--seconds", type=float, default=8.0, help="length of each load run")
    args = parser.parse_args()
    vendor = configure()
    t0 = time.perf_counter()
    populate(args.organisations, args.events)
    from renkei.registry.models import AccreditationEvent, SendingOrganisation

    print(
        f"database: {vendor}; {SendingOrganisation.objects.count()} organisations, {AccreditationEvent.objects.count()} events ready in {time.perf_counter() - t0:.0f} s"
    )

    from renkei.registry.models import SupportOrganisation, SupportOrgListVersion
    from renkei.registry.support_list import support_orgs_import

    content = support_list(args.support_rows)
    # A first import of the whole list, every time the benchmark runs.
    SupportOrgListVersion.objects.all().delete()
    SupportOrganisation.objects.all().delete()
    t0 = time.perf_counter()
    report = support_orgs_import(
        actor=None, content=content, filename="list.csv", as_of=date(2026, 11, 1)
    )
    import_seconds = time.perf_counter() - t0
    print(
        f"support-organisation import: {report.version.rows} rows in {import_seconds:.2f} s  target < 10 s  {'ok' if import_seconds < 10 else 'SLOW'}"
    )
    # The import queued the screening of its rows; `renkei worker --once` runs it as the worker
    # does in production (keys, index, candidates, scores, hits).
    from django.core.management import call_command

    from renkei.screening.models import Hit

    hits_before = Hit.objects.count()
    t0 = time.perf_counter()
    call_command("worker", "--once", stdout=io.StringIO())
    print(
        f"  screening those rows in the worker: {time.perf_counter() - t0:.2f} s, "
        f"{Hit.objects.count() - hits_before} hits for review"
    )

    from django.test import Client

    client = Client()
    today = date.today().isoformat()

    def get(url):
        def run():
            response = client.get(url)
            assert response.status_code == 200, (url, response.status_code)

        return run

    print(f"{'public page':<40}{'p50 ms':>9}{'p95 ms':>9}  target p95 < 200 ms")
    for name, url in [
        ("register LA, as of today", f"/public/LA/sending-organisations/?on={today}"),
        ("register LA, as of 2024-06-01", "/public/LA/sending-organisations/?on=2024-06-01"),
        (
            "search by name 'star asia'",
            f"/public/LA/sending-organisations/?on={today}&q=star%20asia",
        ),
        (
            "search by licence 'la-000102'",
            f"/public/LA/sending-organisations/?on={today}&q=la-000102",
        ),
        (
            "search in Japanese '送出機関101'",
            f"/public/LA/sending-organisations/?on={today}&q=送出機関101",
        ),
        ("support organisations, search", "/public/LA/support-organisations/?q=支援12"),
    ]:
        p50, p95 = timed(get(url), args.runs)
        print(f"{name:<40}{p50:>9.1f}{p95:>9.1f}  {'ok' if p95 < 200 else 'SLOW'}")

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
            f"/api/v1/verify/sending-organisation?agreement=LA&licence=LA-{i:06d}&on={2023 + i % 3}-0{1 + i % 9}-15"
            for i in range(2, min(args.organisations, 8000), 4)
        ]
        load(port, verify, headers, 1.0, 2)  # warm the workers
        base_rps, base_p99 = load(port, "/api/v1/health", {"Host": "127.0.0.1"}, args.seconds, 4)
        rps, p99 = load(port, verify, headers, args.seconds, 4)
    finally:
        server.terminate()
        server.wait(timeout=10)
    ratio = rps / base_rps
    print(f"gunicorn (2 workers), {args.seconds:.0f} s each, 4 keep-alive clients on 127.0.0.1:")
    print(f"  constant JSON /api/v1/health     {base_rps:8.0f} req/s   p99 {base_p99:6.1f} ms")
    print(f"  verification                     {rps:8.0f} req/s   p99 {p99:6.1f} ms")
    print(
        f"  verification / constant JSON: {ratio:.2f}  (goal ≥ 0.8)  {'ok' if ratio >= 0.8 else 'LOW'}"
    )


if __name__ == "__main__":
    main()
