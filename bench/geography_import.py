"""Time `import_geography` on the full DOPA set (77 / 928 / 7,436) in PostgreSQL.

    .venv/bin/python -m bench.geography_import [--repeat 5] [DIR]

Cold: the tables are emptied before each run. Warm: a re-import that changes nothing.
"""

import argparse
import time
from pathlib import Path

from bench._setup import django_setup, summary


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("directory", nargs="?", type=Path)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    django_setup()

    from django.conf import settings

    from accounts.models import User
    from programs.geography_import import geography_import
    from programs.models import District, Province, Subdistrict, Village

    directory = args.directory or settings.SHARED_DATA_DIR / "geography"
    cold, warm = [], []
    for _ in range(args.repeat):
        User.objects.filter(province__isnull=False).delete()
        Village.objects.all().delete()
        Subdistrict.objects.all().delete()
        District.objects.all().delete()
        Province.objects.all().delete()
        started = time.perf_counter()
        result = geography_import(directory=directory)
        cold.append(time.perf_counter() - started)
        started = time.perf_counter()
        again = geography_import(directory=directory)
        warm.append(time.perf_counter() - started)
        assert not again.changed
    counts = {name: c.created for name, c in result.counts.items()}
    print(f"imported {counts} from {directory}")
    print(summary("cold import (empty tables)", cold))
    print(summary("warm re-import (no change)", warm))


if __name__ == "__main__":
    main()
