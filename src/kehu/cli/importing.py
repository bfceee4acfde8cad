"""`kehu import`: contacts from a spreadsheet or vCards, a touch history, or a whole kehu book —
all or nothing (the Book decides what is a duplicate: book/importing.py)."""

from __future__ import annotations

import contextlib
import sys
from enum import Enum
from pathlib import Path

import typer

from kehu import config
from kehu.cli.app import app
from kehu.cli.common import Session, book_files, command, open_book, read_clock
from kehu.errors import KehuError, UsageError
from kehu.i18n import _, ngettext


class Kind(str, Enum):
    contacts = "contacts"
    touches = "touches"


class OnDuplicate(str, Enum):
    skip = "skip"
    update = "update"
    new = "new"


def _mapping(pairs: list[str] | None) -> dict[str, str]:
    from kehu.core.columns import CONTACT_FIELDS, TOUCH_FIELDS

    known = set(CONTACT_FIELDS) | set(TOUCH_FIELDS) | {"ignore"}
    overrides = {}
    for pair in pairs or []:
        column, sep, target = pair.partition("=")
        if not sep or not column.strip() or target.strip() not in known:
            raise UsageError(_("--map {pair!r}: use COLUMN=FIELD, FIELD one of {fields}").format(
                pair=pair, fields=", ".join(sorted(known))))
        overrides[column.strip()] = target.strip()
    return overrides


@contextlib.contextmanager
def _progress(total: int | None, label: str):
    """A Rich progress bar on stderr for large files on a terminal (a streamed file, whose
    `total` is not known before the end, counts its rows). Yields: advance the bar by n."""
    bar = None
    if (total is None or total >= 500) and sys.stderr.isatty():
        from rich.console import Console
        from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

        columns = ((TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn())
                   if total is None else Progress.get_default_columns())
        bar = Progress(*columns, console=Console(stderr=True), transient=True)
        task = bar.add_task(label, total=total)
        bar.start()
    try:
        yield (lambda n=1: bar.advance(task, n)) if bar else (lambda n=1: None)
    finally:
        if bar:
            bar.stop()


@command(app, "import")
def import_file(
    file: Path = typer.Argument(..., metavar="FILE", help=_("CSV/TSV (UTF-8 or GBK), .xlsx, .vcf, or kehu's .json.")),
    kind: Kind = typer.Option(None, "--kind", case_sensitive=False, help=_("contacts, or touches (a follow-up log); guessed from the columns.")),
    mapping: list[str] = typer.Option(None, "--map", metavar="COLUMN=FIELD", help=_("Read a column as a field (repeat); FIELD 'ignore' skips it.")),
    dry_run: bool = typer.Option(False, "--dry-run", help=_("Check and count everything, write nothing.")),
    on_duplicate: OnDuplicate = typer.Option(OnDuplicate.skip, "--on-duplicate", case_sensitive=False,
                                             help=_("A contact already in the book (same phone, e-mail, WeChat, or name + company): skip, update it, or add a new one.")),
    skip_bad: Path = typer.Option(None, "--skip-bad", metavar="REJECTS.csv", help=_("Import the good rows and write the bad ones, with the reason, to this file.")),
) -> None:
    """Import contacts or a touch history — all or nothing.

    A bad row stops the import with its row number and reason and nothing is written,
    unless --skip-bad. Headers are recognised in English and Chinese (姓名, 公司, 电话…).
    """
    from kehu import files

    files.existing_file(file)
    if skip_bad is not None:
        skip_bad = files.new_file(skip_bad, book_files(file))
    suffix = file.suffix.casefold()
    if suffix == ".json":
        _import_book(file, dry_run, on_duplicate)
        return
    overrides = _mapping(mapping)
    if suffix in (".vcf", ".vcard"):
        rows, wanted = files.read_vcards(file), Kind.contacts
        originals = dict(rows)
    else:
        from kehu.core.columns import CONTACT_FIELDS, TOUCH_FIELDS, fields_of, map_headers

        headers, table = files.stream_rows(file, set(overrides))
        absent = [c for c in overrides if c not in headers]
        if absent:
            raise UsageError(_("--map {column}=…: {path} has no column {column!r}; its columns are {headers}").format(
                column=absent[0], path=file, headers=", ".join(repr(h) for h in headers)))
        wanted = kind or _guess_kind(headers, overrides)
        fields = TOUCH_FIELDS if wanted is Kind.touches else CONTACT_FIELDS
        columns = map_headers(headers, fields, overrides)
        required = ("date", "name") if wanted is Kind.touches else ("name",)
        missing = [f for f in required if f not in columns.values() and not (f == "name" and "id" in columns.values())]
        if missing:
            raise UsageError(_("{path}: no column for {fields} among {headers}; name it with --map COLUMN={field}").format(
                path=file, fields=", ".join(missing), headers=", ".join(repr(h) for h in headers), field=missing[0]))
        unread = [h for h in headers if h and h not in columns and h not in overrides]
        if unread:
            print(_("kehu: note: columns not imported: {columns} (read one with --map COLUMN=FIELD)").format(
                columns=", ".join(unread)), file=sys.stderr)
        if wanted is Kind.touches and not kind_mismatch(kind, wanted):  # a log of a million rows: never held whole
            _import_touches(file, table, columns, dry_run, skip_bad)
            return
        table = list(table)
        rows = ((n, fields_of(raw, columns)) for n, raw in table)  # read as checked: one row's fields at a time
        originals = dict(table)  # a rejected row goes to the rejects file whole, as it was
    if kind_mismatch(kind, wanted):
        raise UsageError(_("a vCard file holds contacts, not touches"))
    _import_contacts(file, rows, originals, dry_run, on_duplicate.value, skip_bad)


