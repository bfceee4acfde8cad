"""views.grid draws long listings the way kehu's Rich tables look, at a fraction of the cost."""

from __future__ import annotations

import io

import pytest

from rich.cells import cell_len
from rich.console import Console
from rich.table import Table
from rich.text import Text

from kehu.views.grid import lines

HEADERS = ["#", "Name", "Company", "Tier", "City"]
ROWS = [("1", "张伟", "华为技术有限公司", "A", "北京 / 兰州"), ("12", "John Smith", "Siemens", "B", "上海"),
        ("345", "欧阳娜娜", "", "C", "")]
RATIOS = [None, 3, 3, None, 2]


def _rich(width: int) -> list[str]:
    table = Table(show_edge=False, pad_edge=False)
    for header in HEADERS:
        table.add_column(header, overflow="fold")
    for row in ROWS:
        table.add_row(*(Text(c) for c in row))
    console = Console(file=io.StringIO(), width=width, color_system=None)
    console.print(table)
    return [line.rstrip() for line in console.file.getvalue().splitlines()]


def test_a_table_that_fits_is_drawn_as_rich_draws_it():
    assert [line.rstrip() for line in lines(HEADERS, ROWS, RATIOS, 200)] == _rich(200)


def test_a_narrow_terminal_wraps_the_ratio_columns_and_keeps_the_columns_aligned():
    drawn = lines(HEADERS, ROWS, RATIOS, 36)
    assert all(cell_len(line) <= 36 for line in drawn)
    assert len(drawn) > 2 + len(ROWS)  # some cells wrapped onto a second line
    bars = {tuple(i for i, ch in enumerate(_cells(line)) if ch in "│┃╇") for line in drawn}
    assert len(bars) == 1  # every separator at the same cell column, CJK counted two cells wide
    assert "A" in drawn[2] and "华为" in drawn[2]  # fixed columns (Tier) keep their width, unwrapped


def _cells(line: str) -> str:
    """The line with every two-cell character doubled: positions are terminal columns."""
    return "".join(ch * cell_len(ch) for ch in line)


def test_a_long_listing_uses_the_grid_and_shows_every_row(kehu, tmp_path):
    sheet = tmp_path / "book.csv"
    sheet.write_text("name,company,tier\n" + "".join(f"客户{i:03d},华为,A\n" for i in range(120)), encoding="utf-8")
    kehu("import", str(sheet))
    out = kehu("list", "--tier", "A").stdout
    assert out.count("│ 华为") == 120 and "━╇━" in out


def test_a_long_timeline_uses_the_grid_and_keeps_every_touch_in_order(kehu, tmp_path):
    kehu("add", "张伟", "--met", "2026-01-01")
    sheet = tmp_path / "log.csv"
    sheet.write_text("date,name,channel,note\n" + "".join(
        f"2026-{1 + i // 28:02d}-{1 + i % 28:02d},张伟,电话,第{i:03d}次\n" for i in range(1, 150)), encoding="utf-8")
    kehu("import", str(sheet), "--kind", "touches", today="2026-11-25")
    out = kehu("show", "张伟", today="2026-11-25").stdout
    notes = [line.split("│")[2].strip() for line in out.splitlines() if "次 " in line or line.rstrip().endswith("次")]
    assert notes == [f"第{i:03d}次" for i in range(1, 150)]


SENTENCES = [
    "13444 due · 13430 overdue · 9997 in the ★ #4–#11 zone · 0 stalled early\n★ follow-ups #4–#11: where 80% of deals close. Keep going.",
    "[red]Stalled early[/red] — stopped after the first contact or follow-up #1–#3, overdue by more than the interval "
    "(80% of salespeople give up here): 张伟 (id 1, #2 due), \\[not markup] (id 2, #1 due), :cat: (id 3, #3 due) and 40 more",
    "到期 13444 项 · 逾期 13430 项 · ★ 第 4–11 次跟进区间 9997 项 · 早期停滞 0 项\n★ 第 4–11 次跟进：80% 的成交发生在这里。坚持下去。",
    "一" * 150 + " short " + "x" * 130,
    "trailing spaces   \n\n  leading and a\ttab",
    "no markup, two emoji codes: :cat: and :thumbs_up:, one that is not: :kehu: 12:30",
    "",
]


@pytest.mark.parametrize("width", [12, 40, 79, 80, 200])
@pytest.mark.parametrize("soft_wrap", [False, True])
def test_piped_lines_are_wrapped_as_richs_console_wraps_them(width, soft_wrap, monkeypatch):
    """`kehu due` piped skips rich.console (views.console.PlainConsole): its text must come out as
    Rich's Console writes it — markup (or none), emoji codes, CJK width, long words folded, blank lines."""
    import io

    from rich.console import Console
    from rich.text import Text

    from kehu.views.console import PlainConsole

    monkeypatch.setenv("COLUMNS", str(width))
    for sentence in SENTENCES:
        for value in (sentence, Text(sentence.replace("[red]", ""), style="bold")):
            for markup in (True, False):
                rich_out, plain_out = io.StringIO(), io.StringIO()
                rich = Console(file=rich_out, highlight=False, soft_wrap=False, force_terminal=False)
                rich.print(value, soft_wrap=soft_wrap, markup=markup)
                rich.print()
                plain = PlainConsole(plain_out)
                plain.print(value, soft_wrap=soft_wrap, markup=markup)
                plain.print()
                assert plain_out.getvalue() == rich_out.getvalue(), (sentence, width, markup)


def test_piped_output_takes_the_width_rich_would(monkeypatch):
    from kehu.views.console import PlainConsole

    monkeypatch.setenv("COLUMNS", "57")
    assert PlainConsole(None).width == 57
    monkeypatch.delenv("COLUMNS")
    import os

    try:
        expected = next(os.get_terminal_size(fd).columns for fd in (0, 1, 2) if os.isatty(fd)) or 80
    except StopIteration:
        expected = 80
    assert PlainConsole(None).width == expected
