"""Backup archives: what goes in, how it is checked, how it comes back.

An archive is a gzipped tar stream sealed by ``portal.encrypted_stream``. Inside:

- ``database.jsonl``: every row of every model (Django's serializers, one object a
  line, natural foreign keys for the content types and permissions that ``migrate``
  rebuilds), so the same archive works on PostgreSQL and on the embedded SQLite;
- ``files/<name>``: every stored file a row points at, found from the models'
  FileFields (a new file field is included without touching this module);
- ``manifest.json``, last: rows per model (``rows``) and per many-to-many table
  (``links``), each file's sha256 and size, the
  database dump's checksum and the migrations the data was made with.

Why serializers rather than pg_dump: one code path on both engines, no client
binaries of the right version on the machine, and the rows pass through the models'
fields, so the manifest's counts come from the same pass that writes the dump. The
price is speed on very large databases (see bench/).

A restore decrypts and verifies the whole archive into a temporary folder first, and
refuses before touching anything when the passphrase is wrong, the archive is
damaged, its migrations are not the installed code's, or the database or the storage
is not empty.
"""

import hashlib
import json
import shutil
import tarfile
import tempfile
from collections import Counter
from contextlib import contextmanager
from pathlib import Path, PurePosixPath

from django.apps import apps
from django.conf import settings
from django.core import serializers
from django.core.files import File
from django.core.files.storage import default_storage
from django.core.management import call_command
from django.db import connection, models, transaction
from django.db.migrations.loader import MigrationLoader
from django.utils import timezone
from django.utils.translation import gettext as _

from portal.encrypted_stream import DecryptingReader, EncryptingWriter, EnvelopeError

FORMAT = 1
SUFFIX = ".pmbackup"
DATABASE_MEMBER = "database.jsonl"
MANIFEST_MEMBER = "manifest.json"
FILES_PREFIX = "files/"
COPY_BUFFER = 1024 * 1024
# Rebuilt by ``migrate`` (content types, permissions), or meaningful only on the machine
# and at the moment they were made: sessions (people sign in again), login-lockout
# counters, and the list of this machine's own backups.
EXCLUDED = {
    "contenttypes.contenttype",
    "auth.permission",
    "sessions.session",
    "axes.accessattempt",
    "axes.accessattemptexpiration",
    "portal.backupjob",
}


class BackupError(Exception):
    """A backup or restore refused; ``str()`` is the Thai message for the user."""


def dumped_models() -> list[type[models.Model]]:
    """Every concrete model with a table of its own, in dependency order."""
    chosen = [
        model
        for model in apps.get_models()
        if model._meta.label_lower not in EXCLUDED and model._meta.managed and not model._meta.proxy
    ]
    by_app: dict = {}
    for model in chosen:
        by_app.setdefault(apps.get_app_config(model._meta.app_label), []).append(model)
    return serializers.sort_dependencies(by_app.items(), allow_cycles=True)


def counted_tables() -> dict[str, type[models.Model]]:
    """The dumped models and their many-to-many tables, by label: what the manifest counts."""
    tables = {}
    for model in dumped_models():
        tables[model._meta.label_lower] = model
        for field in model._meta.local_many_to_many:
            through = field.remote_field.through
            if through._meta.auto_created:
                tables[through._meta.label_lower] = through
    return tables


def file_fields(model) -> list[models.FileField]:
    return [f for f in model._meta.concrete_fields if isinstance(f, models.FileField)]


def applied_migrations() -> dict[str, list[str]]:
    """The latest applied migration(s) of each app in this database."""
    loader = MigrationLoader(connection, ignore_no_migrations=True)
    applied = set(loader.applied_migrations)
    latest: dict[str, list[str]] = {}
    for app_label, name in sorted(applied):
        node = loader.graph.node_map.get((app_label, name))
        children = node.children if node else set()
        if not any(child in applied and child[0] == app_label for child in children):
            latest.setdefault(app_label, []).append(name)
    return latest


def code_migrations() -> dict[str, list[str]]:
    """The latest migration(s) of each app in the installed code."""
    loader = MigrationLoader(None, ignore_no_migrations=True)
    latest: dict[str, list[str]] = {}
    for app_label, name in sorted(loader.graph.leaf_nodes()):
        latest.setdefault(app_label, []).append(name)
    return latest


