import json
from datetime import date

from django.core.management.base import BaseCommand, CommandError

from renkei.agreements import presenters
from renkei.agreements.selectors import agreement_get_public, agreement_list_public
from renkei.core.errors import NotFound


class Command(BaseCommand):
    help = "The MOC registry: `renkei agreements list`, `renkei agreements show CODE [--json] [--on DATE]`."

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        sub.add_parser("list", help="one line per agreement")
        show = sub.add_parser("show", help="one agreement with its provisions")
        show.add_argument("code")
        show.add_argument("--json", action="store_true", help="the same document as the API")
        show.add_argument(
            "--on", type=date.fromisoformat, help="the provisions in force on YYYY-MM-DD"
        )

    def handle(self, *args, **options):
        if options["action"] == "list":
            self.stdout.write(f"{'code':<5}{'status':<11}{'signed':<24}{'provisions':<11}partner")
            for a in agreement_list_public():
                signed = ", ".join(str(s.signed_on) for s in a.signatures.all())
                self.stdout.write(
                    f"{a.code:<5}{a.status:<11}{signed:<24}{a.provisions.count():<11}"
                    f"{a.partner_ministry_en}"
                )
            return
        try:
            agreement = agreement_get_public(code=options["code"])
        except NotFound as exc:
            raise CommandError(f"no agreement with code {options['code']!r}") from exc
        data = presenters.agreement_detail(agreement, options.get("on"))
        if options["json"]:
            self.stdout.write(json.dumps(data, ensure_ascii=False, indent=2, default=str))
            return
        self.stdout.write(f"{data['code']}  {data['country']['en']} / {data['country']['ja']}")
        self.stdout.write(f"partner ministry: {data['partner_ministry']['en']}")
        self.stdout.write(f"status: {data['status']}")
        self.stdout.write(f"provisions in force on {data['on']}")
        for s in data["signatures"]:
            self.stdout.write(f"signed: {s['signed_on']} {s['place']['en']}")
        for point in data["contact_points"]:
            self.stdout.write(f"contact point ({point['side']}): {point['name']['en']}")
        for p in data["provisions"]:
            params = ", ".join(f"{k}={v}" for k, v in p["parameters"].items())
            amended = f"  (amendment No. {p['amendment']})" if p["amendment"] else ""
            self.stdout.write(f"  {p['clause']:<16}{p['key']:<30}{params}{amended}")
