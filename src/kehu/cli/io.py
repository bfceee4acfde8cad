"""Import, export, merge, backup and restore: a client book that moves intact (DOMAIN.md §3)."""

from __future__ import annotations

import contextlib
import datetime as dt
import sys
from enum import Enum
from pathlib import Path

import typer

from kehu import config
from kehu.cli.common import Session, book_files, command, confirm, open_db, output_path, resolve
from kehu.errors import KehuError, UsageError
from kehu.i18n import _


class Kind(str, Enum):
    contacts = "contacts"
    touches = "touches"


class OnDuplicate(str, Enum):
    skip = "skip"
    update = "update"
    new = "new"


class Format(str, Enum):
    json = "json"
    csv = "csv"
    vcard = "vcard"
    ics = "ics"


class _DryRun(Exception):
    """Raised inside the import transaction to roll it back after counting."""


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
def _importing(db, total: int, label: str, dry_run: bool):
    """One write transaction for a whole import, rolled back for --dry-run, with a Rich progress
    bar on stderr for large files on a terminal. Yields (connection, advance the bar by one)."""
    bar = None
    if total >= 500 and sys.stderr.isatty():
        from rich.console import Console
        from rich.progress import Progress

        bar = Progress(console=Console(stderr=True), transient=True)
        task = bar.add_task(label, total=total)
        bar.start()
    try:
        with db.write() as conn:
            yield conn, (lambda: bar.advance(task)) if bar else (lambda: None)
            if dry_run:
                raise _DryRun
    except _DryRun:
        pass
    finally:
        if bar:
            bar.stop()


