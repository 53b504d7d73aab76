import pytest
from django.urls import reverse
from leefwereld.support import services
from leefwereld.support.tests.factories import make_case
pytestmark = pytest.mark.django_db
def test_dbg(client):
    case = make_case()
    m = services.register_melding(case.professional, case.resident, question="Hulp")
    services.hold_intake(case.professional, m, answers={k: "x" for k, _l in services.GUIDE_ITEMS}, pgb_explained=True)
    client.force_login(case.resident.user)
    page = client.get(reverse("support:my_support")).content.decode()
    i = page.find("Mijn hulpvragen"); print(page[i:i+1500])
