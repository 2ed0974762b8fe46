"""Exchange lists and the dashboard as the exchanges accumulate: the cost of a page must not grow
with the table.

    .venv/bin/python bench/exchange.py                                   # SQLite, 20k → 200k
    ./scripts/with-postgres .venv/bin/python bench/exchange.py --sizes 20000,200000,1000000
    .venv/bin/python bench/exchange.py --sizes 5000 --runs 30            # one size, quickly

Generates the exchanges across the five agreements (rows written in bulk, not through the
services: this measures reads; the database's triggers still keep the tally and text index),
growing one database size by size, and at each size times, as `isa.contact` and `la.contact`
would see them, one page of 50 of the inbox with several filters (rows and the total, as the
API returns them), the second page by cursor, and the deadlines dashboard. Prints each case's
p95 in milliseconds at each size and, the headline, its growth from the smallest size to the
largest (goal ≤ 1.5): a ratio measured in one run, where absolute times move with the host.

The data grows as the years do: exchanges arrive at a steady rate (`--per-year`, 100,000 across
the agreements, so 1,000,000 is ten years), a larger size adds older years, and an exchange is
settled (accepted, closed or withdrawn) within two months of being sent, so the open and
overdue ones are the recent ones, however long the history.
"""

from __future__ import annotations

import argparse
import os
import random
import sys
import tempfile
import time
from datetime import timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

from growth import growth_table, timed  # noqa: E402 - beside this script


def configure() -> str:
    if not os.environ.get("DATABASE_URL"):
        home = tempfile.mkdtemp(prefix="renkei-bench-")
        os.environ["RENKEI_HOME"] = home
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "renkei.settings")
    import django

    django.setup()
    from django.db import connection

    return connection.vendor


def populate(total: int, per_year: int, seed: int = 7) -> None:
    from django.core.management import call_command
    from django.utils import timezone

    from renkei.accounts.models import User
    from renkei.agreements.demo import demo_seed
    from renkei.agreements.models import Agreement
    from renkei.exchange.models import Exchange, Status

    call_command("setup", "--no-static", verbosity=0)
    demo_seed()
    existing = Exchange.objects.filter(reference__contains="-B-").count()
    if existing >= total:
        return
    rng = random.Random(seed)  # noqa: S311 - reproducible test data, not secrets
    agreements = list(Agreement.objects.filter(status="in_force"))
    by_side = {("jp", a.code): User.objects.get(username="isa.contact") for a in agreements} | {
        ("partner", a.code): User.objects.get(username=f"{a.code.lower()}.contact")
        for a in agreements
    }
    now = timezone.now()
    minutes_apart = 365 * 24 * 60 / per_year
    types = ["misconduct_report", "inquiry", "exam_fraud_report", "notice", "referral"]
    words = [
        "deposit",
        "broker",
        "visa",
        "passport",
        "fee",
        "contract",
        "violence",
        "forged",
        "exam",
        "agency",
    ]
    batch = []
    for i in range(existing, total):
        agreement = agreements[i % len(agreements)]
        side = "partner" if rng.random() < 0.5 else "jp"
        kind = rng.choice(types)
        # Row i was sent i steps before now: a larger size reaches further back in time.
        age = timedelta(minutes=i * minutes_apart + rng.uniform(0, minutes_apart))
        status = _status_at(rng, age)
        sent_at = None if status == Status.DRAFT else now - age
        ack = (
            sent_at + min(timedelta(hours=rng.randint(1, 120)), age)
            if sent_at and status not in (Status.SENT, Status.DRAFT)
            else None
        )
        answered = (
            ack + min(timedelta(hours=rng.randint(1, 900)), now - ack)
            if ack and status in (Status.ANSWERED, Status.ACCEPTED, Status.CLOSED)
            else None
        )
        categories = (
            "".join(sorted(rng.sample("abcde", rng.randint(1, 2))))
            if kind == "misconduct_report"
            else ""
        )
        subject = f"{rng.choice(words)} {rng.choice(words)} case {i}"
        if i < 20_000 and i % 1_000 < 5:
            # A broker active this year: named in twenty recent reports per agreement, at
            # every size.
            subject += " Somchai"
        batch.append(
            Exchange(
                agreement=agreement,
                reference=f"{agreement.code}-B-{i:07d}",
                exchange_type=kind,
                originating_side=side,
                created_by=by_side[(side, agreement.code)],
                status=status,
                subject=subject,
                body="Generated for the benchmark.",
                details={},
                categories=categories,
                handling_scope="third_parties",
                search_text=subject.casefold(),
                created_at=sent_at or now - age,
                updated_at=sent_at or now - age,
                sent_at=sent_at,
                acknowledged_at=ack,
                answered_at=answered,
                hours_to_acknowledge=(ack - sent_at).total_seconds() / 3600 if ack else None,
                hours_to_answer=(answered - sent_at).total_seconds() / 3600 if answered else None,
                closed_at=answered,
                acknowledge_due_at=sent_at + timedelta(days=3) if sent_at else None,
                answer_due_at=sent_at + timedelta(days=30) if sent_at else None,
            )
        )
        if len(batch) == 5000:
            Exchange.objects.bulk_create(batch)
            batch = []
    Exchange.objects.bulk_create(batch)
    from django.db import connection

    with connection.cursor() as cursor:
        # The steady state autovacuum keeps: statistics, the visibility map, and the text
        # index's pending entries merged (until then a search reads them one by one).
        cursor.execute("VACUUM ANALYZE" if connection.vendor == "postgresql" else "ANALYZE")


