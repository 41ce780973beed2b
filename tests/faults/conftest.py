"""Fixtures that start servers of the test's own and always stop them, even when the
test fails; their logs are kept in var/faults/ for a failure to be read."""

import pytest

from tests.conftest import BASE_DIR
from tests.faults.servers import PostgresServer, RedisServer


@pytest.fixture
def log_dir():
    directory = BASE_DIR / "var" / "faults"
    directory.mkdir(parents=True, exist_ok=True)
    for old in directory.glob("*.log"):  # the logs of this test only
        old.unlink()
    return directory


@pytest.fixture
def stop_at_end():
    """Register servers to stop after the test, last started first."""
    servers = []
    yield servers.append
    for server in reversed(servers):
        server.stop()


@pytest.fixture
def own_redis(log_dir, stop_at_end):
    redis = RedisServer(log_dir).start()
    stop_at_end(redis)
    return redis


@pytest.fixture
def own_postgres():
    postgres = PostgresServer()
    try:
        yield postgres.initdb().start()
    finally:
        postgres.remove()