class _Hashing:
    """Reads through ``raw`` and keeps the sha256 and size of what passed."""

    def __init__(self, raw):
        self.raw, self.sha256, self.size = raw, hashlib.sha256(), 0

    def read(self, size: int = -1) -> bytes:
        data = self.raw.read(size)
        self.sha256.update(data)
        self.size += len(data)
        return data


@contextmanager
def _history_paused():
    """loaddata saves rows raw, which django-simple-history does not record, but it sets
    many-to-many fields with ``.set()``, which it would record as a new change: the
    history comes back exactly as it was, nothing added."""
    previous = getattr(settings, "SIMPLE_HISTORY_ENABLED", True)
    settings.SIMPLE_HISTORY_ENABLED = False
    try:
        yield
    finally:
        settings.SIMPLE_HISTORY_ENABLED = previous


@contextmanager
def _snapshot():
    """One consistent view of every table while the portal keeps running."""
    nested = connection.in_atomic_block
    with transaction.atomic():
        if connection.vendor == "postgresql" and not nested:
            with connection.cursor() as cursor:
                cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
        yield


def _dump_database(path: Path) -> tuple[dict, dict, set[str], dict[str, list[str]]]:
    rows: dict[str, int] = {}
    links: dict[str, int] = {}
    names: set[str] = set()
    serializer_class = serializers.get_serializer("jsonl")
    with _snapshot(), open(path, "w", encoding="utf-8") as out:
        for label, table in counted_tables().items():
            if table._meta.auto_created:  # many-to-many rows travel inside their owner
                links[label] = table._base_manager.count()
                continue
            fields = file_fields(table)

            def counted(queryset, label=label, fields=fields):
                for obj in queryset:
                    rows[label] += 1
                    names.update(n for n in (getattr(obj, f.attname).name for f in fields) if n)
                    yield obj

            rows[label] = 0
            m2m = [f.name for f in table._meta.local_many_to_many]
            queryset = table._base_manager.order_by("pk").prefetch_related(*m2m)
            serializer_class().serialize(
                counted(queryset.iterator(chunk_size=2000)),
                stream=out,
                use_natural_foreign_keys=True,
            )
        migrations = applied_migrations()
    return rows, links, names, migrations


def _add(tar: tarfile.TarFile, name: str, raw, size: int) -> dict:
    info = tarfile.TarInfo(name)
    info.size, info.mtime, info.mode = size, int(timezone.now().timestamp()), 0o600
    hashing = _Hashing(raw)
    tar.addfile(info, hashing)
    return {"sha256": hashing.sha256.hexdigest(), "size": hashing.size}


def backup_write(raw, *, passphrase: str, storage=None) -> dict:
    """Write one sealed archive of the database and its stored files to ``raw`` (a
    binary file object) and return its manifest. Memory stays constant: the dump goes
    through a temporary file, each stored file through a spooled one."""
    storage = storage or default_storage
    with tempfile.TemporaryDirectory(prefix="portal-backup-") as folder:
        dump = Path(folder) / DATABASE_MEMBER
        rows, links, names, migrations = _dump_database(dump)
        manifest = {
            "format": FORMAT,
            "created_at": timezone.now().isoformat(),
            "engine": connection.vendor,
            "migrations": migrations,
            "rows": rows,
            "links": links,
            "files": {},
            "missing_files": [],
        }
        writer = EncryptingWriter(raw, passphrase)
        with tarfile.open(fileobj=writer, mode="w|gz", format=tarfile.PAX_FORMAT) as tar:
            with open(dump, "rb") as source:
                manifest["database"] = _add(tar, DATABASE_MEMBER, source, dump.stat().st_size)
            for name in sorted(names):
                # A copy first: the size goes in the tar header, and a file replaced
                # while it is read must not leave a header that lies.
                with tempfile.SpooledTemporaryFile(max_size=COPY_BUFFER) as copy:
                    try:
                        with storage.open(name, "rb") as stored:
                            shutil.copyfileobj(stored, copy, COPY_BUFFER)
                    except (FileNotFoundError, OSError):
                        manifest["missing_files"].append(name)
                        continue
                    size = copy.tell()
                    copy.seek(0)
                    manifest["files"][name] = _add(tar, FILES_PREFIX + name, copy, size)
            encoded = json.dumps(manifest, ensure_ascii=False, indent=1).encode("utf-8")
            with tempfile.SpooledTemporaryFile(max_size=COPY_BUFFER) as buffer:
                buffer.write(encoded)
                buffer.seek(0)
                _add(tar, MANIFEST_MEMBER, buffer, len(encoded))
        writer.close()
    return manifest


