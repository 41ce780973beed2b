"""The sealed envelope: every way of spoiling an archive is caught, none decrypts."""

import io
import os

import pytest

from portal.encrypted_stream import (
    HEADER_SIZE,
    TAG_SIZE,
    Damaged,
    DecryptingReader,
    EncryptingWriter,
    NotAnArchive,
    WrongPassphrase,
)

CHUNK = 4096


def sealed(plaintext: bytes, passphrase: str = "รหัสผ่านยาวพอสมควร") -> bytes:
    raw = io.BytesIO()
    writer = EncryptingWriter(raw, passphrase, chunk_size=CHUNK)
    for start in range(0, len(plaintext), 1000):  # written in pieces that straddle chunks
        writer.write(plaintext[start : start + 1000])
    writer.close()
    return raw.getvalue()


def opened(archive: bytes, passphrase: str = "รหัสผ่านยาวพอสมควร") -> bytes:
    reader = DecryptingReader(io.BytesIO(archive), passphrase)
    data = reader.read()
    reader.read_to_end()
    return data


@pytest.mark.parametrize("size", [0, 1, CHUNK - 1, CHUNK, CHUNK + 1, 3 * CHUNK])
def test_round_trip_at_every_chunk_boundary(size):
    plaintext = os.urandom(size)
    archive = sealed(plaintext)
    # A few random bytes can occur in any ciphertext by chance: only a longer run tells.
    assert size < 16 or plaintext not in archive
    assert opened(archive) == plaintext


def test_the_same_passphrase_in_another_unicode_form_opens_the_archive():
    # One code point, or a letter and a combining mark: keyboards differ, the key must not.
    archive = sealed(b"data", passphrase="caf\u00e9")
    assert opened(archive, passphrase="cafe\u0301") == b"data"


def test_wrong_passphrase_is_told_apart_from_damage():
    with pytest.raises(WrongPassphrase, match="รหัสผ่าน"):
        opened(sealed(b"data"), passphrase="ผิด")


def test_not_an_archive():
    with pytest.raises(NotAnArchive):
        opened(b"%PDF-1.4 this is not a backup at all, but it is long enough" * 2)


@pytest.mark.parametrize("cut", ["final_chunk", "mid_chunk", "one_byte", "header_only"])
def test_truncated_archive_is_refused(cut):
    archive = sealed(os.urandom(3 * CHUNK + 10))
    ends = {
        "final_chunk": HEADER_SIZE + 3 * (CHUNK + TAG_SIZE),  # whole chunks, no final one
        "mid_chunk": HEADER_SIZE + CHUNK + 100,
        "one_byte": len(archive) - 1,
        "header_only": HEADER_SIZE,
    }
    with pytest.raises(Damaged):
        opened(archive[: ends[cut]])


@pytest.mark.parametrize("where", [HEADER_SIZE - 20, HEADER_SIZE + 5, -1])
def test_one_changed_byte_is_refused(where):
    archive = bytearray(sealed(os.urandom(2 * CHUNK)))
    archive[where] ^= 0x01
    # A changed byte in the header's parameters may also read as a wrong passphrase.
    with pytest.raises((Damaged, WrongPassphrase, NotAnArchive)):
        opened(bytes(archive))


def test_reordered_chunks_are_refused():
    archive = sealed(os.urandom(3 * CHUNK))
    size = CHUNK + TAG_SIZE
    header, body = archive[:HEADER_SIZE], archive[HEADER_SIZE:]
    chunks = [body[i : i + size] for i in range(0, len(body), size)]
    chunks[0], chunks[1] = chunks[1], chunks[0]
    with pytest.raises(Damaged):
        opened(header + b"".join(chunks))


def test_bytes_after_the_final_chunk_are_refused():
    with pytest.raises(Damaged):
        opened(sealed(b"data") + b"x")
