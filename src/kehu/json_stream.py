"""A kehu JSON book read a piece at a time.

A book of 100,000 contacts and a million touches is ~220 MB of text and, parsed whole by
`json.loads`, ~8× that in Python objects. Read through `book_pieces`, only one contact is held
at a time: the text comes in chunks through an incremental UTF-8 decoder, and each value is
parsed by json's own decoder (`raw_decode`), so what counts as JSON is exactly what `json.loads`
accepts. Only the outer object is walked here: its keys in order, the "contacts" array an
element at a time, every other value whole.
"""

from __future__ import annotations

import codecs
import json
import re
from collections.abc import Iterator
from pathlib import Path

CHUNK = 1 << 20  # characters read at a time; a value longer than the text at hand doubles it
_SPACE = re.compile(r"[ \t\n\r]*")
_NUMBER_GOES_ON = re.compile(r"[0-9eE+\-.]*")
_DECODER = json.JSONDecoder()


class _Text:
    """The file's text, a chunk at a time, with a position in it."""

    def __init__(self, file) -> None:
        # Plain UTF-8 and the byte-order mark dropped here: utf-8-sig would count an error's
        # position after the mark, not in the file.
        self.file, self.decoder, self.started = file, codecs.getincrementaldecoder("utf-8")(), False
        self.text, self.at, self.done, self.before = "", 0, False, 0  # `before`: characters dropped
        self.bytes_read = 0

    def more(self) -> bool:
        """Read on (as much again as is held, at least a chunk); False at the end of the file."""
        if self.done:
            return False
        data = self.file.read(max(CHUNK, len(self.text) - self.at))
        self.done = not data
        self.before += self.at
        try:
            decoded = self.decoder.decode(data, final=self.done)
        except UnicodeDecodeError as e:  # its position counted in the file, not in this read
            pending = len(self.decoder.getstate()[0])  # bytes of the last read held back (not changed by the error)
            e.start, e.end = e.start + self.bytes_read - pending, e.end + self.bytes_read - pending
            raise
        self.bytes_read += len(data)
        if decoded and not self.started:
            self.started, decoded = True, decoded.removeprefix("\ufeff")
        self.text = self.text[self.at:] + decoded
        self.at = 0
        return True

    def next_char(self) -> str:
        """The next character that is not white space ("" at the end), not consumed."""
        while True:
            self.at = _SPACE.match(self.text, self.at).end()
            if self.at < len(self.text):
                return self.text[self.at]
            if not self.more():
                return ""

    def expect(self, chars: str) -> str:
        found = self.next_char()
        if not found or found not in chars:
            raise ValueError(f"expected {' or '.join(repr(c) for c in chars)} at character {self.before + self.at}")
        self.at += 1
        return found

    def value(self):
        """The next JSON value, parsed by json's decoder once all of its text is at hand."""
        self.next_char()
        while True:
            try:
                value, end = _DECODER.raw_decode(self.text, self.at)
            except json.JSONDecodeError as e:
                if self.more():
                    continue
                raise ValueError(f"{e.msg} at character {self.before + e.pos}") from None
            # A number may go on in the next chunk ("3.2" of "3.25e10"): read on while all that
            # follows it could still be part of it.
            if _NUMBER_GOES_ON.fullmatch(self.text, end) and self.more():
                continue
            self.at = end
            return value


class BookPieces:
    """A kehu book open for reading a piece at a time: `head` (the keys before "contacts" with their
    values), `contacts` (an iterator over them, one at a time), then `rest()` — every key but the
    contacts, those after them included, once the contacts are consumed (a later key wins, as in
    json.loads). Close it (or use it in a `with`) when done: an error may stop the reading early."""

    def __init__(self, file, text: _Text, head: dict) -> None:
        self.file, self.text, self.head = file, text, head
        self.contacts = _elements(text)

    def rest(self) -> dict:
        text, rest = self.text, {}
        while text.expect(",}") == ",":
            key = text.value()
            if not isinstance(key, str):
                raise ValueError(f"expected a key at character {text.before + text.at}")
            text.expect(":")
            rest[key] = text.value()
        if text.next_char():
            raise ValueError(f"extra data at character {text.before + text.at}")
        self.close()
        if "contacts" in rest:
            raise ValueError('"contacts" appears twice')
        return {**self.head, **rest}

    def close(self) -> None:
        self.file.close()

    def __enter__(self):
        return self

    def __exit__(self, *_exc) -> None:
        self.close()


def book_pieces(path: Path) -> BookPieces | None:
    """The book in `path`, read a piece at a time (BookPieces) — or None when the file does not
    start as a kehu book does (an object whose "contacts" comes after "format" and "version"),
    for the caller to read whole. ValueError when the text is not JSON; RecursionError when a
    value is nested beyond json's limit."""
    file = path.open("rb")
    try:
        text = _Text(file)
        if text.next_char() != "{":
            file.close()
            return None
        text.at += 1
        head, first = {}, True
        while text.next_char() != "}":
            if not first:
                text.expect(",")
            first, key = False, text.value()
            if not isinstance(key, str):
                raise ValueError(f"expected a key at character {text.before + text.at}")
            text.expect(":")
            if key == "contacts":
                if "format" not in head or "version" not in head or text.next_char() != "[":
                    file.close()
                    return None
                text.at += 1
                return BookPieces(file, text, head)
            head[key] = text.value()
        file.close()
        return None
    except BaseException:
        file.close()
        raise


def _elements(text: _Text) -> Iterator:
    first = True
    while text.next_char() != "]":
        if not first:
            text.expect(",")
        first = False
        yield text.value()
    text.at += 1
