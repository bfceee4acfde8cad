"""Keep kehu's translation catalogues in step with the code (Babel: extract, update, compile).

    python tools/i18n.py            # extract every sentence, update each .po, compile each .mo

Sentences are the literal arguments of `_()`, `N_()` and `ngettext()` in src/kehu, and the docstrings of the
commands (`@command(...)`), which are their --help. A new or changed sentence appears in each
`.po` with an empty translation (tests/test_i18n.py fails until it is translated); one that is no
longer used is dropped. Translators can work on the `.po` files in Poedit or Weblate.
"""

from __future__ import annotations

import ast
import inspect
import sys
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.extract import extract_from_dir
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po, write_po

ROOT = Path(__file__).resolve().parent.parent
SOURCE = ROOT / "src" / "kehu"
LOCALES = SOURCE / "locale"
LANGUAGES = ("zh_CN",)


def command_docstrings(fileobj, keywords, comment_tags, options):
    """A Babel extractor: the docstring of every function decorated with `@command(...)`."""
    tree = ast.parse(fileobj.read().decode("utf-8"))
    for node in ast.walk(tree):
        if isinstance(node, ast.FunctionDef) and any(
                isinstance(d, ast.Call) and getattr(d.func, "id", None) == "command" for d in node.decorator_list):
            doc = ast.get_docstring(node, clean=False)
            if doc:
                yield node.lineno, "", inspect.cleandoc(doc), []


def template() -> Catalog:
    """Every sentence of the code, as a catalogue without translations."""
    catalog = Catalog(project="kehu", charset="utf-8")
    methods = [("**.py", "python")]
    # ngettext(singular, plural, n) looks each form up as a sentence of its own (i18n.ngettext).
    keywords = {"_": None, "N_": None, "ngettext": (1, 2)}
    for path, lineno, message, comments, _context in extract_from_dir(SOURCE, methods, keywords):
        for form in message if isinstance(message, tuple) else (message,):
            catalog.add(form, locations=[(f"src/kehu/{path}", lineno)])
    for path in sorted(SOURCE.glob("cli/*.py")):
        with path.open("rb") as f:
            for lineno, _funcname, message, _comments in command_docstrings(f, None, None, None):
                catalog.add(message, locations=[(f"src/kehu/{path.relative_to(SOURCE)}", lineno)])
    return catalog


def po_path(language: str) -> Path:
    return LOCALES / language / "LC_MESSAGES" / "kehu.po"


def update(language: str, fresh: Catalog) -> Catalog:
    """The language's catalogue with every sentence of `fresh` (translations kept where the
    sentence is unchanged; no fuzzy guesses: a changed sentence is translated again)."""
    path = po_path(language)
    if path.exists():
        with path.open("rb") as f:
            catalog = read_po(f, locale=language)
    else:
        catalog = Catalog(locale=language, project="kehu", charset="utf-8")
    catalog.update(fresh, no_fuzzy_matching=True)
    catalog.obsolete.clear()
    for message in catalog:
        # Babel guesses "python-format" from a % in the text ("80% of deals"): kehu formats with
        # str.format only, and the guess would make msgfmt -c refuse a literal 80%.
        message.flags.discard("python-format")
    catalog.fuzzy = False  # the header is kehu's own, not a guess: compiled like every sentence
    catalog.last_translator = "kehu developers"
    catalog.language_team = "kehu developers"
    catalog.msgid_bugs_address = ""
    return catalog


def compiled(catalog: Catalog) -> bytes:
    import io

    out = io.BytesIO()
    write_mo(out, catalog)
    return out.getvalue()


def main() -> None:
    fresh = template()
    for language in LANGUAGES:
        catalog = update(language, fresh)
        path = po_path(language)
        path.parent.mkdir(parents=True, exist_ok=True)
        with path.open("wb") as f:
            write_po(f, catalog, width=100, omit_header=False, sort_output=False)
        path.with_suffix(".mo").write_bytes(compiled(catalog))
        missing = sum(1 for m in catalog if m.id and not m.string)
        print(f"{path.relative_to(ROOT)}: {len(catalog)} sentences, {missing} to translate", file=sys.stderr)


if __name__ == "__main__":
    main()
