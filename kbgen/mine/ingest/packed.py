"""Compressed exports, read as they come: .gz, .bz2 and .xz files, and .zip archives holding
one export (or a folder of .eml messages). Excel workbooks are zip archives too: they
are read as they are. Files kbgen cannot read are named for what they are, with what to do.

    with unpacked(Path("tickets.csv.gz")) as plain:   # a temporary, decompressed copy
        ...

The copy keeps the inner file's name ("tickets.csv"), so its suffix still breaks ties in
format detection, and lives in a temporary folder removed afterwards.
"""

from __future__ import annotations

import bz2
import gzip
import lzma
import shutil
import tempfile
import zipfile
import zlib
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager, contextmanager
from pathlib import Path, PurePosixPath
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from _typeshed import SupportsRead

# magic bytes -> (kind, opener, suffixes)
_Opener = Callable[..., AbstractContextManager["SupportsRead[bytes]"]]
_STREAMS: dict[bytes, tuple[str, _Opener, tuple[str, ...]]] = {
    b"\x1f\x8b": ("gzip", gzip.open, (".gz", ".gzip")),
    b"BZh": ("bzip2", bz2.open, (".bz2",)),
    b"\xfd7zXZ\x00": ("xz", lzma.open, (".xz",)),
}
_UNREADABLE = {  # magic bytes -> what the file is, and what to do
    b"7z\xbc\xaf\x27\x1c": "a 7-Zip archive; extract it and give kbgen the export file inside",
    b"Rar!\x1a\x07": "a RAR archive; extract it and give kbgen the export file inside",
    b"%PDF-": "a PDF document, not an export; export the tickets as CSV or JSON",
    b"\xd0\xcf\x11\xe0": "an old Excel (.xls) workbook; save it as .xlsx or as CSV UTF-8",
}
_ZIP = b"PK\x03\x04"


def is_workbook(path: Path) -> bool:
    """Whether a file is an Excel workbook (.xlsx, .xlsm): a zip archive holding
    xl/workbook.xml, whatever its name."""
    if not path.is_file():
        return False
    with path.open("rb") as fh:
        if not fh.read(4).startswith(_ZIP):
            return False
    try:
        with zipfile.ZipFile(path) as archive:
            return any(n.lower() == "xl/workbook.xml" for n in archive.namelist())
    except (zipfile.BadZipFile, OSError):
        return False


def packing(path: Path) -> str | None:
    """ "gzip", "bzip2", "xz" or "zip" for a compressed file; None for anything else (an
    Excel workbook is a zip archive too, but is read as it is)."""
    if not path.is_file():
        return None
    with path.open("rb") as fh:
        head = fh.read(8)
    if head.startswith(_ZIP):
        return None if is_workbook(path) else "zip"
    return next((kind for magic, (kind, _, _) in _STREAMS.items() if head.startswith(magic)), None)


def unreadable(path: Path, head: bytes) -> str | None:
    """What a file kbgen cannot read is, and what to do, from its first bytes."""
    for magic, what in _UNREADABLE.items():
        if head.startswith(magic):
            return f"{path} is {what}"
    if len(head) > 262 and head[257:262] == b"ustar":
        return f"{path} is a tar archive; extract it (tar -xf) and give kbgen the export file"
    if b"\x00" in head[:4096]:
        return (
            f"{path} is a binary file, not a ticket export; export the tickets from your help "
            "desk as CSV, JSON or NDJSON (or a mailbox as .mbox)"
        )
    return None


def _inner_name(path: Path, suffixes: tuple[str, ...]) -> str:
    name = path.name
    for suffix in suffixes:
        if name.lower().endswith(suffix) and len(name) > len(suffix):
            return name[: -len(suffix)]
    return name + ".export"


def _copy(source: SupportsRead[bytes], target: Path, limit: int | None) -> None:
    with target.open("wb") as out:
        if limit is None:
            shutil.copyfileobj(source, out, 1 << 20)
        else:
            out.write(source.read(limit))


def _members(archive: zipfile.ZipFile) -> list[zipfile.ZipInfo]:
    return [
        m
        for m in archive.infolist()
        if not m.is_dir()
        and not m.filename.startswith("__MACOSX/")
        and not PurePosixPath(m.filename).name.startswith(".")
    ]


def _unzip(path: Path, folder: Path, limit: int | None) -> Path:
    try:
        archive = zipfile.ZipFile(path)
    except zipfile.BadZipFile as exc:
        raise ValueError(f"{path} is a damaged zip archive ({exc}); download it again") from None
    with archive:
        try:
            return _extract(path, archive, folder, limit)
        except (RuntimeError, NotImplementedError, zipfile.BadZipFile, zlib.error) as exc:
            # encrypted members, compression methods Python lacks, damaged data
            raise ValueError(
                f"{path} is a zip archive kbgen cannot open ({exc}); unzip it yourself and "
                "give kbgen the export file"
            ) from None


def _extract(path: Path, archive: zipfile.ZipFile, folder: Path, limit: int | None) -> Path:
    members = _members(archive)
    names = [PurePosixPath(m.filename).name for m in members]  # no folders: no zip-slip
    if "content.xml" in names and "mimetype" in names:
        raise ValueError(
            f"{path} is an OpenDocument file (LibreOffice, Numbers); save it as .xlsx "
            "(Excel Workbook) or CSV UTF-8 and give kbgen that file"
        )
    if len(members) > 1 and all(n.lower().endswith(".eml") for n in names):
        target = folder / "messages"
        target.mkdir()
        for n, member in enumerate(members, 1):
            with archive.open(member) as source:
                _copy(source, target / f"{n:06d}-{names[n - 1]}", limit)
        return target
    if len(members) != 1:
        listed = ", ".join(names[:5]) + (", …" if len(names) > 5 else "")
        raise ValueError(
            f"{path} is a zip archive holding {len(members)} files ({listed or 'none'}); "
            "unzip it and give kbgen the export file(s)"
        )
    target = folder / names[0]
    with archive.open(members[0]) as source:
        _copy(source, target, limit)
    return target


@contextmanager
def unpacked(path: Path, limit: int | None = None) -> Iterator[Path]:
    """A decompressed copy of `path` (only its first `limit` bytes, if given), or `path`
    itself when it is not compressed. Raises ValueError naming the file and what to do."""
    kind = packing(path)
    if kind is None:
        yield path
        return
    with tempfile.TemporaryDirectory(prefix="kbgen-export-") as tmp:
        folder = Path(tmp)
        if kind == "zip":
            yield _unzip(path, folder, limit)
            return
        magic = next(m for m, (k, _, _) in _STREAMS.items() if k == kind)
        _, opener, suffixes = _STREAMS[magic]
        target = folder / _inner_name(path, suffixes)
        try:
            with opener(path, "rb") as source:
                _copy(source, target, limit)
        except (OSError, EOFError, lzma.LZMAError, zlib.error) as exc:
            raise ValueError(
                f"{path} is a {kind} file that cannot be decompressed ({exc}); download the "
                "export again"
            ) from None
        if packing(target) is not None:
            raise ValueError(f"{path} is compressed twice; decompress it and give kbgen the file")
        yield target


def in_terms_of(exc: ValueError, plain: Path, path: Path) -> ValueError:
    """The same error, naming the file the owner gave rather than its temporary copy."""
    return ValueError(str(exc).replace(str(plain), str(path)))