def kind_mismatch(kind, wanted) -> bool:
    """--kind asked for what the file cannot hold (touches from a vCard)."""
    return bool(kind) and kind is not wanted


def _import_target(dry_run: bool, clock=None):
    """The database an import writes to; a dry run with no database yet counts against an empty
    book in a scratch folder, so that it leaves nothing behind (not even an empty database)."""
    path = config.db_path(Session.db_option)
    if not (dry_run and not path.exists()):
        return open_book(create=True, clock=clock)
    import atexit
    import shutil
    import tempfile

    from kehu.book import open_book as opened

    scratch = Path(tempfile.mkdtemp(prefix="kehu-dry-run-"))
    atexit.register(shutil.rmtree, scratch, ignore_errors=True)
    return opened(scratch / "kehu.db", config.load_config, clock or read_clock())


def _guess_kind(headers: list[str], overrides: dict[str, str]) -> Kind:
    from kehu.core.columns import TOUCH_FIELDS, map_headers

    found = set(map_headers(headers, TOUCH_FIELDS, overrides).values())
    named = {"date", "name"} <= found or {"date", "id"} <= found
    return Kind.touches if named and found & {"channel", "outcome", "next"} else Kind.contacts


def _checked(rows, originals: dict, check) -> tuple[list, list[tuple[int, dict, str]]]:
    """Rows that pass `check`, and (row number, the row as in the file, reason) for the rest."""
    from kehu.core.columns import RowError

    good, bad = [], []
    for number, raw in rows:
        try:
            good.append(check(number, raw))
        except RowError as e:
            bad.append((number, originals[number], str(e)))
    return good, bad


def _refuse_bad(file: Path, bad: list) -> None:
    """Stop the import (nothing written) at the first bad row."""
    number, _raw, reason = min(bad, key=lambda b: b[0])
    more = _(" (and {n} more bad rows)").format(n=len(bad) - 1) if len(bad) > 1 else ""
    raise UsageError(_("{path} row {n}: {reason}{more}; nothing was imported (fix it, or --skip-bad REJECTS.csv)").format(
        path=file, n=number, reason=reason, more=more))


