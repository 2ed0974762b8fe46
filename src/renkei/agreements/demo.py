"""Demo accounts: idempotent, every one marked as a demo account on every page."""

from dataclasses import dataclass

from renkei.accounts.models import MinistryUnit, Role, User
from renkei.accounts.services import user_create, user_roles_grant
from renkei.agreements.models import Agreement
from renkei.agreements.services import assignment_add

# One shared, printed password: these accounts exist to be tried, never for real cases.
DEMO_PASSWORD = "renkei-demo-2026"


@dataclass(frozen=True)
class DemoAccount:
    username: str
    display_name: str
    unit_code: str
    roles: tuple[str, ...]
    agreements: str  # "all" or an agreement code


def demo_accounts() -> list[DemoAccount]:
    accounts = [
        DemoAccount(
            "isa.contact",
            "ISA contact point (demo)",
            "isa-residence-management",
            (Role.CONTACT_POINT_OFFICER, Role.OFFICER),
            "all",
        ),
        DemoAccount(
            "isa.examiner", "ISA examiner (demo)", "isa-examination", (Role.EXAMINER,), "all"
        ),
        DemoAccount(
            "isa.publisher",
            "ISA publisher (demo)",
            "isa-residence-management",
            (Role.PUBLISHER,),
            "all",
        ),
        DemoAccount("mhlw.liaison", "MHLW liaison (demo)", "mhlw", (Role.LIAISON,), "all"),
        DemoAccount(
            "renkei.admin", "Administrator (demo)", "operator", (Role.ADMINISTRATOR,), "none"
        ),
    ]
    for agreement in Agreement.objects.order_by("code"):
        code = agreement.code.lower()
        accounts.append(
            DemoAccount(
                f"{code}.contact",
                f"{agreement.partner_ministry_abbr or agreement.code} contact point (demo)",
                f"{code}-contact",
                # The partner's contact point also publishes its accredited list (§7(2)).
                (Role.CONTACT_POINT_OFFICER, Role.OFFICER, Role.PUBLISHER),
                agreement.code,
            )
        )
        if agreement.provision_in_force("return_cooperation"):
            accounts.append(
                DemoAccount(
                    f"{code}.embassy",
                    f"Embassy of {agreement.country_en} (demo)",
                    f"{code}-embassy",
                    (Role.EMBASSY_OFFICER,),
                    agreement.code,
                )
            )
    return accounts


def demo_seed() -> list[tuple[str, str, bool]]:
    """Create what is missing; returns (username, password, created) for every demo account."""
    agreements = list(Agreement.objects.order_by("code"))
    result = []
    for account in demo_accounts():
        user = User.objects.filter(username=account.username).first()
        created = user is None
        if created:
            user = user_create(
                actor=None,
                username=account.username,
                password=DEMO_PASSWORD,
                unit=MinistryUnit.objects.get(code=account.unit_code),
                roles=list(account.roles),
                display_name=account.display_name,
                is_demo=True,
                is_staff=Role.ADMINISTRATOR in account.roles,
            )
        else:
            # Demo accounts made by an earlier version get the roles added since.
            user_roles_grant(actor=None, user=user, roles=list(account.roles))
        targets = (
            agreements
            if account.agreements == "all"
            else [a for a in agreements if a.code == account.agreements]
        )
        for agreement in targets:
            assignment_add(actor=None, user=user, agreement=agreement)
        result.append((account.username, DEMO_PASSWORD, created))
    return result
