"""Import benchmark: how long `kehu import` takes for 10,000 contacts and then 100,000 touches.

    python bench/import_bench.py [--contacts N] [--touches-per-contact K] [--repeat R]

Writes a contacts CSV (GBK, Chinese headers, as WPS saves it) and a follow-up log CSV under
bench/, then times whole `kehu import` processes into a fresh database, R times, and prints the
medians. Not a test: pytest never runs it.
"""

from __future__ import annotations

import argparse
import csv
import io
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

BENCH_DIR = Path(__file__).resolve().parent
SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗"
GIVEN = ["伟", "芳", "娜", "敏", "静", "丽", "强", "磊", "军", "洋", "勇", "艳", "杰", "娟", "涛", "明", "超", "秀英", "华", "慧"]
CITIES = ["北京", "上海", "广州", "深圳", "杭州", "成都", "武汉", "兰州", "西安", "南京"]
CHANNELS = ["电话", "拜访", "微信", "邮件", "会议"]


def write_files(n: int, per_contact: int, rng: random.Random) -> tuple[Path, Path]:
    names = [f"{rng.choice(SURNAMES)}{rng.choice(GIVEN)}{i:05d}" for i in range(n)]
    contacts = io.StringIO()
    writer = csv.writer(contacts)
    writer.writerow(["姓名", "公司", "手机", "城市", "籍贯", "等级", "标签", "备注"])
    for i, name in enumerate(names):
        writer.writerow([name, f"公司{i % 997}", f"13{i:09d}", rng.choice(CITIES), rng.choice(CITIES),
                         rng.choice("AABBBCCCCD"), "展会", "老客户"])
    contacts_path = BENCH_DIR / f"import-contacts-{n}.csv"
    contacts_path.write_bytes(contacts.getvalue().encode("gbk"))
    log = io.StringIO()
    writer = csv.writer(log)
    writer.writerow(["跟进日期", "客户姓名", "跟进方式", "跟进内容", "跟进结果"])
    import datetime as dt

    for name in names:
        day = dt.date(2026, 11, 20)
        for _ in range(per_contact):
            writer.writerow([day.isoformat(), name, rng.choice(CHANNELS), "沟通了需求", rng.choice(["好", "一般", "未接通"])])
            day -= dt.timedelta(days=rng.randint(1, 19))
    touches_path = BENCH_DIR / f"import-touches-{n}x{per_contact}.csv"
    touches_path.write_text(log.getvalue(), encoding="utf-8-sig")
    return contacts_path, touches_path


def kehu_command() -> list[str]:
    script = Path(sys.executable).with_name("kehu")
    return [str(script)] if script.exists() else [sys.executable, "-m", "kehu"]


def time_import(db: Path, path: Path) -> float:
    env = os.environ | {"KEHU_DB": str(db), "KEHU_CONFIG": str(BENCH_DIR / "no-such-config.toml"), "KEHU_TODAY": "2026-11-23"}
    start = time.perf_counter()
    done = subprocess.run([*kehu_command(), "import", str(path)], env=env, capture_output=True, text=True)
    elapsed = time.perf_counter() - start
    if done.returncode != 0:
        raise SystemExit(f"kehu import {path.name} failed: {done.stderr.strip()}")
    return elapsed


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--contacts", type=int, default=10_000)
    parser.add_argument("--touches-per-contact", type=int, default=10)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    contacts_csv, touches_csv = write_files(args.contacts, args.touches_per_contact, random.Random(7))
    contact_times, touch_times = [], []
    for _ in range(args.repeat):
        with tempfile.TemporaryDirectory() as tmp:
            db = Path(tmp) / "import.db"
            contact_times.append(time_import(db, contacts_csv))
            touch_times.append(time_import(db, touches_csv))
    n, k = args.contacts, args.contacts * args.touches_per_contact
    print(f"## kehu import — {n:,} contacts, then {k:,} touches ({os.cpu_count()} CPUs, median of {args.repeat})\n")
    print("| file | rows | median s | rows/s |")
    print("|---|---:|---:|---:|")
    for label, rows, times in (("contacts (GBK CSV)", n, contact_times), ("touches (follow-up log CSV)", k, touch_times)):
        median = statistics.median(times)
        print(f"| {label} | {rows:,} | {median:.1f} | {rows / median:,.0f} |")


if __name__ == "__main__":
    main()
