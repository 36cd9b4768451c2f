"""The session store reads a session without building SQL, and reads what Django's would."""

from datetime import timedelta
from unittest import mock

import pytest
from django.conf import settings
from django.contrib.sessions.backends.db import SessionStore as DjangoStore
from django.contrib.sessions.models import Session
from django.db.models.sql.compiler import SQLCompiler
from django.utils import timezone

from ervaring.accounts.security.session_store import SessionStore

pytestmark = pytest.mark.django_db


def stored(data: dict, *, expires_in: timedelta) -> str:
    """A session written by Django's own store, its expiry then set directly."""
    session = DjangoStore()
    session.update(data)
    session.save()
    Session.objects.filter(session_key=session.session_key).update(
        expire_date=timezone.now() + expires_in
    )
    return session.session_key


def test_the_project_uses_it():
    assert settings.SESSION_ENGINE == "ervaring.accounts.security.session_store"


def test_a_live_session_is_read_without_building_sql_and_holds_what_was_written():
    key = stored({"ervaring_code": "versleuteld", "n": [1, 2]}, expires_in=timedelta(hours=1))
    with mock.patch.object(SQLCompiler, "as_sql", side_effect=AssertionError("SQL built")):
        session = SessionStore(key)
        assert session["ervaring_code"] == "versleuteld"
    assert dict(session) == dict(DjangoStore(key).load())
    assert session.session_key == key


@pytest.mark.parametrize("key", ["bestaatnietbestaatniet12345678", None])
def test_an_unknown_key_gives_an_empty_session_without_a_key(key):
    session = SessionStore(key)
    assert dict(session.items()) == {}
    assert session.session_key is None


def test_an_expired_session_is_not_read():
    key = stored({"ervaring_code": "oud"}, expires_in=timedelta(seconds=-1))
    session = SessionStore(key)
    assert "ervaring_code" not in session
    assert session.session_key is None
    # Five seconds before its end it is still read.
    live = stored({"ervaring_code": "nog"}, expires_in=timedelta(seconds=5))
    assert SessionStore(live)["ervaring_code"] == "nog"
