"""Soak: officers of both sides working exchanges, consents and registers at once, through
gunicorn, for some minutes; then the record is checked.

    ./scripts/with-postgres .venv/bin/python bench/soak.py                 # 50 officers, 10 min
    ./scripts/with-postgres .venv/bin/python bench/soak.py --minutes 1     # what CI runs
    .venv/bin/python bench/soak.py --minutes 1 --officers 20               # on SQLite

Starts a throw-away instance (a new database on the server DATABASE_URL names, or SQLite),
four gunicorn workers, and N threads, each an officer of Japan or of a partner working the way
a contact point does: drafting and sending inquiries, acknowledging and answering what arrives,
asking for and granting written consent, registering sending organisations. Several officers
share an account, so they race each other for the same exchanges.

Prints requests per second, p50/p99 latency, the count of 5xx, of lost writes (a 2xx whose
effect is missing from the database or the ledger) and of impossible histories (audit verify's
replay), and the result of `verify --checkpoint` against a checkpoint signed at the start.
Exits non-zero unless the last three counts are 0 and the checkpoint check passes.
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import sys
import tempfile
import threading
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

from renkei.ops.instance import instance_create  # noqa: E402

PARTNERS = {"la.contact": "LA", "kh.contact": "KH", "kg.contact": "KG", "tj.contact": "TJ"}
JP = "isa.contact"
WRITES = ("create", "send", "acknowledge", "answer", "consent_request", "consent", "org")


class Officer(threading.Thread):
    def __init__(self, number, instance, deadline, results, seed):
        super().__init__(daemon=True)
        self.instance, self.deadline, self.results = instance, deadline, results
        self.rng = random.Random(seed)  # noqa: S311 - a reproducible workload, not secrets
        users = [*PARTNERS, JP]
        self.user = users[number % len(users)]
        self.codes = [PARTNERS[self.user]] if self.user in PARTNERS else list(PARTNERS.values())
        self.number = number

    def call(self, method, path, body=None, kind=None):
        started = time.perf_counter()
        try:
            answer = self.instance.call(method, path, self.user, body, timeout=30)
        except OSError as error:
            self.results.record(None, time.perf_counter() - started, kind, None, str(error))
            return None
        self.results.record(answer.status, time.perf_counter() - started, kind, answer, path)
        return answer

    def run(self):
        while time.monotonic() < self.deadline:
            code = self.rng.choice(self.codes)
            step = self.rng.choices(
                [self.draft_and_send, self.work_inbox, self.consents, self.register],
                weights=[3, 5, 2, 1 if self.user in PARTNERS else 0],
            )[0]
            step(code)

    def draft_and_send(self, code):
        created = self.call(
            "POST",
            f"/api/v1/agreements/{code}/exchanges",
            {
                "type": "inquiry",
                "subject": f"照会 {self.number}",
                "body": "確認をお願いします。",
                "language": "ja",
                "translations": {
                    "en": {"subject": f"Soak inquiry {self.number}", "body": "Please confirm."}
                },
                "details": {},
            },
            kind="create",
        )
        if created is not None and created.status == 201:
            self.call("POST", f"/api/v1/exchanges/{created.body['id']}/send", kind="send")

    def _inbox(self, code, status):
        listed = self.call("GET", f"/api/v1/agreements/{code}/exchanges?box=inbox&status={status}")
        if listed is None or listed.status != 200 or not listed.body["items"]:
            return None
        return self.rng.choice(listed.body["items"][:10])

    def work_inbox(self, code):
        item = self._inbox(code, self.rng.choice(["sent", "acknowledged"]))
        if item is None:
            return
        if item["status"] == "sent" and self.rng.random() < 0.5:
            self.call("POST", f"/api/v1/exchanges/{item['id']}/acknowledge", kind="acknowledge")
        else:
            self.call(
                "POST",
                f"/api/v1/exchanges/{item['id']}/replies",
                {"body": "Confirmed.", "is_answer": True, "language": "en"},
                kind="answer",
            )

    def consents(self, code):
        if self.rng.random() < 0.5:
            item = self._inbox(code, "answered")
            if item is not None:
                self.call(
                    "POST",
                    f"/api/v1/exchanges/{item['id']}/consent-requests",
                    {"recipient_kind": "agency", "recipient_name": "NPA", "purpose": "Inquiry"},
                    kind="consent_request",
                )
            return
        listed = self.call("GET", f"/api/v1/agreements/{code}/exchanges?box=sent&status=answered")
        if listed is None or listed.status != 200 or not listed.body["items"]:
            return
        exchange = self.rng.choice(listed.body["items"][:10])
        detail = self.call("GET", f"/api/v1/exchanges/{exchange['id']}")
        if detail is None or detail.status != 200:
            return
        pending = [r for r in detail.body["consent_requests"] if r["state"] == "pending"]
        if pending:
            request = pending[0]
            self.call(
                "POST",
                f"/api/v1/exchanges/{exchange['id']}/consents",
                {
                    "recipient_kind": request["recipient_kind"],
                    "recipient_name": request["recipient_name"],
                    "purpose": request["purpose"],
                    "reference_number": f"SOAK-{self.number}",
                    "consent_date": time.strftime("%Y-%m-%d"),
                    "request_id": request["id"],
                },
                kind="consent",
            )

    def register(self, code):
        self.call(
            "POST",
            f"/api/v1/agreements/{code}/sending-organisations",
            {
                "name_original": f"Soak Manpower {self.number}-{self.rng.randrange(10**9)}",
                "licence_number": f"{code}-SOAK-{self.rng.randrange(10**12)}",
            },
            kind="org",
        )


class Results:
    def __init__(self):
        self.lock = threading.Lock()
        self.latencies: list[float] = []
        self.statuses: Counter = Counter()
        self.writes: list[tuple[str, object, str]] = []  # (kind, answer, path) of 2xx writes
        self.errors: list[str] = []

    def record(self, status, seconds, kind, answer, detail):
        with self.lock:
            self.latencies.append(seconds)
            self.statuses[status] += 1
            if status is None or status >= 500:
                self.errors.append(f"{status} {detail}")
            elif kind in WRITES and 200 <= status < 300:
                self.writes.append((kind, answer, detail))


def lost_writes(instance, writes) -> list[str]:
    """Every 2xx write must show in the database and the ledger, once."""
    lost = []
    events = Counter(
        (row[0], row[1], row[2])
        for row in instance.sql("SELECT object_type, object_id, action FROM audit_auditevent")
    )
    exchanges = {str(r[0]) for r in instance.sql("SELECT id FROM exchange_exchange")}
    organisations = {str(r[0]) for r in instance.sql("SELECT id FROM registry_sendingorganisation")}
    requests = {str(r[0]) for r in instance.sql("SELECT id FROM exchange_consentrequest")}
    consents = {str(r[0]) for r in instance.sql("SELECT id FROM exchange_consent")}
    confirmed: Counter = Counter()
    stored = {
        "create": exchanges,
        "org": organisations,
        "consent_request": requests,
        "consent": consents,
    }
    actions = {
        "send": "exchange.sent",
        "acknowledge": "exchange.acknowledged",
        "answer": "exchange.answered",
    }
    for kind, answer, path in writes:
        if kind in stored:
            if str(answer.body["id"]) not in stored[kind]:
                lost.append(f"{kind} {answer.body['id']} answered 2xx, not stored")
        else:
            exchange_id = path.split("/")[4]  # /api/v1/exchanges/<id>/...
            confirmed[(exchange_id, actions[kind])] += 1
    for (exchange_id, action), count in confirmed.items():
        recorded = events[("exchange.exchange", exchange_id, action)]
        if recorded != count:
            lost.append(f"{action} of {exchange_id}: {count} answered 2xx, {recorded} recorded")
    return lost


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--officers", type=int, default=50)
    parser.add_argument("--minutes", type=float, default=10)
    parser.add_argument("--workers", type=int, default=4)
    parser.add_argument("--seed", type=int, default=7)
    options = parser.parse_args()

    home = Path(tempfile.mkdtemp(prefix="renkei-soak-"))
    instance = instance_create(home)
    print(
        f"soak: {options.officers} officers, {options.minutes} min, "
        f"{'PostgreSQL' if instance.database_url else 'SQLite'}, {options.workers} workers"
    )
    try:
        instance.set_up().start(workers=options.workers)
        start_checkpoint = home / "start-checkpoint.txt"
        instance.renkei("audit", "checkpoint", "--out", str(start_checkpoint))
        results = Results()
        deadline = time.monotonic() + options.minutes * 60
        officers = [
            Officer(n, instance, deadline, results, options.seed * 1000 + n)
            for n in range(options.officers)
        ]
        started = time.monotonic()
        for officer in officers:
            officer.start()
        for officer in officers:
            officer.join(options.minutes * 60 + 120)
        elapsed = time.monotonic() - started
        instance.stop()

        lost = lost_writes(instance, results.writes)
        verify = instance.renkei(
            "audit", "verify", "--checkpoint", str(start_checkpoint), check=False
        )
        impossible = 0
        for line in (verify.stderr or "").splitlines():
            if "record a history" in line:
                impossible = int(line.split("CommandError: ")[-1].split(" ")[0])
        latencies = sorted(results.latencies)
        total = len(latencies)
        five = sum(c for s, c in results.statuses.items() if s is None or s >= 500)
        print()
        print("| measure | value |")
        print("|---|---|")
        print(f"| requests | {total} |")
        print(f"| requests/s | {total / elapsed:.1f} |")
        print(f"| p50 ms | {statistics.median(latencies) * 1000:.1f} |")
        print(f"| p99 ms | {latencies[int(total * 0.99) - 1] * 1000:.1f} |")
        print(f"| 2xx writes | {len(results.writes)} |")
        print(f"| 409 conflicts | {results.statuses.get(409, 0)} |")
        print(f"| 5xx or no answer | {five} |")
        print(f"| lost writes | {len(lost)} |")
        print(f"| impossible histories | {impossible} |")
        checkpoint_ok = verify.returncode == 0
        print(f"| verify --checkpoint | {'passes' if checkpoint_ok else 'FAILS'} |")
        for line in (results.errors + lost)[:10]:
            print("  ", line)
        if not checkpoint_ok:
            print(verify.stdout + verify.stderr)
        return 0 if (five, len(lost), impossible, checkpoint_ok) == (0, 0, 0, True) else 1
    finally:
        instance.close()


if __name__ == "__main__":
    os.environ.setdefault("PYTHONDONTWRITEBYTECODE", "1")
    sys.exit(main())
