"""Zip archives read safely: every size is checked in the central directory before a byte is extracted, the
bytes actually read are counted against what was declared, and a zip inside a zip (Garmin's export) is checked
the same way before it is opened. Nothing is written to disk except a nested zip's own bytes, spooled to a
temporary file once its declared size has passed the checks.
"""

from __future__ import annotations

import io
import tempfile
import zipfile
import zlib
from collections.abc import Iterator
from contextlib import AbstractContextManager, contextmanager
from dataclasses import dataclass
from typing import IO

from twitchcheck.core.errors import FieldProblem, InputError

MAX_MEMBERS = 200_000
"""A ten-year Strava or Garmin export holds a few thousand files."""
MAX_TOTAL_BYTES = 20 * 1024**3
"""Every member together, uncompressed: an Apple Health export of a decade is a few GB."""
MAX_MEMBER_BYTES = 8 * 1024**3
"""One member (Apple Health's export.xml reaches 3 GB; it is streamed, never held)."""
MAX_SMALL_MEMBER_BYTES = 256 * 1024**2
"""A member read whole into memory (a FIT, GPX, TCX or JSON file, a nested zip)."""
MAX_RATIO = 250
"""Uncompressed over compressed size. Real XML and JSON compress 5 to 30 times, FIT less; deflate's limit is
about 1,000, which only crafted data (a zip bomb) reaches."""
MAX_DEPTH = 2
"""An export, and the zips inside it (Garmin's UploadedFiles_*.zip); no zip inside those."""
_RATIO_FLOOR_BYTES = 1024 * 1024
"""Members smaller than this are not held to the ratio: a tiny file of zeros is no threat."""
CHUNK = 1024 * 1024


def archive_error(source: str, place: str, message: str) -> InputError:
    """An InputError about an archive: `source` is the file (and member) it is in, `place` where."""
    return InputError([FieldProblem(place, message)], source)


@dataclass(frozen=True)
class Member:
    """One file in an archive: its name, declared sizes, and the archive it is in (for messages)."""

    name: str
    size: int
    compressed: int
    archive: Archive

    @property
    def label(self) -> str:
        """`export.zip: apple_health_export/export.xml` (nested: `a.zip: b.zip: c.fit`)."""
        return f"{self.archive.label}: {self.name}"

    @contextmanager
    def open(self) -> Iterator[IO[bytes]]:
        """A stream of the member's bytes that stops with InputError past its declared size."""
        try:
            raw = self.archive.zip.open(self.name)
        except (zipfile.BadZipFile, zipfile.LargeZipFile, NotImplementedError, RuntimeError) as error:
            raise archive_error(self.archive.label, self.name, f"cannot be read ({error})") from None
        with raw:
            yield _Counted(raw, self)  # type: ignore[misc]  # a RawIOBase is a binary stream

    def read(self) -> bytes:
        """The whole member (at most MAX_SMALL_MEMBER_BYTES, checked before reading)."""
        if self.size > MAX_SMALL_MEMBER_BYTES:
            limit = MAX_SMALL_MEMBER_BYTES // 1024**2
            raise archive_error(
                self.archive.label, self.name, f"larger than {limit} MB: not a file to read whole"
            )
        with self.open() as stream:
            return stream.read()


class _Counted(io.RawIOBase):
    """A member's stream, counting bytes; corrupt data and a size beyond the declared one are InputErrors."""

    def __init__(self, raw: IO[bytes], member: Member) -> None:
        self.raw = raw
        self.member = member
        self.done = 0

    def readable(self) -> bool:
        return True

    def read(self, size: int = -1) -> bytes:
        want = CHUNK if size is None or size < 0 else size
        chunks = []
        while True:
            try:
                data = self.raw.read(want)
            except (zipfile.BadZipFile, zlib.error, EOFError, OSError) as error:
                raise archive_error(
                    self.member.archive.label, self.member.name, f"corrupt or truncated in the zip ({error})"
                ) from None
            self.done += len(data)
            if self.done > self.member.size:
                raise archive_error(
                    self.member.archive.label,
                    self.member.name,
                    "holds more than its declared size: a damaged or crafted zip",
                )
            chunks.append(data)
            if (size is not None and size >= 0) or not data:
                return b"".join(chunks)

    def readinto(self, buffer: bytearray | memoryview) -> int:  # type: ignore[override]  # io's buffer types
        data = self.read(len(buffer))
        buffer[: len(data)] = data
        return len(data)


class Archive:
    """An open zip whose central directory has passed the size checks."""

    def __init__(self, zip_file: zipfile.ZipFile, label: str, depth: int) -> None:
        self.zip = zip_file
        self.label = label
        self.depth = depth
        self.members = _checked_members(self)

    def nested(self, member: Member) -> AbstractContextManager[Archive]:
        """The zip inside `member`, checked like this one (spooled to a temporary file first)."""
        return _nested(self, member)


def _checked_members(archive: Archive) -> list[Member]:
    infos = archive.zip.infolist()
    if len(infos) > MAX_MEMBERS:
        raise archive_error(archive.label, "(zip)", f"{len(infos):,} files: more than {MAX_MEMBERS:,}")
    members: list[Member] = []
    total = 0
    for info in infos:
        if info.is_dir():
            continue
        place = info.filename
        if info.flag_bits & 0x1:
            raise archive_error(archive.label, place, "encrypted: export it again without a password")
        if info.file_size > MAX_MEMBER_BYTES:
            gb = MAX_MEMBER_BYTES // 1024**3
            raise archive_error(archive.label, place, f"declares {info.file_size:,} bytes: more than {gb} GB")
        ratio = info.file_size / max(info.compress_size, 1)
        if info.file_size > _RATIO_FLOOR_BYTES and ratio > MAX_RATIO:
            raise archive_error(
                archive.label,
                place,
                f"expands {ratio:,.0f} times ({info.compress_size:,} to {info.file_size:,} bytes): "
                "a zip bomb, not an export",
            )
        total += info.file_size
        members.append(Member(info.filename, info.file_size, info.compress_size, archive))
    if total > MAX_TOTAL_BYTES:
        gb = MAX_TOTAL_BYTES // 1024**3
        raise archive_error(archive.label, "(zip)", f"declares {total:,} bytes in all: more than {gb} GB")
    return members


@contextmanager
def open_archive(stream: IO[bytes], label: str, depth: int = 1) -> Iterator[Archive]:
    """The zip in a seekable stream, checked; InputError naming `label` if it is not a readable zip."""
    try:
        zip_file = zipfile.ZipFile(stream)
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, ValueError, EOFError) as error:
        raise archive_error(label, "(zip)", f"not a readable zip file ({error})") from None
    with zip_file:
        yield Archive(zip_file, label, depth)


@contextmanager
def _nested(archive: Archive, member: Member) -> Iterator[Archive]:
    if archive.depth >= MAX_DEPTH:
        raise archive_error(archive.label, member.name, "a zip inside a zip inside a zip: not an export")
    if member.size > MAX_SMALL_MEMBER_BYTES * 8:
        raise archive_error(archive.label, member.name, f"a nested zip of {member.size:,} bytes: too large")
    with tempfile.TemporaryFile() as spool:
        with member.open() as stream:
            while data := stream.read(CHUNK):
                spool.write(data)
        spool.seek(0)
        with open_archive(spool, member.label, archive.depth + 1) as inner:
            yield inner