def _safe_storage_name(name: str) -> str:
    path = PurePosixPath(name)
    if not name or path.is_absolute() or any(part in ("", ".", "..") for part in name.split("/")):
        raise _damaged()
    return name


def _damaged() -> BackupError:
    return BackupError(_("ไฟล์สำรองเสียหายหรือไม่ครบ (ถูกตัดทอนหรือถูกแก้ไข) จึงไม่นำไปใช้"))


def _consume(stream, target: Path | None, rows: Counter | None = None) -> dict:
    """Read one member to its end (to ``target`` if given), with its checksum."""
    hashing = _Hashing(stream)
    out = open(target, "wb") if target else None  # noqa: SIM115 — closed below
    pending = b""
    try:
        while chunk := hashing.read(COPY_BUFFER):
            if out:
                out.write(chunk)
            if rows is not None:
                *lines, pending = (pending + chunk).split(b"\n")
                for line in lines:
                    if line.strip():
                        rows[json.loads(line)["model"]] += 1
        if rows is not None and pending.strip():
            rows[json.loads(pending)["model"]] += 1
    finally:
        if out:
            out.close()
    return {"sha256": hashing.sha256.hexdigest(), "size": hashing.size}


def archive_read(raw, *, passphrase: str, extract_to: Path | None = None) -> dict:
    """Decrypt and verify a whole archive; return its manifest or raise BackupError.

    With ``extract_to`` the dump and the files are written there (for a restore);
    without, nothing is written anywhere (an administrator's check of an archive).
    """
    try:
        reader = DecryptingReader(raw, passphrase)
        seen: dict[str, dict] = {}
        rows: Counter = Counter()
        database = manifest = None
        with tarfile.open(fileobj=reader, mode="r|gz") as tar:
            for member in tar:
                if manifest is not None or not member.isfile():
                    raise _damaged()
                stream = tar.extractfile(member)
                if member.name == MANIFEST_MEMBER:
                    manifest = json.loads(stream.read())
                elif member.name == DATABASE_MEMBER and database is None:
                    target = extract_to / DATABASE_MEMBER if extract_to else None
                    database = _consume(stream, target, rows)
                elif member.name.startswith(FILES_PREFIX):
                    name = _safe_storage_name(member.name[len(FILES_PREFIX) :])
                    target = None
                    if extract_to:
                        target = extract_to / "files" / name
                        target.parent.mkdir(parents=True, exist_ok=True)
                    seen[name] = _consume(stream, target)
                else:
                    raise _damaged()
        reader.read_to_end()
    except EnvelopeError as error:
        raise BackupError(str(error)) from None
    except (tarfile.TarError, EOFError, OSError, ValueError, KeyError, TypeError):
        # Only the passphrase's holder can seal an archive, so this is a broken writer
        # or a file that is not ours; either way it is not used.
        raise _damaged() from None
    if manifest is None or database is None or manifest.get("format") != FORMAT:
        raise _damaged()
    if (
        manifest.get("database") != database
        or seen != manifest.get("files")
        or {label: n for label, n in manifest.get("rows", {}).items() if n} != dict(rows)
    ):
        raise _damaged()
    return manifest


