"""docker-compose.yml keeps the several-machines shape and the settings' variable names.

There is no Docker on the test machine; what can drift without it is checked here:
the file is YAML, web and worker can scale, and every variable the containers get is
one the settings (or boto3) read.
"""

import re
from pathlib import Path

import yaml

BASE = Path(__file__).resolve().parent.parent
COMPOSE = yaml.safe_load((BASE / "docker-compose.yml").read_text())
SERVICES = COMPOSE["services"]
# Read outside config/settings: the settings module itself, and boto3's credentials.
READ_ELSEWHERE = {"DJANGO_SETTINGS_MODULE", "AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY"}


def settings_variables() -> set[str]:
    source = "\n".join(path.read_text() for path in (BASE / "config" / "settings").glob("*.py"))
    return set(re.findall(r'env(?:\.\w+)?\(\s*"([A-Z0-9_]+)"', source))


def test_every_variable_the_containers_get_is_read_by_the_settings():
    for name in ("web", "worker", "beat", "migrate"):
        given = set(SERVICES[name]["environment"])
        assert given - settings_variables() - READ_ELSEWHERE == set(), name


def test_web_and_worker_scale_behind_one_load_balancer():
    for name in ("web", "worker"):
        service = SERVICES[name]
        assert "container_name" not in service and "ports" not in service, name
    assert (
        SERVICES["lb"]["ports"]
        and "server web:8000" in COMPOSE["configs"]["nginx-portal"]["content"]
    )
    # the sign-in lock trusts X-Forwarded-For from the load balancer only
    lb_address = SERVICES["lb"]["networks"]["default"]["ipv4_address"]
    assert SERVICES["web"]["environment"]["TRUSTED_PROXIES"].endswith(f":-{lb_address}}}")


def test_files_go_to_the_buckets_the_store_is_given():
    environment = SERVICES["worker"]["environment"]
    script = SERVICES["buckets"]["entrypoint"][-1]
    for variable in ("AWS_STORAGE_BUCKET_NAME", "AWS_BACKUP_BUCKET_NAME"):
        assert f"mc mb --ignore-existing store/{environment[variable]}" in script
    assert environment["S3_ENDPOINT_URL"].endswith(":-http://minio:9000}")
    assert {"postgres", "redis", "minio"} <= set(SERVICES)
