import pytest

from tests.servers.process import running

from .brp_world import BrpServer


@pytest.fixture(scope="session")
def brp_server(tmp_path_factory):
    """The local Haal Centraal BRP server (tests/servers/brp_server.py), own process."""
    data = tmp_path_factory.mktemp("brp") / "personen.json"
    data.write_text('{"personen": []}', encoding="utf-8")
    key = "test-api-key"
    with running(["tests/servers/brp_server.py", "--data", str(data), "--api-key", key]) as url:
        yield BrpServer(url=url + "/haalcentraal/api/brp", api_key=key, data_file=data)


@pytest.fixture
def brp_world(brp_server, settings):
    settings.BRP_API_URL = brp_server.url
    settings.BRP_API_KEY = brp_server.api_key
    brp_server.publish([])
    return brp_server
