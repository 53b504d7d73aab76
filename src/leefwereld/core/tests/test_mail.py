"""E-mail leaves only after the change commits, once per address, never inside muted(),
and a failing mail server never undoes the change."""

import pytest
from django.core import mail as outbox

from leefwereld.core import mail

pytestmark = pytest.mark.django_db


def test_a_mail_goes_once_to_every_distinct_address_after_the_commit(
    django_capture_on_commit_callbacks,
):
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        mail.send([" a@gemeente.test", "a@gemeente.test", None, "", "b@gemeente.test"], "S", "B")
        assert outbox.outbox == []  # nothing before the commit
    assert len(callbacks) == 1
    assert outbox.outbox[0].to == ["a@gemeente.test", "b@gemeente.test"]


def test_nothing_is_sent_inside_muted_or_without_an_address(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        with mail.muted():
            mail.send(["a@gemeente.test"], "S", "B")
        mail.send([None, " "], "S", "B")
    assert callbacks == [] and outbox.outbox == []
    # muted() ends with its block.
    with django_capture_on_commit_callbacks(execute=True):
        mail.send(["a@gemeente.test"], "S", "B")
    assert len(outbox.outbox) == 1


def test_a_failing_mail_server_is_logged_not_raised(
    django_capture_on_commit_callbacks, monkeypatch, caplog
):
    def broken(*args, **kwargs):
        raise OSError("mail server down")

    monkeypatch.setattr(mail, "send_mail", broken)
    with django_capture_on_commit_callbacks(execute=True):
        mail.send(["a@gemeente.test"], "Overdracht", "B")
    assert "could not be sent" in caplog.text


def test_links_are_absolute_when_the_site_url_is_set(settings):
    settings.LEEFWERELD_SITE_URL = "https://leefwereld.gemeente.test/"
    assert mail.link("socialmap:search") == "https://leefwereld.gemeente.test/sociale-kaart/"
    settings.LEEFWERELD_SITE_URL = ""
    assert mail.link("socialmap:search") == "/sociale-kaart/"
