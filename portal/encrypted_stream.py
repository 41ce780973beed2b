"""The encrypted envelope of a backup archive: a passphrase, scrypt, AES-256-GCM in chunks.

Layout: a fixed header, then chunks. Every chunk is ``CHUNK_SIZE`` bytes of plaintext
sealed with AES-256-GCM (16-byte tag), except the last, which is shorter (possibly
empty) and flagged final. Each chunk's nonce is a random 8-byte prefix (in the header)
and the chunk's index; its associated data is the whole header, the index and the final
flag. So a changed byte anywhere (header included), chunks reordered or dropped, an
archive cut short (no final chunk) or with anything after the final chunk are all
detected, and nothing is ever decrypted without being authenticated first.

Streaming both ways: one chunk in memory at a time, whatever the archive's size.
"""

import hashlib
import os
import struct
import unicodedata

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.scrypt import Scrypt
from django.utils.translation import gettext as _

MAGIC = b"PMBACKUP"
VERSION = 1
CHUNK_SIZE = 1024 * 1024
TAG_SIZE = 16
# scrypt at 2**15 × 8: 32 MiB and about a tenth of a second per try, per guess too.
SCRYPT_LOG2_N, SCRYPT_R, SCRYPT_P = 15, 8, 1
# magic, version, log2 n, r, p, salt, nonce prefix, chunk size, passphrase check
_HEADER = struct.Struct("!8sBBBB16s8sI16s")
HEADER_SIZE = _HEADER.size


class EnvelopeError(Exception):
    """The archive cannot be opened; ``str()`` is the Thai message for the user."""


class NotAnArchive(EnvelopeError):
    pass


class WrongPassphrase(EnvelopeError):
    pass


class Damaged(EnvelopeError):
    pass


def _messages():
    return {
        NotAnArchive: _("ไฟล์นี้ไม่ใช่ไฟล์สำรองข้อมูลของพอร์ทัล หรือส่วนหัวของไฟล์เสียหาย"),
        WrongPassphrase: _("รหัสผ่านของไฟล์สำรองไม่ถูกต้อง"),
        Damaged: _("ไฟล์สำรองเสียหายหรือไม่ครบ (ถูกตัดทอนหรือถูกแก้ไข) จึงไม่นำไปใช้"),
    }


def _fail(kind: type[EnvelopeError]) -> EnvelopeError:
    return kind(_messages()[kind])


def _derive(passphrase: str, salt: bytes, log2_n: int, r: int, p: int) -> tuple[bytes, bytes]:
    # NFC: the same Thai passphrase typed on another keyboard must give the same key.
    material = unicodedata.normalize("NFC", passphrase).encode("utf-8")
    derived = Scrypt(salt=salt, length=64, n=2**log2_n, r=r, p=p).derive(material)
    # The second half only says "this is the right passphrase", so a wrong one is told
    # apart from damage; it reveals nothing of the key (an independent half of the output).
    return derived[:32], hashlib.sha256(derived[32:]).digest()[:16]


def _nonce(prefix: bytes, index: int) -> bytes:
    return prefix + struct.pack("!I", index)


def _associated(header: bytes, index: int, final: bool) -> bytes:
    return header + struct.pack("!QB", index, 1 if final else 0)


class EncryptingWriter:
    """A write-only file object: what is written goes out sealed to ``raw``.

    ``close()`` writes the final chunk; an archive whose writer was not closed is
    incomplete and will be refused as truncated.
    """

    def __init__(self, raw, passphrase: str, *, chunk_size: int = CHUNK_SIZE):
        if not passphrase:
            raise ValueError("empty passphrase")
        salt, self._prefix = os.urandom(16), os.urandom(8)
        key, check = _derive(passphrase, salt, SCRYPT_LOG2_N, SCRYPT_R, SCRYPT_P)
        self._header = _HEADER.pack(
            MAGIC, VERSION, SCRYPT_LOG2_N, SCRYPT_R, SCRYPT_P, salt, self._prefix, chunk_size, check
        )
        self._aead, self._raw, self._chunk_size = AESGCM(key), raw, chunk_size
        self._buffer, self._index, self._closed = bytearray(), 0, False
        raw.write(self._header)

    def writable(self) -> bool:
        return True

    def write(self, data) -> int:
        self._buffer += data
        while len(self._buffer) >= self._chunk_size:
            self._seal(bytes(self._buffer[: self._chunk_size]), final=False)
            del self._buffer[: self._chunk_size]
        return len(data)

    def flush(self) -> None:
        self._raw.flush()

    def close(self) -> None:
        if not self._closed:
            self._seal(bytes(self._buffer), final=True)  # shorter than a chunk, maybe empty
            self._buffer.clear()
            self._closed = True
            self._raw.flush()

    def _seal(self, plaintext: bytes, *, final: bool) -> None:
        nonce = _nonce(self._prefix, self._index)
        associated = _associated(self._header, self._index, final)
        self._raw.write(self._aead.encrypt(nonce, plaintext, associated))
        self._index += 1


def _read_exactly(raw, size: int) -> bytes:
    parts, remaining = [], size
    while remaining:
        part = raw.read(remaining)
        if not part:
            break
        parts.append(part)
        remaining -= len(part)
    return b"".join(parts)


class DecryptingReader:
    """A read-only file object over a sealed archive; raises an EnvelopeError as soon as
    anything is wrong. The passphrase is checked on opening."""

    def __init__(self, raw, passphrase: str):
        header = _read_exactly(raw, HEADER_SIZE)
        if len(header) < HEADER_SIZE:
            raise _fail(NotAnArchive)
        magic, version, log2_n, r, p, salt, prefix, chunk_size, check = _HEADER.unpack(header)
        # Bounds first: a forged header must not make scrypt eat the machine's memory.
        if (
            magic != MAGIC
            or version != VERSION
            or not 10 <= log2_n <= 20
            or not 1 <= r <= 16
            or not 1 <= p <= 4
            or not 4096 <= chunk_size <= 16 * 1024 * 1024
        ):
            raise _fail(NotAnArchive)
        key, expected = _derive(passphrase or "", salt, log2_n, r, p)
        if expected != check:
            raise _fail(WrongPassphrase)
        self._aead, self._raw, self._header = AESGCM(key), raw, header
        self._prefix, self._chunk_size = prefix, chunk_size
        self._buffer, self._index, self._ended = b"", 0, False

    def readable(self) -> bool:
        return True

    def read(self, size: int = -1) -> bytes:
        while not self._ended and (size < 0 or len(self._buffer) < size):
            self._buffer += self._open_next()
        if size < 0:
            data, self._buffer = self._buffer, b""
        else:
            data, self._buffer = self._buffer[:size], self._buffer[size:]
        return data

    def read_to_end(self) -> None:
        """Read and authenticate whatever is left, so that the final chunk is proven."""
        while not self._ended:
            self._open_next()
        self._buffer = b""

    def _open_next(self) -> bytes:
        sealed = _read_exactly(self._raw, self._chunk_size + TAG_SIZE)
        final = len(sealed) < self._chunk_size + TAG_SIZE
        if final and len(sealed) < TAG_SIZE:
            raise _fail(Damaged)  # cut short: the final chunk is missing
        try:
            plaintext = self._aead.decrypt(
                _nonce(self._prefix, self._index),
                sealed,
                _associated(self._header, self._index, final),
            )
        except InvalidTag:
            raise _fail(Damaged) from None
        if final:
            if self._raw.read(1):
                raise _fail(Damaged)  # bytes after the final chunk
            self._ended = True
        self._index += 1
        return plaintext