def _status_at(rng: random.Random, age: timedelta):
    """What an exchange of this age has become: open while recent, settled within two months."""
    from renkei.exchange.models import Status

    if age < timedelta(days=30) and rng.random() < 0.05:
        return Status.DRAFT
    if age < timedelta(days=3):
        return rng.choices([Status.SENT, Status.ACKNOWLEDGED], [7, 3])[0]
    if age < timedelta(days=60):
        return rng.choices(
            [Status.SENT, Status.ACKNOWLEDGED, Status.ANSWERED, Status.ACCEPTED, Status.CLOSED],
            [1, 4, 3, 5, 1],
        )[0]
    return rng.choices([Status.ACCEPTED, Status.CLOSED, Status.WITHDRAWN], [80, 15, 5])[0]


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--sizes", default="20000,200000", help="comma-separated, ascending")
    parser.add_argument("--runs", type=int, default=50)
    parser.add_argument("--per-year", type=int, default=100_000, help="exchanges a year")
    args = parser.parse_args()
    sizes = sorted(int(size) for size in args.sizes.split(","))
    vendor = configure()
    cases = _cases()
    p95s: dict[str, list[float]] = {name: [] for name, _fn in cases}
    for size in sizes:
        started = time.perf_counter()
        populate(size, args.per_year)
        print(
            f"database: {vendor}; {size:,} exchanges ready in {time.perf_counter() - started:.0f} s"
        )
        for name, fn in cases:
            p95s[name].append(timed(fn, args.runs)[1])
    growth_table(p95s, sizes)


def _cases():
    from renkei.accounts.models import User
    from renkei.exchange import presenters
    from renkei.exchange.selectors import ExchangeFilters, dashboard_for, exchange_page_for

    # The users exist once the first size is populated; looked up lazily, at the first run.
    def user(name):
        return User.objects.get(username=name)

    def page(actor, code, second=False, **filters):
        """What the list API does: a page of 50 with its total, optionally the one after it."""

        def run():
            who = user(actor)
            listed = exchange_page_for(who, code, ExchangeFilters(**filters))
            if second and listed.next_cursor:
                listed = exchange_page_for(
                    who, code, ExchangeFilters(**filters), cursor=listed.next_cursor
                )
            return [presenters.exchange_data(e, who) for e in listed.items], listed.count

        return run

    return [
        ("inbox, page of 50 (isa, LA)", page("isa.contact", "LA", box="inbox")),
        ("inbox, second page by cursor", page("isa.contact", "LA", second=True, box="inbox")),
        (
            "inbox + type + status",
            page(
                "isa.contact",
                "LA",
                box="inbox",
                exchange_type="misconduct_report",
                status="acknowledged",
            ),
        ),
        ("inbox + category (c)", page("isa.contact", "LA", box="inbox", category="c")),
        ("all + overdue", page("isa.contact", "KH", box="all", overdue=True)),
        ("all + text 'passport'", page("isa.contact", "KG", box="all", text="passport")),
        # A name from this year's reports: the same few matches, however long the history.
        ("all + text 'somchai' (rare)", page("isa.contact", "KG", box="all", text="somchai")),
        ("outbox (la.contact)", page("la.contact", "LA", box="outbox")),
        ("dashboard (LA)", lambda: dashboard_for(user("isa.contact"), "LA")),
    ]


if __name__ == "__main__":
    main()
