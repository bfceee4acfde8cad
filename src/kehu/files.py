"""Reading and writing the files a client book travels in: CSV/TSV (any of Excel's and WPS's
encodings), .xlsx, vCard, kehu's JSON, ICS. Everything here is I/O; the rules are in `core.columns`."""

from __future__ import annotations

import csv
import io
import os
import tempfile
from collections.abc import Iterable
from pathlib import Path

from kehu.errors import KehuError, NotFound, UsageError
from kehu.i18n import _


def existing_file(path: Path) -> Path:
    """`path`, if it is a file: a missing one is not found (exit 1), a folder is bad input (exit 2)."""
    if path.is_dir():
        raise UsageError(_("{path} is a folder, not a file").format(path=path))
    if not path.exists():
        raise NotFound(_("no file {path}").format(path=path))
    return path


def new_file(path: Path, protected: dict[Path, str]) -> Path:
    """`path`, if nothing is there yet (not even a dangling link): kehu never writes over a file
    it was not asked to replace. Vetted as `output_file` vets."""
    if not path.name or path.is_dir():
        raise UsageError(_("{path} is a folder; name a file").format(path=path or "."))
    if os.path.lexists(path):
        _refuse_protected(path, protected)
        raise KehuError(_("{path} exists; choose another name").format(path=path))
    return output_file(path, protected)

def decode(data: bytes, path: Path) -> str:
    """The text of a file saved by Excel, WPS or anything else: UTF-16 with its byte-order mark
    (Excel's "Unicode Text"), UTF-8 (BOM or not), else GBK/GB18030 (WPS's and Excel's default in
    China) or Windows-1252 (Excel's default in the West), whichever the bytes look like."""
    if data[:2] in (b"\xff\xfe", b"\xfe\xff"):
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError:
            pass
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    readings = []
    for encoding in (("cp1252", "gb18030") if _looks_western(data) else ("gb18030", "cp1252")):
        try:
            readings.append(data.decode(encoding))
        except UnicodeDecodeError:
            continue
    if readings:
        return readings[0]
    raise UsageError(_("{path}: not UTF-8, UTF-16, GBK or Windows-1252 text; save it as CSV UTF-8 and try again").format(path=path))


def _looks_western(data: bytes) -> bool:
    """Whether non-ASCII bytes sit inside Latin words (Conceição, Müller: Windows-1252) rather than
    in runs of their own between commas, quotes and spaces (王堃,腾讯: GBK, two bytes a character)."""
    import re

    runs = list(re.finditer(rb"[\x80-\xff]+", data))
    if not runs:
        return False

    def latin(i: int) -> bool:
        return 0 <= i < len(data) and chr(data[i]).isalpha() and data[i] < 0x80

    inside = sum(1 for m in runs if latin(m.start() - 1) or latin(m.end()))
    return inside >= 0.8 * len(runs)


# What kehu reads from a file it imports, at most (README: "What kehu promises about your data").
# A sheet beyond these is refused with one line before it can fill memory: an 800 KB .xlsx can
# unpack to 240 MB of XML and millions of rows.
MAX_BYTES = 200 * 1024 * 1024  # the file, or the unpacked parts of an .xlsx
MAX_ROWS = 1_048_576  # Excel's own row limit
MAX_COLUMNS = 200
MAX_CELL = 32_767  # Excel's own limit on the characters of a cell
MAX_CELLS = 10_000_000  # in the whole file (a million touches of eight columns is 8 million)
MAX_RECORDS = 3_000_000  # JSON objects in a kehu book (contacts, touches, dates…)
# A kehu book (JSON) may be bigger than a sheet: it is kehu's own export, whose size follows the
# book (100,000 contacts with 1M touches: 211 MB). Laid out as kehu writes it, it is read a contact
# at a time (kehu.json_stream); any other JSON is parsed whole, and MAX_RECORDS, counted before it
# is parsed, is what bounds the memory that takes. 512 MB holds those 3M records at ~170 bytes
# each, and twice that 100k-contact book: an export of any book kehu handles stays re-importable.
MAX_BOOK_BYTES = 512 * 1024 * 1024


def read_json(path: Path):
    """A kehu book or demo book: at most MAX_BOOK_BYTES and MAX_RECORDS objects, counted before it is
    parsed (a file of {} × millions would fill memory first); ValueError if it is not JSON."""
    import json

    data = read_bytes(path, MAX_BOOK_BYTES)  # read once: it may be a pipe
    if data.count(b"{") > MAX_RECORDS:
        raise _too_many_records(path)
    try:
        return json.loads(data.decode("utf-8-sig"))
    except RecursionError:
        raise UsageError(_("{path}: not a kehu export (nested deeper than any kehu book)").format(path=path)) from None


