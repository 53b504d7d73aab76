import pytest
from leefwereld.core.tests.factories import log_in
from leefwereld.democracy.tests.factories import BudgetRoundFactory, ProjectFactory, voter_in
pytestmark = pytest.mark.django_db
def test_x(client):
    r = BudgetRoundFactory()
    ProjectFactory(round=r, review_status="pending", title="Bankjes")
    log_in(client, voter_in(r))
    page = client.get(f"/meedoen/buurtbegroting/{r.pk}/").content.decode()
    i = page.find("Bankjes")
    print(page[i-200:i+1500])
