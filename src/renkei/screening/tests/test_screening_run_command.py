"""`renkei screening run` screens records made before screening existed, and only once."""

from io import StringIO

from django.core.management import call_command

from renkei.exchange.tests.factories import sent
from renkei.registry.tests.factories import organisation
from renkei.screening.models import Hit, ScreenedName


def run() -> str:
    out = StringIO()
    call_command("screening", "run", stdout=out)
    return out.getvalue()


def test_run_screens_everything_once(demo_users):
    la = demo_users["la.contact"]
    organisation(la, licence="LA-1", officers=["Khamphet Sisavath"])
    organisation(la, licence="LA-2", name_latin="Other", officers=["Khamphet Sisavath"])
    sent(la)
    Hit.objects.all().delete()
    ScreenedName.objects.all().delete()
    output = run()
    assert "2 sending organisations" in output and "1 misconduct reports" in output
    assert Hit.objects.exists()
    assert ScreenedName.objects.filter(source_type="intermediary").exists()
    hits = Hit.objects.count()
    assert run().endswith("0 new hits\n")
    assert Hit.objects.count() == hits
