"""What signing and verifying cost on a 20-page certified minutes.

    .venv/bin/python -m bench.signing [--repeat 15]

In its own database (``monitor_bench_signing``, or ``BENCH_DATABASE_URL``): the
~20-page minutes of ``bench/text_layer.py`` (the seed texts) rendered once as the
worker renders them; the test PKI of ``tests/reports/signing_pki.py`` started in a
process of its own (certomancer's CAs, RFC 3161 timestamp authority, OCSP responder and
CRLs on the loopback); its ``signer`` installed for Nakhon Phanom from a PKCS#12 file, as an
administrator installs one. Then, ``--repeat`` times each, timed with
``time.perf_counter``:

- **sign B-T**: ``keys.open_signer`` (the PKCS#12 file read), ``sign_pdf`` with the
  timestamp authority's round trip, no revocation data;
- **sign B-LT**: the same, fetching and embedding the OCSP response and CRLs;
- **verify**: ``reports.signing.verify.verify_pdf`` of the B-LT file (pyHanko's
  validator, the signature, the timestamp, the certificate path at signing time, the
  record looked up by its SHA-256), as ``/verify/`` runs it for a file it does not hold;
- **verify rec.**: the same file once a record row holds its SHA-256 (the download of a
  stored record, verified).

Rendering is not timed (it happens with or without a signature). Wall-clock medians,
minima and maxima in seconds, the median CPU time of this process and the mean CPU time
of the CA's process (timestamp authority, OCSP responder, CRLs) per step; the load
average and a yardstick (CPU time of 10 million additions in a Python loop) before and
after. ``--profile N``: instead of timing, cProfile of N runs of each step (top entries
by own time and by cumulative time, function calls per run).
"""

from __future__ import annotations

import argparse
import atexit
import hashlib
import os
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path

SIGNER = "สำนักงานจังหวัดนครพนม (ทดสอบ)"  # tests/reports/signing_pki.py's ``signer``


def _load() -> str:
    return " ".join(Path("/proc/loadavg").read_text().split()[:3])


