"""A sealed stream: AES-256-GCM in 1 MiB chunks, each authenticated with its place in the stream.

File layout: a header (magic, format, key fingerprint, random nonce prefix) then chunks, each
a 4-byte length and the ciphertext. A chunk's nonce is the prefix, its counter and a flag
marking the last chunk, and the header is its associated data; so a chunk changed, dropped,
reordered or moved between files fails its tag, and a stream cut short lacks its last chunk.
This is the STREAM construction (Hoang, Reyhanitabar, Rogaway, Vizár 2015), which lets a
backup of any size be written and checked in constant memory.
"""

import hashlib
import io
import os
import struct

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

MAGIC = b"RIHAIBK\x00"
FORMAT = 1
CHUNK = 1024 * 1024
_HEADER = struct.Struct(">8sB8s7s")  # magic, format, key fingerprint, nonce prefix
_LENGTH = struct.Struct(">I")


class BackupRefused(Exception):
    """The backup cannot be trusted or used; the message says why, for the operator."""


def key_fingerprint(key: bytes) -> bytes:
    """Names a key without revealing it, so "made with another key" can be told apart
    from "damaged"."""
    return hashlib.sha256(b"rihai-backup-key-fingerprint\x00" + key).digest()[:8]


def _nonce(prefix: bytes, counter: int, last: bool) -> bytes:
    return prefix + struct.pack(">I", counter) + (b"\x01" if last else b"\x00")


class SealedWriter(io.RawIOBase):
    """A write-only file object that seals what it is given into ``out``."""

    def __init__(self, out, key: bytes):
        super().__init__()
        self._out, self._aead = out, AESGCM(key)
        self._header = _HEADER.pack(MAGIC, FORMAT, key_fingerprint(key), os.urandom(7))
        self._prefix = self._header[-7:]
        self._buffer = bytearray()
        self._counter = 0
        out.write(self._header)

    def writable(self) -> bool:
        return True

    def write(self, data) -> int:
        self._buffer += data
        while len(self._buffer) > CHUNK:  # keep one chunk back: the last one is flagged
            self._seal(bytes(self._buffer[:CHUNK]), last=False)
            del self._buffer[:CHUNK]
        return len(data)

    def _seal(self, plain: bytes, *, last: bool) -> None:
        if self._counter >= 2**32 - 1:
            raise BackupRefused("backup too large for one sealed stream")
        sealed = self._aead.encrypt(_nonce(self._prefix, self._counter, last), plain, self._header)
        self._out.write(_LENGTH.pack(len(sealed)) + sealed)
        self._counter += 1

    def close(self) -> None:
        if not self.closed:
            self._seal(bytes(self._buffer), last=True)
            self._buffer.clear()
            self._out.flush()
        super().close()


def _read_exactly(source, size: int) -> bytes:
    data = source.read(size)
    return data if data is not None else b""


def open_sealed(source, key: bytes):
    """Yields the plaintext chunks of a sealed stream, refusing it at the first sign of
    damage, another key or a missing end."""
    header = _read_exactly(source, _HEADER.size)
    if len(header) < _HEADER.size:
        raise BackupRefused("not a Rihai backup: the file is too short to hold a header")
    magic, version, fingerprint, prefix = _HEADER.unpack(header)
    if magic != MAGIC:
        raise BackupRefused("not a Rihai backup: unknown file signature")
    if version != FORMAT:
        raise BackupRefused(f"backup format {version} is not supported (this version reads 1)")
    if fingerprint != key_fingerprint(key):
        raise BackupRefused(
            "the backup was made with another BACKUP_ENCRYPTION_KEY: restore needs that key"
        )
    aead = AESGCM(key)
    counter = 0
    while True:
        length_bytes = _read_exactly(source, _LENGTH.size)
        if len(length_bytes) < _LENGTH.size:
            raise BackupRefused("the backup is truncated: its last part is missing")
        (length,) = _LENGTH.unpack(length_bytes)
        if length > CHUNK + 16:
            raise BackupRefused(f"the backup is damaged: chunk {counter} has an invalid length")
        sealed = _read_exactly(source, length)
        if len(sealed) < length:
            raise BackupRefused("the backup is truncated: its last part is missing")
        for last in (False, True):
            try:
                plain = aead.decrypt(_nonce(prefix, counter, last), sealed, header)
                break
            except InvalidTag:
                continue
        else:
            raise BackupRefused(
                f"the backup was altered or damaged: chunk {counter} fails its authentication"
            )
        yield plain
        counter += 1
        if last:
            if _read_exactly(source, 1):
                raise BackupRefused("the backup was altered: data follows its last part")
            return


class SealedReader(io.RawIOBase):
    """A read-only file object over the plaintext of a sealed stream (for ``tarfile``)."""

    def __init__(self, source, key: bytes):
        super().__init__()
        self._chunks = open_sealed(source, key)
        self._pending = b""

    def readable(self) -> bool:
        return True

    def readinto(self, target) -> int:
        while not self._pending:
            try:
                self._pending = next(self._chunks)
            except StopIteration:
                return 0
        size = min(len(target), len(self._pending))
        target[:size] = self._pending[:size]
        self._pending = self._pending[size:]
        return size
