"""The HTTP clients of signing and verifying, made once per process.

pyHanko's defaults open a new HTTP session for every timestamp request and every
validation context, each building a TLS context from certifi's bundle (20–30 ms of CPU
even for ``http://``), and a new timestamper asks its authority twice per signature (a
first "dummy" token to size the signature, then the real one). Here the TLS context is
built once per process, the timestamp client keeps one ``requests`` session (and its
connection, where the authority keeps it alive) and its dummy token for an hour.
"""

from __future__ import annotations

import asyncio
import functools
import ssl
import threading
import time

import aiohttp
import certifi
import requests
from asn1crypto import tsp
from pyhanko.sign.timestamps import TimeStamper, TimestampRequestError
from pyhanko.sign.timestamps.common_utils import set_tsp_headers
from pyhanko_certvalidator.fetchers import OwnedFetcherBackend
from pyhanko_certvalidator.fetchers.aiohttp_fetchers import AIOHttpFetcherBackend
from pyhanko_certvalidator.fetchers.aiohttp_fetchers.util import LazySession

# A timestamper is kept this long: then its authority's certificates (read from its
# first token) are read again, in case the authority renewed them.
TIMESTAMPER_LIFETIME = 3600.0


@functools.cache
def tls_context() -> ssl.SSLContext:
    """certifi's bundle, as pyHanko's sessions use, loaded once per process."""
    return ssl.create_default_context(cafile=certifi.where())


class _KeptTlsSession(LazySession):
    """pyHanko's lazy session (one per validation, bound to that event loop) with the
    process's TLS context instead of a new one."""

    def get_session(self) -> aiohttp.ClientSession:
        if self._session is None:
            self._session = aiohttp.ClientSession(connector=aiohttp.TCPConnector(ssl=tls_context()))
        return self._session


def fetcher_backend() -> OwnedFetcherBackend:
    """OCSP, CRL and certificate fetching for one validation context, which closes its
    session when the operation ends (pyHanko's ``run_and_release``)."""
    return OwnedFetcherBackend(AIOHttpFetcherBackend(session=_KeptTlsSession()))


class KeptTimeStamper(TimeStamper):
    """An RFC 3161 client over one ``requests`` session per thread."""

    def __init__(self, url: str, *, timeout: float = 15):
        super().__init__()
        self.url = url
        self.timeout = timeout
        self._local = threading.local()

    def _session(self) -> requests.Session:
        session = getattr(self._local, "session", None)
        if session is None:
            session = self._local.session = requests.Session()
        return session

    def _post(self, body: bytes) -> bytes:
        try:
            response = self._session().post(
                self.url, data=body, headers=set_tsp_headers({}), timeout=self.timeout
            )
            response.raise_for_status()
        except (OSError, requests.RequestException) as error:
            raise TimestampRequestError("Error while contacting timestamp service") from error
        if response.headers.get("Content-Type") != "application/timestamp-reply":
            raise TimestampRequestError("Timestamp server response is malformed.", response)
        return response.content

    async def async_request_tsa_response(self, req: tsp.TimeStampReq) -> tsp.TimeStampResp:
        # In a thread, as pyHanko's requests client does: OCSP and CRL fetches of the
        # same event loop go on meanwhile.
        return tsp.TimeStampResp.load(await asyncio.to_thread(self._post, req.dump()))


_TIMESTAMPERS: dict[str, tuple[float, KeptTimeStamper]] = {}


def timestamper(url: str, *, timeout: float = 15) -> KeptTimeStamper:
    """The process's client of the authority at ``url``."""
    now = time.monotonic()
    kept = _TIMESTAMPERS.get(url)
    if kept is not None and now - kept[0] < TIMESTAMPER_LIFETIME:
        return kept[1]
    stamper = KeptTimeStamper(url, timeout=timeout)
    _TIMESTAMPERS[url] = (now, stamper)
    return stamper