def _migration_mismatch(manifest: dict) -> str | None:
    archive, code = manifest.get("migrations", {}), code_migrations()
    differences = [
        _("%(app)s: ไฟล์สำรอง %(archive)s แต่โค้ดที่ติดตั้ง %(code)s")
        % {
            "app": app_label,
            "archive": ", ".join(archive.get(app_label, [])) or "-",
            "code": ", ".join(code.get(app_label, [])) or "-",
        }
        for app_label in sorted(set(archive) | set(code))
        if sorted(archive.get(app_label, [])) != sorted(code.get(app_label, []))
    ]
    return "; ".join(differences) or None


def _existing_tables() -> set[str]:
    return set(connection.introspection.table_names())


def database_nonempty_tables() -> list[str]:
    """Tables of the portal's data that hold at least one row."""
    existing = _existing_tables()
    return [
        label
        for label, table in counted_tables().items()
        if table._meta.db_table in existing and table._base_manager.exists()
    ]


def storage_first_file(storage, folder: str = "") -> str | None:
    try:
        folders, files = storage.listdir(folder)
    except (FileNotFoundError, NotADirectoryError):
        return None
    if files:
        return f"{folder}/{files[0]}" if folder else files[0]
    for name in folders:
        found = storage_first_file(storage, f"{folder}/{name}" if folder else name)
        if found:
            return found
    return None


def restored_state(storage, manifest: dict) -> list[str]:
    """What differs between this database and storage and the manifest (empty: none)."""
    problems = []
    tables = counted_tables()
    for label, expected in {**manifest["rows"], **manifest.get("links", {})}.items():
        actual = tables[label]._base_manager.count() if label in tables else None
        if actual != expected:
            problems.append(f"{label}: {actual} ≠ {expected}")
    for name, expected in manifest["files"].items():
        try:
            with storage.open(name, "rb") as stored:
                actual = _consume(stored, None)
        except (FileNotFoundError, OSError):
            actual = None
        if actual != expected:
            problems.append(name)
    return problems


def archive_restore(raw, *, passphrase: str, storage=None) -> dict:
    """Restore an archive into an empty database and storage; return its manifest.

    Everything is verified before anything is written. The rows are loaded in one
    transaction; the files are written inside it and removed again if it fails.
    """
    storage = storage or default_storage
    with tempfile.TemporaryDirectory(prefix="portal-restore-") as folder:
        folder = Path(folder)
        manifest = archive_read(raw, passphrase=passphrase, extract_to=folder)
        if mismatch := _migration_mismatch(manifest):
            raise BackupError(
                _(
                    "ไฟล์สำรองนี้ทำจากฐานข้อมูลที่โครงสร้าง (migrations) ไม่ตรงกับโค้ดที่ติดตั้งอยู่ "
                    "จึงไม่กู้คืน ใช้รุ่นของพอร์ทัลที่ตรงกับไฟล์สำรอง: %(diff)s"
                )
                % {"diff": mismatch}
            )
        if nonempty := database_nonempty_tables():
            raise BackupError(
                _("ฐานข้อมูลนี้มีข้อมูลอยู่แล้ว (%(tables)s) จึงไม่กู้คืนทับ กู้คืนได้เฉพาะในฐานข้อมูลว่างที่สร้างใหม่")
                % {"tables": ", ".join(nonempty[:5])}
            )
        if found := storage_first_file(storage):
            raise BackupError(
                _("ที่เก็บไฟล์มีไฟล์อยู่แล้ว (%(name)s) จึงไม่กู้คืนทับ กู้คืนได้เฉพาะในที่เก็บไฟล์ว่าง") % {"name": found}
            )
        call_command("migrate", interactive=False, verbosity=0)
        written: list[str] = []
        try:
            with transaction.atomic():
                with _history_paused():
                    call_command("loaddata", str(folder / DATABASE_MEMBER), verbosity=0)
                for name in manifest["files"]:
                    with open(folder / "files" / name, "rb") as source:
                        saved = storage.save(name, File(source, name=name))
                    written.append(saved)
                if problems := restored_state(storage, manifest):
                    raise BackupError(
                        _("ข้อมูลที่กู้คืนไม่ตรงกับรายการในไฟล์สำรอง จึงยกเลิกการกู้คืน: %(problems)s")
                        % {"problems": ", ".join(problems[:10])}
                    )
        except BaseException:
            for name in written:
                storage.delete(name)
            raise
    return manifest