def _cpu_of(pid: int) -> float:
    """CPU seconds (user + system, all threads) of the process ``pid`` so far."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def _yardstick() -> float:
    """CPU seconds of a pure-Python loop of 10 million additions: what this machine does
    now (about 0.55 s alone on the 2-core bench machine, 2026-12-08)."""
    start, total = time.process_time(), 0
    for number in range(10_000_000):
        total += number
    return time.process_time() - start


def _profile(label: str, action, runs: int) -> None:
    import cProfile
    import pstats

    action()  # warm-up
    profiler = cProfile.Profile()
    profiler.enable()
    for _ in range(runs):
        action()
    profiler.disable()
    stats = pstats.Stats(profiler)
    print(f"--- {label}: {runs} runs, {stats.total_calls / runs:,.0f} function calls per run")
    stats.sort_stats("tottime").print_stats(12)
    stats.sort_stats("cumulative").print_stats(25)


def _minutes_pdf():
    from django.conf import settings
    from django.utils import translation

    from bench.text_layer import _meeting
    from reports.pdf.render import html_to_pdf
    from reports.services import report_html

    seeds = Path(settings.SHARED_DATA_DIR).parent / "seeds"
    if not seeds.is_dir():
        seeds = Path(os.getcwd()).parent / "shared" / "seeds"
    meeting = _meeting(seeds, pages=20)
    with translation.override("th"):
        html = report_html(job_kind="minutes", parameters={"meeting": meeting.pk}, user=None)
        pdf = html_to_pdf(html, base_url=str(settings.BASE_DIR))
    return pdf.content, pdf.page_count, meeting


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=15)
    parser.add_argument(
        "--profile",
        type=int,
        default=0,
        metavar="N",
        help="instead of timing: cProfile N runs of each step, top entries and call counts",
    )
    args = parser.parse_args()
    sys.path.insert(0, os.getcwd())
    os.environ.setdefault(
        "BENCH_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/monitor_bench_signing"
    )
    from bench._setup import django_setup

    django_setup()
    import logging

    from django.conf import settings

    logging.getLogger("pyhanko_certvalidator").setLevel(logging.WARNING)

    from programs.models import Province
    from reports.models import RecordKind, SignedRecord, SigningCertificate
    from reports.signed_records import signing_certificate_install
    from reports.signing import keys
    from reports.signing.sign import sign_pdf
    from reports.signing.verify import verify_pdf
    from tests.reports import signing_pki

    print(f"load average before: {_load()}")
    print(f"yardstick (10M additions) before: CPU {_yardstick():.2f} s")
    content, pages, meeting = _minutes_pdf()
    print(f"minutes: {pages} pages, {len(content) / 1024:.0f} KiB")
    directory = Path(tempfile.mkdtemp(prefix="bench-signing-"))
    # The CA's services in a process of their own, as a real CA's are.
    services = subprocess.Popen(
        [sys.executable, "-m", "tests.reports.signing_pki", str(directory)],
        stdout=subprocess.PIPE,
        text=True,
    )
    atexit.register(services.terminate)  # also when a step fails
    tsa_url = services.stdout.readline().strip()
    assert tsa_url.startswith("http://"), "the test PKI did not start"
    os.environ[signing_pki.PASSWORD_ENV] = signing_pki.PASSWORD
    settings.SIGNING_TIMESTAMP_URL = tsa_url
    province, _ = Province.objects.get_or_create(
        code="48",
        defaults={"name_th": "นครพนม", "name_en": "Nakhon Phanom", "region": "northeast"},
    )
    # Each run's PKI is new (new keys, the same names): the last run's test certificate
    # would be a second "Test Root CA" to the validator. It signed nothing; it goes.
    SigningCertificate.objects.filter(holder=SIGNER, records=None).delete()
    certificate = signing_certificate_install(
        pkcs12_path=directory / "signer.p12",
        password_env=signing_pki.PASSWORD_ENV,
        province=province,
    )
    chain = keys.certificates_from_pem(certificate.chain_pem)

    def sign(embed_revocation):
        with keys.open_signer(certificate) as signer:
            return sign_pdf(
                content,
                signer=signer,
                timestamper=keys.timestamper_for(certificate),
                reason="bench",
                location=province.name_th,
                contact="https://portal.example.go.th/verify/",
                name=certificate.holder,
                chain=chain,
                embed_revocation=embed_revocation,
            )

    if args.profile:
        lt = sign(None)
        _profile("sign B-T", lambda: sign(False), args.profile)
        _profile("sign B-LT", lambda: sign(None), args.profile)
        _profile("verify B-LT", lambda: verify_pdf(lt.content), args.profile)
        services.terminate()
        services.wait()
        return

    def timed(action) -> tuple[list[float], list[float], list[float], object]:
        action()  # warm-up: imports, the first connections
        seconds, cpu, ca_cpu, result = [], [], [], None
        for _ in range(args.repeat):
            start, start_cpu = time.perf_counter(), time.process_time()
            start_ca = _cpu_of(services.pid)
            result = action()
            seconds.append(time.perf_counter() - start)
            cpu.append(time.process_time() - start_cpu)
            ca_cpu.append(_cpu_of(services.pid) - start_ca)
        return seconds, cpu, ca_cpu, result

    bt_times, bt_cpu, bt_ca, bt = timed(lambda: sign(False))
    lt_times, lt_cpu, lt_ca, lt = timed(lambda: sign(None))
    assert bt.level == "B-T" and lt.level == "B-LT", (bt.level, lt.level)
    verify_times, verify_cpu, verify_ca, verdict = timed(lambda: verify_pdf(lt.content))
    assert verdict.verdict == "ok" and verdict.record is None, verdict
    # The same file as the record the portal stored (its SHA-256 on a row), as the
    # download of a record is verified.
    record = SignedRecord.objects.filter(meeting=meeting).first() or SignedRecord(
        public_id=uuid.uuid4(), kind=RecordKind.MINUTES, meeting=meeting, province=province
    )
    record.sha256 = hashlib.sha256(lt.content).hexdigest()  # no file: only looked up
    record.save()
    stored_times, stored_cpu, stored_ca, verdict = timed(lambda: verify_pdf(lt.content))
    assert verdict.verdict == "ok" and verdict.record == record, verdict
    print(
        f"{'step':12} {'median s':>9} {'min s':>7} {'max s':>7} {'CPU median s':>13}"
        f" {'CA CPU s':>9}  (n={args.repeat})"
    )
    for label, seconds, cpu, ca in (
        ("sign B-T", bt_times, bt_cpu, bt_ca),
        ("sign B-LT", lt_times, lt_cpu, lt_ca),
        ("verify B-LT", verify_times, verify_cpu, verify_ca),
        ("verify rec.", stored_times, stored_cpu, stored_ca),
    ):
        print(
            f"{label:12} {statistics.median(seconds):9.3f} {min(seconds):7.3f} "
            f"{max(seconds):7.3f} {statistics.median(cpu):13.3f} {statistics.mean(ca):9.3f}"
        )
    print(
        f"signed sizes: B-T {len(bt.content) / 1024:.0f} KiB, B-LT {len(lt.content) / 1024:.0f} KiB"
    )
    print(f"yardstick (10M additions) after: CPU {_yardstick():.2f} s")
    print(f"load average after: {_load()}")
    services.terminate()
    services.wait()


if __name__ == "__main__":
    main()