def register(app: typer.Typer) -> None:
    @command(app, "import")
    def import_(
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

            headers, table = files.read_rows(file, set(overrides))
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
            rows = [(n, fields_of(raw, columns)) for n, raw in table]
            originals = dict(table)  # a rejected row goes to the rejects file whole, as it was
        if kind and kind is not wanted:
            raise UsageError(_("a vCard file holds contacts, not touches"))
        if wanted is Kind.touches:
            _import_touches(file, rows, originals, dry_run, skip_bad)
        else:
            _import_contacts(file, rows, originals, dry_run, on_duplicate.value, skip_bad)

    @command(app, "export")
    def export(
        fmt: Format = typer.Option(Format.json, "--format", "-f", case_sensitive=False, help=_("json (everything), csv (Excel), vcard (phone), ics (calendar).")),
        output: Path = typer.Option(None, "--output", "-o", metavar="FILE", help=_("Write to a file (default: print).")),
        days: int = typer.Option(90, "--days", min=1, max=3660, help=_("For ics: how far ahead to put follow-ups and dates.")),
    ) -> None:
        """Export the client book: json, csv, vcard or ics.

        JSON carries everything (a hand-over), CSV opens safely in Excel, vCard goes to a phone,
        ICS puts follow-ups and personal dates in a calendar.
        """
        from kehu import exports, files

        target = output_path(output) if output else None
        db = open_db()
        text, encoding = exports.render(fmt.value, db, config.load_config(), config.today(), config.now(), days)
        if output:
            files.write_atomically(target, text, encoding)
            print(_("Exported to {path}.").format(path=output), file=sys.stderr)
        else:
            from kehu.views.console import write_data

            write_data(text, encoding)

    @command(app, "merge")
    def merge(
        keep: str = typer.Argument(..., metavar="WHO"),
        other: str = typer.Argument(..., metavar="DUPLICATE"),
        yes: bool = typer.Option(False, "--yes", "-y", help=_("Don't ask before merging.")),
    ) -> None:
        """Merge a duplicate contact into another.

        DUPLICATE's touches, tags, dates, complaints, deals and sweeps move to WHO (a date both
        have is kept once), WHO's empty fields are filled from it, a won client stays won (else the
        more recent stage of the two wins), and DUPLICATE is deleted — after confirmation.
        """
        from kehu.store import book, touches

        today = config.today()
        rules = config.load_config().rules
        db = open_db()
        kept, gone = resolve(db.conn, keep), resolve(db.conn, other)
        if kept.id == gone.id:
            raise UsageError(_("{name} (#{id}) is named twice; give two different contacts").format(name=kept.name, id=kept.id))
        describe = lambda c: f"{c.name} (#{c.id}" + (f", {c.company})" if c.company else ")")  # noqa: E731
        if not yes and not confirm(_("Merge {other} into {name}? {other} is then gone, its history kept under {name}.").format(
                other=describe(gone), name=describe(kept))):
            raise KehuError(_("not merged (nothing changed); add --yes to merge without asking"))
        with db.write() as conn:
            book.merge(conn, kept.id, gone.id)
            touches.refresh_contact(conn, kept.id, rules, today)
        print(_("Merged {other} (#{oid}) into {name} (#{id}).").format(other=gone.name, oid=gone.id, name=kept.name, id=kept.id))

    @command(app, "backup")
    def backup(file: Path = typer.Argument(None, metavar="[FILE]", help=_("Where to write it (default: beside the database, dated)."))) -> None:
        """Copy the database, safely while kehu is in use."""
        from kehu.store.db import backup_to

        db = open_db()
        target = file or db.path.with_name(f"{db.path.stem}-{config.now():%Y%m%d-%H%M%S}.db")
        target = backup_to(db, target, book_files())
        print(_("Backed up to {path}.").format(path=target))

    @command(app, "restore")
    def restore(
        file: Path = typer.Argument(..., metavar="FILE"),
        yes: bool = typer.Option(False, "--yes", "-y", help=_("Don't ask before replacing the current database.")),
    ) -> None:
        """Replace the database with a checked backup.

        The backup must be a whole kehu database this kehu can open; the database it replaces is
        kept beside it.
        """
        from kehu.store.db import restore_from

        path = config.db_path(Session.db_option)
        if not yes and not confirm(_("Replace {path} with {file}?").format(path=path, file=file)):
            raise KehuError(_("not restored (nothing changed); add --yes to restore without asking"))
        kept = restore_from(path, file, config.now())
        if kept:
            print(_("Restored {file}; the database it replaced is kept as {kept}.").format(file=file, kept=kept))
        else:
            print(_("Restored {file} to {path}.").format(file=file, path=path))


def _import_target(dry_run: bool):
    """The database an import writes to; a dry run with no database yet counts against an empty
    book in a scratch folder, so that it leaves nothing behind (not even an empty database)."""
    path = config.db_path(Session.db_option)
    if not (dry_run and not path.exists()):
        return open_db(create=True)
    import atexit
    import shutil
    import tempfile

    from kehu.store.db import open_database

    scratch = Path(tempfile.mkdtemp(prefix="kehu-dry-run-"))
    atexit.register(shutil.rmtree, scratch, ignore_errors=True)
    return open_database(scratch / "kehu.db")


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
    from kehu.cli.contacts import set_birthday
    from kehu.cli.dates import parse_date_spec
    from kehu.core.columns import contact_row, duplicate_keys
    from kehu.core.names import name_keys
    from kehu.store import book, contacts, touches

    good, bad = _checked(rows, originals, contact_row)
    birthdays = {}
    for row in good:  # check dates before writing anything
        if row.birthday:
            try:
                birthdays[row.number] = parse_date_spec(*row.birthday)
            except UsageError as e:
                bad.append((row.number, originals[row.number], e.message))
    if bad and skip_bad is None:
        _refuse_bad(file, bad)
    good = [r for r in good if r.number not in {n for n, _raw, _r in bad}]
    today, now = config.today(), config.now()
    rules = config.load_config().rules
    db = _import_target(dry_run)
    counts = {"added": 0, "updated": 0, "skipped": 0}
    with _importing(db, len(good), _("importing contacts"), dry_run) as (conn, advance):
        known = book.existing_keys(conn)
        changed = []
        for row in good:
            fields = dict(row.fields)
            keys = duplicate_keys(fields)
            twins = list(dict.fromkeys(known[k] for k in keys if k in known))
            if twins and on_duplicate == "skip":
                counts["skipped"] += 1
            elif len(twins) > 1 and on_duplicate == "update":
                bad.append((row.number, originals[row.number], _(
                    "matches contacts {ids} already in the book; merge them first (kehu merge)").format(
                    ids=", ".join(f"#{t}" for t in twins))))
            elif twins and on_duplicate == "update":
                twin = twins[0]
                if "name" in fields:
                    pinyin, initials = name_keys(fields["name"])
                    fields |= {"name_pinyin": pinyin, "name_initials": initials}
                book.fill_contact(conn, twin, fields, overwrite=True)
                conn.executemany("INSERT OR IGNORE INTO contact_tag (contact_id, tag) VALUES (?, ?)", [(twin, t) for t in row.tags])
                if row.number in birthdays:
                    set_birthday(conn, twin, birthdays[row.number])
                counts["updated"] += 1
                changed.append(twin)
            else:
                pinyin, initials = name_keys(fields["name"])
                cid = contacts.insert_contact(conn, fields | {"name_pinyin": pinyin, "name_initials": initials},
                                              created_on=min(row.met or today, today))
                contacts.set_tags(conn, cid, row.tags)
                if row.number in birthdays:
                    set_birthday(conn, cid, birthdays[row.number])
                if row.met:
                    touches.insert_touch(conn, cid, {"at": dt.datetime.combine(row.met, dt.time(12)), "channel": "meeting"}, logged_at=now)
                for key in keys:
                    known.setdefault(key, cid)
                counts["added"] += 1
                changed.append(cid)
            advance()
        if bad and skip_bad is None:
            _refuse_bad(file, bad)  # rolls the transaction back
        for cid in dict.fromkeys(changed):
            touches.refresh_contact(conn, cid, rules, today)
    if bad and not dry_run:
        _write_rejects(skip_bad, bad)
    verb = _("Would import") if dry_run else _("Imported")
    print(_("{verb} {path}: {added} added, {updated} updated, {skipped} skipped as duplicates, {bad} bad rows{rejects}.").format(
        verb=verb, path=file, bad=len(bad), rejects=_rejects_note(skip_bad, bad, dry_run), **counts))


def _import_touches(file: Path, rows, originals: dict, dry_run: bool, skip_bad: Path | None) -> None:
    from kehu.core.columns import RowError, touch_row
    from kehu.store import book, touches

    today, now = config.today(), config.now()
    good, bad = _checked(rows, originals, lambda n, raw: touch_row(n, raw, today))
    rules = config.load_config().rules
    db = open_db()
    names = book.touch_targets(db.conn)
    placed = []
    for row in good:
        try:
            placed.append((_touch_contact(db.conn, row, names), row))
        except RowError as e:
            bad.append((row.number, originals[row.number], str(e)))
    if bad and skip_bad is None:
        _refuse_bad(file, bad)
    added = already = 0
    with _importing(db, len(placed), _("importing touches"), dry_run) as (conn, advance):
        before = book.last_touch_id(conn)
        for contact_id, row in placed:
            if book.has_touch(conn, contact_id, row.fields, before):
                already += 1  # the same file imported twice adds nothing twice
            else:
                touches.insert_touch(conn, contact_id, row.fields, logged_at=now)
                added += 1
            advance()
        for contact_id in sorted({cid for cid, _row in placed}):
            book.known_since_first_touch(conn, contact_id)
            touches.refresh_contact(conn, contact_id, rules, today)  # numbers follow the whole history
    if bad and not dry_run:
        _write_rejects(skip_bad, bad)
    verb = _("Would import") if dry_run else _("Imported")
    print(_("{verb} {n} touches for {c} contacts from {path}; {same} already in the book, {bad} bad rows{rejects}.").format(
        verb=verb, n=added, c=len({cid for cid, _r in placed}), path=file, same=already, bad=len(bad),
        rejects=_rejects_note(skip_bad, bad, dry_run)))


def _touch_contact(conn, row, names: dict) -> int:
    """The contact a row of a touch log is about: its id column, else its name (with its company
    when two contacts share the name); a RowError that lists the candidates when it can't tell."""
    from kehu.core.columns import RowError
    from kehu.store import book

    if row.contact_id is not None:
        name = book.contact_named(conn, row.contact_id)
        if name is None:
            raise RowError(_("contact #{id} is not in the book (or is archived)").format(id=row.contact_id))
        if row.name and row.name != name:
            raise RowError(_("contact #{id} is {name}, not {given}").format(id=row.contact_id, name=name, given=row.name))
        return row.contact_id
    candidates = names.get(row.name, [])
    if not candidates:
        raise RowError(_("{name!r} is not in the book (add the contact first)").format(name=row.name))
    if len(candidates) > 1 and row.company:  # the company tells two people of one name apart
        candidates = [c for c in candidates if (c[1] or "").casefold() == row.company.casefold()] or candidates
    if len(candidates) == 1:
        return candidates[0][0]
    listed = ", ".join(f"#{cid} ({company or _('no company')})" for cid, company in candidates)
    at = _(" at {company!r}").format(company=row.company) if row.company else ""
    raise RowError(_("{name!r}{at} names {n} contacts: {listed}; add an id column, or a company column that tells them apart").format(
        name=row.name, at=at, n=len(candidates), listed=listed))


def _import_book(file: Path, dry_run: bool, on_duplicate: OnDuplicate) -> None:
    from kehu.core.book_check import BookError, check_book
    from kehu.store import book, touches

    if on_duplicate is OnDuplicate.update:
        raise UsageError(_("--on-duplicate update is for spreadsheets and vCards; import a kehu book with skip or new, "
                           "then `kehu merge` what belongs together"))
    from kehu.files import read_json

    try:
        doc = read_json(file)
    except ValueError as e:
        raise UsageError(_("{path}: not a readable JSON file ({error})").format(path=file, error=e)) from None
    if not isinstance(doc, dict) or doc.get("format") != book.BOOK_FORMAT:
        hint = _("; it looks like a demo book: kehu --db demo.db demo {path} fills a database from it").format(
            path=file) if isinstance(doc, dict) and "contacts" in doc and "format" not in doc else ""
        raise UsageError(_("{path} is not a kehu export (kehu export --format json writes one){hint}").format(path=file, hint=hint))
    version = doc.get("version")
    if not isinstance(version, int) or isinstance(version, bool) or version < 1:
        raise UsageError(_("{path}: the book version {v!r} is not a number kehu wrote").format(path=file, v=version))
    if version > book.BOOK_VERSION:
        raise KehuError(_("{path} was written by a newer kehu (book version {v}); upgrade kehu to read it").format(path=file, v=version))
    try:
        checked = check_book(doc, version)
    except BookError as e:
        raise UsageError(_("{path}: {error}; nothing was imported").format(path=file, error=e)) from None
    today = config.today()
    rules = config.load_config().rules
    db = _import_target(dry_run)
    with _importing(db, 0, "", dry_run) as (conn, _advance_unused):
        empty = conn.execute("SELECT count(*) FROM contact").fetchone()[0] == 0
        ids, skipped = book.import_book(conn, checked, keep_ids=empty, skip_duplicates=on_duplicate is OnDuplicate.skip)
        for cid in ids:
            touches.refresh_contact(conn, cid, rules, today)
    verb = _("Would import") if dry_run else _("Imported")
    print(_("{verb} {n} contacts from {path}; {skipped} skipped as already in the book.").format(
        verb=verb, n=len(ids), path=file, skipped=skipped))
    if doc.get("settings"):
        print(_("kehu: note: the file carries the exporter's settings; they were not applied (copy them into `kehu config`'s file if wanted)"),
              file=sys.stderr)
