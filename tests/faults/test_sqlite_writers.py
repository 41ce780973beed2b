"""Eight people writing at once on `make run`'s embedded SQLite, through the API.

``make run``'s own web server (runserver, threaded) on a SQLite file of this test's own;
eight clients each create 25 clubs at the same time. With Django's defaults most of them
fail with "database is locked" (``python -m bench.sqlite_writers --django-defaults``):
the portal's SQLite options (config/settings/base.py) make every one of them wait its turn.
"""

from bench.sqlite_writers import run


def test_eight_clients_creating_clubs_at_once_on_the_embedded_sqlite_all_succeed():
    result = run(clients=8, writes=25, django_defaults=False)

    assert result.errors == []
    assert result.stored == 200
    assert result.journal_mode == "wal"
    assert result.locked == 0