def check_book_size(path: Path) -> None:
    """Refuse a kehu book (a regular file: it is read again) over MAX_BOOK_BYTES or MAX_RECORDS
    objects, counted a megabyte at a time before anything is parsed."""
    read_bytes(path, MAX_BOOK_BYTES, size_only=True)
    records = 0
    try:
        with path.open("rb") as f:
            while data := f.read(1 << 20):
                records += data.count(b"{")
    except OSError as e:
        raise KehuError(_("can't read {path}: {reason}").format(path=path, reason=e.strerror)) from None
    if records > MAX_RECORDS:
        raise _too_many_records(path)


def _too_many_records(path: Path) -> UsageError:
    return UsageError(_("{path} holds more than {limit:,} records; kehu imports at most {limit:,} at a time").format(
        path=path, limit=MAX_RECORDS))


def read_bytes(path: Path, limit: int | None = None, *, size_only: bool = False) -> bytes:
    """A whole file of at most `limit` bytes (MAX_BYTES: a CSV or vCard; MAX_BOOK_BYTES: a kehu
    book); with `size_only`, only its size checked (b"" returned)."""
    limit = MAX_BYTES if limit is None else limit
    try:
        size = path.stat().st_size
        if size > limit:
            raise UsageError(_("{path} is {size} MB; kehu imports files of at most {limit} MB (split it)").format(
                path=path, size=size // 2**20, limit=limit // 2**20))
        return b"" if size_only else path.read_bytes()
    except OSError as e:
        raise KehuError(_("can't read {path}: {reason}").format(path=path, reason=e.strerror)) from None


def read_rows(path: Path, known: set[str] = frozenset()) -> tuple[list[str], list[tuple[int, dict[str, str]]]]:
    """(headers, [(row number, {header: value})]) of a CSV, TSV or .xlsx file; `known`: headers
    named with --map (they help find the header row). Bounded by MAX_ROWS, MAX_COLUMNS, MAX_CELL."""
    headers, rows = stream_rows(path, known)
    return headers, list(rows)


def stream_rows(path: Path, known: set[str] = frozenset()):
    """(headers, an iterator of (row number, {header: value})): `read_rows` a row at a time, for a
    file too big to hold as rows (a touch log of a million). The limits are checked as the rows
    come: a file past one raises UsageError during the iteration (an import is rolled back)."""
    if path.suffix.casefold() == ".xlsx":
        return _rows(_bounded(_xlsx_rows(path), path), path, known)
    text = decode(read_bytes(path), path)
    return _rows(_bounded(_csv_rows(text, path), path), path, known)


def _lines(text: str, universal: bool = False):
    """The lines of `text` with their endings, one at a time (io.StringIO(text) would copy the
    whole text, four bytes a character): split at \n; `universal`: at \r, \n and \r\n, as
    io.StringIO(text, newline="") splits (a text with a lone \r is read through StringIO)."""
    if universal and text.count("\r") != text.count("\r\n"):
        yield from io.StringIO(text, newline="")
        return
    start = 0
    while (end := text.find("\n", start)) >= 0:
        yield text[start:end + 1]
        start = end + 1
    if start < len(text):
        yield text[start:]


def _csv_rows(text: str, path: Path):
    """The rows of a CSV text: a quote that opens a cell and never closes (which would swallow
    every row after it into one name) is an error naming the line where that row starts, and so
    is a line with more separators than any sheet has columns (checked before a row is built)."""
    csv.field_size_limit(MAX_CELL + 1)
    delimiter = _delimiter(text, path)
    for number, line in enumerate(_lines(text), start=1):
        if line.count(delimiter) > 16_384:  # Excel's own column limit
            raise UsageError(_("{path} line {line} has more than 16,384 cells; kehu reads at most {limit} columns").format(
                path=path, line=number, limit=MAX_COLUMNS))
    _refuse_unclosed_quote(text, delimiter, path)
    # Lenient beyond that, as Excel is: "Smith" Jr is the text it looks like.
    reader = csv.reader(_lines(text, universal=True), delimiter=delimiter)
    while True:
        start = reader.line_num + 1
        try:
            row = next(reader)
        except StopIteration:
            return
        except csv.Error as e:
            reason = str(e)
            if "field larger" in reason:
                reason = _("a cell longer than {limit} characters").format(limit=MAX_CELL)
            elif "end of data" in reason:
                reason = _('a quote (") opens a cell and never closes it')
            raise UsageError(_("{path} line {line}: not readable as CSV ({reason}); nothing was imported").format(
                path=path, line=start, reason=reason)) from None
        yield row


def _refuse_unclosed_quote(text: str, delimiter: str, path: Path) -> None:
    """A quote that opens a cell and never closes would swallow every row after it into one cell:
    an error naming the line where that row starts (found by a strict reading, only then)."""
    if text.count('"') % 2 == 0:
        return
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=True)
    start = 1
    try:
        while True:
            start = reader.line_num + 1
            next(reader)
    except StopIteration:
        return
    except csv.Error as e:
        if "end of data" not in str(e):
            return  # "Smith" Jr: lenient reading keeps it; the odd quote is elsewhere
    raise UsageError(_("{path} line {line}: not readable as CSV ({reason}); nothing was imported").format(
        path=path, line=start, reason=_('a quote (") opens a cell and never closes it')))


def _bounded(rows, path: Path):
    """Every row, one at a time, refused as soon as the file goes past a limit (rows, columns, cell size)."""
    cells = 0
    for number, row in enumerate(rows, start=1):
        cells += len(row)
        if cells > MAX_CELLS:
            raise UsageError(_("{path} has more than {limit:,} cells; kehu imports at most {limit:,} at a time (split it)").format(
                path=path, limit=MAX_CELLS))
        if number > MAX_ROWS:
            raise UsageError(_("{path} has more than {limit:,} rows; kehu imports at most {limit:,} at a time (split it)").format(
                path=path, limit=MAX_ROWS))
        if len(row) > MAX_COLUMNS:  # empty cells after the last value don't count
            width = next((i + 1 for i in range(len(row) - 1, -1, -1) if row[i]), 0)
            if width > MAX_COLUMNS:
                raise UsageError(_("{path} row {n} has more than {limit} columns; kehu reads at most {limit}").format(
                    path=path, n=number, limit=MAX_COLUMNS))
        if row and max(map(len, row)) > MAX_CELL:
            raise UsageError(_("{path} row {n} has a cell longer than {limit} characters").format(path=path, n=number, limit=MAX_CELL))
        yield row


def _delimiter(text: str, path: Path) -> str:
    """Tab for .tsv; else whichever of , ; tab the first line uses most (Excel writes ; where the
    decimal mark is a comma). Only the first line: notes further down are full of punctuation."""
    if path.suffix.casefold() == ".tsv":
        return "\t"
    first = next((line for line in _lines(text, universal=True) if line.strip()), "")
    counts = {d: first.count(d) for d in (",", "\t", ";")}
    best = max(counts, key=lambda d: counts[d])
    return best if counts[best] > counts[","] else ","


def _xlsx_rows(path: Path):
    """The first sheet's rows as text, streamed (openpyxl's read-only mode), after checking that the
    workbook does not unpack to more than MAX_BYTES."""
    import zipfile

    try:
        with zipfile.ZipFile(path) as archive:
            unpacked = sum(member.file_size for member in archive.infolist())
    except (OSError, zipfile.BadZipFile) as e:
        raise UsageError(_("{path}: not a readable .xlsx file ({error})").format(path=path, error=e)) from None
    if unpacked > MAX_BYTES:
        raise UsageError(_("{path} unpacks to {size} MB; kehu imports workbooks of at most {limit} MB unpacked "
                           "(save it as CSV, or split it)").format(path=path, size=unpacked // 2**20, limit=MAX_BYTES // 2**20))
    import openpyxl  # 75 ms: only for .xlsx files

    try:
        book = openpyxl.load_workbook(path, read_only=True, data_only=True)
    except Exception as e:  # openpyxl raises many kinds for a damaged or non-xlsx file
        raise UsageError(_("{path}: not a readable .xlsx file ({error})").format(path=path, error=e)) from None
    try:
        sheet = book.worksheets[0]
        sheet.reset_dimensions()  # some writers record a wrong size, and read-only mode would trust it
        for row in sheet.iter_rows(max_col=MAX_COLUMNS + 1, values_only=True):
            width = len(row)
            while width and row[width - 1] is None:  # a formatted but empty cell far to the right
                width -= 1
            yield ["" if cell is None else _cell_text(cell) for cell in row[:width]]
    finally:
        book.close()


def _cell_text(value) -> str:
    import datetime as dt

    if isinstance(value, dt.datetime):
        return value.date().isoformat() if value.time() == dt.time() else value.isoformat(sep=" ")
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))  # phone numbers typed into a number cell
    return str(value)


def _rows(table, path: Path, known: set[str]):
    """Headers and numbered rows (numbers as the spreadsheet shows them, an iterator), blank rows
    left out; the header row is found among the first rows (a title row often sits above it)."""
    from itertools import chain, islice

    from kehu.core.columns import CONTACT_FIELDS, TOUCH_FIELDS, find_header_row

    numbered = ((n, row) for n, row in enumerate(table, start=1) if any(cell.strip() for cell in row))
    first = list(islice(numbered, HEADER_ROWS))
    if not first:
        raise UsageError(_("{path} is empty: the first row should name the columns").format(path=path))
    at = find_header_row([row for _n, row in first], CONTACT_FIELDS + TOUCH_FIELDS, known, limit=HEADER_ROWS)
    headers = _unique([h.strip() for h in first[at][1]])
    return headers, ((n, dict(zip(headers, row))) for n, row in chain(first[at + 1:], numbered))


HEADER_ROWS = 10  # the rows among which the header row is looked for


def _unique(headers: list[str]) -> list[str]:
    """Headers a row can be keyed by: a second 电话 becomes "电话 #2" (still read as a phone)."""
    seen: dict[str, int] = {}
    unique = []
    for header in headers:
        seen[header] = seen.get(header, 0) + 1
        unique.append(header if seen[header] == 1 or not header else f"{header} #{seen[header]}")
    return unique


def read_vcards(path: Path) -> list[tuple[int, dict[str, str]]]:
    """Contacts of a vCard file (3.0/4.0, as phones and Google/Apple contacts export them),
    as rows already keyed by kehu's field names."""
    import vobject  # 25 ms: only for .vcf files

    try:
        text = _join_soft_breaks(decode(read_bytes(path), path))
        cards = list(vobject.readComponents(text))
    except OSError as e:
        raise KehuError(_("can't read {path}: {reason}").format(path=path, reason=e.strerror)) from None
    except Exception as e:  # vobject's parse errors have no common base worth naming
        raise UsageError(_("{path}: not a readable vCard file ({error})").format(path=path, error=e)) from None
    return [(n, _card_fields(card)) for n, card in enumerate(cards, start=1)]


def _join_soft_breaks(text: str) -> str:
    """vCard 2.1 (Android's export) wraps quoted-printable values with a trailing '=': join those
    lines, which vobject does not."""
    out: list[str] = []
    joining = False
    for line in text.splitlines():
        if joining:
            out[-1] = out[-1][:-1] + line
        else:
            out.append(line)
        current = out[-1]
        joining = current.endswith("=") and "QUOTED-PRINTABLE" in current.split(":", 1)[0].upper()
    return "\r\n".join(out) + "\r\n"


_MOBILE = {"CELL", "MOBILE", "IPHONE"}


def _card_fields(card) -> dict[str, str]:
    def first(name: str) -> str:
        item = card.contents.get(name)
        return str(item[0].value).strip() if item else ""

    phones = _phones(card)
    fields = {"phone": phones[0] if phones else "", "email": first("email"), "title": first("title"),
              "note": first("note"), "birthday": first("bday"), "wechat": first("x-wechat")}
    if len(phones) > 1:  # kehu keeps one phone; the others stay readable in the note
        fields["note"] = "\n".join(x for x in (fields["note"], "Tel: " + ", ".join(phones[1:])) if x)
    org = card.contents.get("org")
    if org:
        value = org[0].value
        fields["company"] = (value[0] if isinstance(value, list) else str(value)).strip()
    fields["name"] = _card_name(card, first) or fields.get("company", "")  # a card for a company has only ORG
    adr = card.contents.get("adr")
    if adr:
        fields["city"] = (adr[0].value.city or "").strip()
    birthday = fields["birthday"]
    if birthday.startswith("--"):  # --0815 or --08-15: no year
        fields["birthday"] = birthday[2:4] + "-" + birthday[-2:]
    elif birthday.startswith("1604"):  # Apple's stand-in year for a birthday without one
        fields["birthday"] = birthday[5:10] if birthday[4:5] == "-" else birthday[4:6] + "-" + birthday[6:8]
    return fields


def _phones(card) -> list[str]:
    """The card's numbers, a mobile first (it reaches WeChat and SMS too)."""
    def is_mobile(tel) -> bool:  # TYPE=cell in 3.0/4.0, a bare CELL in 2.1
        types = [*tel.params.get("TYPE", []), *getattr(tel, "singletonparams", [])]
        return bool(_MOBILE & {t.strip().upper() for group in types for t in group.split(",")})  # TYPE="cell,voice"

    def number(tel) -> str:  # vCard 4.0 writes a URI: tel:+1-555-555-5555
        text = str(tel.value).strip()
        return text[4:].strip() if text[:4].casefold() == "tel:" else text

    tels = card.contents.get("tel", [])
    ranked = sorted(tels, key=lambda tel: not is_mobile(tel))
    return list(dict.fromkeys(number(tel) for tel in ranked if number(tel)))


def _card_name(card, first) -> str:
    """FN, else N — family name first, with no space between Chinese names (张 + 三 = 张三)."""
    if first("fn"):
        return first("fn")
    n = card.contents.get("n")
    if not n:
        return ""
    family, given = (n[0].value.family or "").strip(), (n[0].value.given or "").strip()
    cjk = any("\u4e00" <= ch <= "\u9fff" for ch in family + given)
    return (family + given) if cjk else " ".join(x for x in (given, family) if x)


# SQLite keeps part of a database beside it: a file written over one of these destroys the book.
SIDECARS = ("", "-wal", "-shm", "-journal")


def output_file(path: Path, protected: dict[Path, str]) -> Path:
    """Where kehu may write a file the user named (export, digest, backup, rejects): the file
    itself, through a symbolic link to an existing file. Never one of `protected` (the database
    with its -wal/-shm/-journal, the config file; each with what to call it) however it is named —
    relative, through a symbolic link, or a hard link to the same file; never through a dangling
    link; never into a folder that does not exist."""
    if not path.name or path.is_dir():
        raise UsageError(_("{path} is a folder; name a file").format(path=path or "."))
    if path.exists() and not path.is_file():
        return path  # a device or a pipe (/dev/stdout): written as a stream, never replaced
    target = Path(os.path.realpath(path))
    if path.is_symlink() and not target.exists():
        raise KehuError(_("{path} is a link to {target}, which does not exist; kehu does not write through it "
                          "(name the file itself)").format(path=path, target=target))
    if not target.parent.is_dir():
        raise NotFound(_("no folder {folder} for {path}; create it first").format(folder=target.parent, path=path))
    _refuse_protected(path, protected)
    return target


def _refuse_protected(path: Path, protected: dict[Path, str]) -> None:
    import fnmatch

    real = Path(os.path.realpath(path))
    for kept, what in protected.items():
        book = Path(os.path.realpath(kept))
        # The copies kehu keeps of the book (before a restore, before an upgrade) are the only
        # copies there may be: never written over either.
        if real.parent == book.parent and any(fnmatch.fnmatch(real.name, p) for p in (
                f"{book.stem}-before-restore-*.db*", f"{book.name}.schema*.bak")):
            raise KehuError(_("{path} is a copy kehu kept of {book}; kehu never writes over it (choose another file)").format(
                path=path, book=book))
        for side in SIDECARS:
            for original in {kept, Path(os.path.realpath(kept))}:
                if _same_file(path, original.with_name(original.name + side)):
                    raise KehuError(_("{path} is {what} ({kept}); kehu never writes over it (choose another file)").format(
                        path=path, what=what, kept=original.with_name(original.name + side)))


def _same_file(a: Path, b: Path) -> bool:
    if os.path.realpath(a) == os.path.realpath(b):
        return True
    try:
        return os.path.samefile(a, b)  # a hard link: another name for the same file
    except OSError:
        return False


def fsync_file(path: Path) -> None:
    """Make a file's contents durable before it is renamed into place."""
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def sync_folder(folder: Path) -> None:
    """Make a rename in `folder` durable (where the platform allows opening a folder)."""
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def write_atomically(path: Path, text: str | Iterable[str], encoding: str = "utf-8") -> None:
    """The whole file or nothing, mode 0600: a temporary file in the same folder, flushed to disk
    and renamed over `path` (removed if anything fails: it may hold the whole client book).
    `text` may come in pieces (a streamed export), written as they come. `path` has been vetted
    by `output_file`."""
    pieces = (text,) if isinstance(text, str) else text
    tmp = None
    try:
        if path.is_dir() or not path.name:
            raise IsADirectoryError(21, "is a folder")
        if path.exists() and not path.is_file():  # /dev/stdout, a named pipe
            with path.open("w", encoding=encoding, newline="") as stream:
                stream.writelines(pieces)
            return
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
        with os.fdopen(fd, "w", encoding=encoding, newline="") as f:
            f.writelines(pieces)
            f.flush()
            os.fsync(f.fileno())
        os.replace(tmp, path)
        tmp = None
        sync_folder(path.parent)
    except OSError as e:
        raise KehuError(_("can't write {path}: {reason}").format(path=path, reason=e.strerror or e)) from None
    finally:
        if tmp:
            Path(tmp).unlink(missing_ok=True)