def _rejects_note(skip_bad: Path | None, bad: list, dry_run: bool) -> str:
    if not bad:
        return ""
    return (_(" (would be written to {f})") if dry_run else _(" (written to {f})")).format(f=skip_bad)


def _write_rejects(skip_bad: Path, bad: list) -> None:
    import csv
    import io

    from kehu import files
    from kehu.core.columns import safe_cell

    columns = list(dict.fromkeys(k for _n, raw, _r in sorted(bad, key=lambda b: b[0]) for k in raw))
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(["row", "reason", *columns])
    for number, raw, reason in sorted(bad, key=lambda b: b[0]):
        writer.writerow([number, reason, *(safe_cell(raw.get(c, "")) for c in columns)])
    files.write_atomically(skip_bad, "\ufeff" + out.getvalue())


def _import_contacts(file: Path, rows, originals: dict, dry_run: bool, on_duplicate: str, skip_bad: Path | None) -> None:
    from kehu.book.importing import RowsRefused
    from kehu.book.occasions import parse_date_spec
    from kehu.core.columns import contact_row

    good, bad = _checked(rows, originals, contact_row)
    clock = read_clock()
    birthdays = {}
    for row in good:  # check dates before writing anything
        if row.birthday:
            try:
                birthdays[row.number] = parse_date_spec(*row.birthday, today=clock.today)
            except UsageError as e:
                bad.append((row.number, originals[row.number], e.message))
    if bad and skip_bad is None:
        _refuse_bad(file, bad)
    bad_numbers = {n for n, _raw, _r in bad}  # built once, not once a row
    good = [r for r in good if r.number not in bad_numbers]
    book = _import_target(dry_run, clock)
    with _progress(len(good), _("importing contacts")) as advance:
        try:
            counts, refused = book.import_contacts(good, on_duplicate, birthdays, dry_run=dry_run,
                                                   keep_going=skip_bad is not None, advance=advance)
        except RowsRefused as e:
            _refuse_bad(file, bad + [(n, originals[n], reason) for n, reason in e.details])
    bad += [(n, originals[n], reason) for n, reason in refused]
    if bad and not dry_run:
        _write_rejects(skip_bad, bad)
    verb = _("Would import") if dry_run else _("Imported")
    print(_("{verb} {path}: {added} added, {updated} updated, {skipped} skipped as duplicates, {bad} bad rows{rejects}.").format(
        verb=verb, path=file, bad=len(bad), rejects=_rejects_note(skip_bad, bad, dry_run), **counts))


def _import_touches(file: Path, table, columns: dict, dry_run: bool, skip_bad: Path | None) -> None:
    """A touch log, streamed: each row checked, placed and written as it is read, in one
    transaction that a bad row rolls back whole (unless --skip-bad): a log of a million rows is
    never held in memory, only its bad rows."""
    from kehu.book.importing import RowsRefused
    from kehu.core.columns import RowError, fields_of, touch_row

    book = open_book()
    bad: list[tuple[int, dict, str]] = []
    raws: dict[int, dict] = {}  # the rows of the chunk being placed, for the rejects file

    def checked(advance):
        for read, (number, raw) in enumerate(table, 1):
            if read % 1000 == 0:
                advance(1000)
            try:
                row = touch_row(number, fields_of(raw, columns), book.today)
            except RowError as e:
                bad.append((number, raw, str(e)))
                continue
            raws[number] = raw
            yield row

    def unplaced(row, reason: str) -> None:
        bad.append((row.number, raws[row.number], reason))

    try:
        with _progress(None, _("importing touches")) as advance:
            added, already, contacts = book.import_touch_log(checked(advance), bad, unplaced, raws, dry_run=dry_run,
                                                             keep_going=skip_bad is not None)
    except RowsRefused:
        _refuse_bad(file, bad)
    if bad and not dry_run:
        _write_rejects(skip_bad, bad)
    verb = _("Would import") if dry_run else _("Imported")
    print(_("{verb} {touches} for {contacts} from {path}; {same} already in the book, {bad} bad rows{rejects}.").format(
        verb=verb, touches=ngettext("{n} touch", "{n} touches", added).format(n=added),
        contacts=ngettext("{n} contact", "{n} contacts", contacts).format(n=contacts), path=file, same=already, bad=len(bad),
        rejects=_rejects_note(skip_bad, bad, dry_run)))


