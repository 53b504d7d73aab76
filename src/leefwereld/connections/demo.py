"""Demo data for the logins: every demo care provider gets a (made-up) KvK number, so the
eHerkenning development login works, and the demo provider account ("aanbieder", made by
finance's demo) is the account of the acting subject "aanbieder" at the first provider.

Log in as that provider: *Inloggen met eHerkenning* → KvK number 60000000, pseudonym
"aanbieder". DigiD's development login takes any demo resident's BSN.
"""

from __future__ import annotations

import datetime

from leefwereld.core.models import Organisation, User

from .models import OrganisationAccount, OrganisationIdentity

FIRST_KVK = 60_000_000


def add_demo_data(seed: int, today: datetime.date) -> dict[str, int]:
    providers = Organisation.objects.filter(kind=Organisation.Kind.CARE_PROVIDER).order_by("pk")
    identities = OrganisationIdentity.objects.bulk_create(
        [
            OrganisationIdentity(organisation=o, kvk_number=f"{FIRST_KVK + i:08d}")
            for i, o in enumerate(providers)
        ]
    )
    accounts = 0
    staff = User.objects.filter(username="aanbieder").first()
    if identities and staff is not None:
        OrganisationAccount.objects.create(user=staff, identity=identities[0], subject="aanbieder")
        accounts = 1
    return {"connections_kvk_numbers": len(identities), "connections_accounts": accounts}
