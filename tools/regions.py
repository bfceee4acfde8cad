"""Regenerate src/kehu/data/regions.tsv from cpca's adcodes.csv (developer tool, not shipped).

    pip download cpca --no-deps && unzip -o cpca-*.whl 'cpca/resources/adcodes.csv'
    python tools/regions.py cpca/resources/adcodes.csv
"""

from __future__ import annotations

import csv
import sys
from pathlib import Path

TARGET = Path(__file__).resolve().parent.parent / "src" / "kehu" / "data" / "regions.tsv"
NOT_PLACES = {"市辖区", "县", "省直辖县级行政区划", "自治区直辖县级行政区划"}  # grouping rows, not places
HEADER = """\
# China's administrative divisions: GB/T 2260 code (2 digits province, 4 prefecture, 6 county) and name.
# Source: adcodes.csv of cpca 0.5.5 (MIT, https://github.com/DQinYuan/chinese_province_city_area_mapper),
# itself from the National Bureau of Statistics' 统计用区划代码; regenerate with tools/regions.py.
"""


def main(source: str) -> None:
    with open(source, encoding="utf-8") as f:
        rows = sorted((r["adcode"][:6], r["name"]) for r in csv.DictReader(f) if r["name"] not in NOT_PLACES)
    TARGET.write_text(HEADER + "".join(f"{code}\t{name}\n" for code, name in rows), encoding="utf-8")
    print(f"wrote {TARGET}: {len(rows)} places")


if __name__ == "__main__":
    main(sys.argv[1])