@contextlib.contextmanager
def _book_errors(file: Path):
    """A kehu book that cannot be read or checked: one line, exit 2 (3 when the file can't be read)."""
    from kehu.core.book_check import BookError

    try:
        yield
    except BookError as e:
        raise UsageError(_("{path}: {error}; nothing was imported").format(path=file, error=e)) from None
    except ValueError as e:
        raise UsageError(_("{path}: not a readable JSON file ({error})").format(path=file, error=e)) from None
    except RecursionError:
        raise UsageError(_("{path}: not a kehu export (nested deeper than any kehu book)").format(path=file)) from None
    except OSError as e:
        raise KehuError(_("can't read {path}: {reason}").format(path=file, reason=e.strerror)) from None


def _import_book(file: Path, dry_run: bool, on_duplicate: OnDuplicate) -> None:
    from kehu.core.book_check import BOOK_FORMAT, BOOK_VERSION, contacts_of

    if on_duplicate is OnDuplicate.update:
        raise UsageError(_("--on-duplicate update is for spreadsheets and vCards; import a kehu book with skip or new, "
                           "then `kehu merge` what belongs together"))
    from kehu.files import check_book_size, read_json
    from kehu.json_stream import book_pieces

    # Read a piece at a time (one contact held, not the book) when the file is a regular file laid
    # out as kehu writes a book; any other (a pipe, a hand-made layout) is read whole, once,
    # within the bounds files.read_json keeps.
    with _book_errors(file):
        pieces = None
        if file.is_file():
            check_book_size(file)
            pieces = book_pieces(file)
        if pieces is None:
            doc = read_json(file)
            contacts = iter(contacts_of(doc)) if isinstance(doc, dict) and doc.get("format") == BOOK_FORMAT else None
            rest = lambda: {k: v for k, v in doc.items() if k != "contacts"}  # noqa: E731
        else:
            doc, contacts, rest = pieces.head, pieces.contacts, pieces.rest
    with pieces or contextlib.nullcontext():
        if not isinstance(doc, dict) or doc.get("format") != BOOK_FORMAT:
            hint = _("; it looks like a demo book: kehu --db demo.db demo {path} fills a database from it").format(
                path=file) if isinstance(doc, dict) and "contacts" in doc and "format" not in doc else ""
            raise UsageError(_("{path} is not a kehu export (kehu export --format json writes one){hint}").format(path=file, hint=hint))
        version = doc.get("version")
        if not isinstance(version, int) or isinstance(version, bool) or version < 1:
            raise UsageError(_("{path}: the book version {v!r} is not a number kehu wrote").format(path=file, v=version))
        if version > BOOK_VERSION:
            raise KehuError(_("{path} was written by a newer kehu (book version {v}); upgrade kehu to read it").format(path=file, v=version))
        read = {}

        def whole_rest() -> dict:
            read.update(rest())
            return read

        with _book_errors(file):
            added, skipped = _import_target(dry_run).import_book_pieces(
                version, contacts, whole_rest, skip_duplicates=on_duplicate is OnDuplicate.skip, dry_run=dry_run)
    verb = _("Would import") if dry_run else _("Imported")
    print(_("{verb} {n} contacts from {path}; {skipped} skipped as already in the book.").format(
        verb=verb, n=added, path=file, skipped=skipped))
    if read.get("settings"):
        print(_("kehu: note: the file carries the exporter's settings; they were not applied (copy them into `kehu config`'s file if wanted)"),
              file=sys.stderr)
