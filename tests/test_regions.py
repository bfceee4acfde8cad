"""Sweeps by region: a province or prefecture reaches every place within it; near misses are
suggested; a second sweep of a place on one day is reported, not recorded twice."""

from __future__ import annotations

import json

import pytest

from kehu.core.regions import near_misses, places_within, region_code, short_name


@pytest.mark.parametrize("full, short", [("甘肃省", "甘肃"), ("天水市", "天水"), ("广西壮族自治区", "广西"),
                                         ("延边朝鲜族自治州", "延边"), ("秦州区", "秦州区"), ("沙市", "沙市")])
def test_short_names_drop_the_administrative_ending(full, short):
    assert short_name(full) == short


def test_a_province_contains_its_prefectures_and_counties_however_they_are_written():
    known = ["兰州", "天水市", "甘肃兰州", "秦州区", "西宁", "上海", "兰州新区"]
    assert places_within("甘肃", known) == ["兰州", "天水市", "甘肃兰州", "秦州区", "兰州新区"]
    assert places_within("甘肃省", known) == places_within("甘肃", known)
    assert places_within("天水", known) == ["天水市", "秦州区"]
    assert places_within("兰州", []) == [] and region_code("兰洲") is None


def test_near_misses_sound_or_look_like_the_place():
    assert near_misses("兰洲", ["兰州", "上海"])[0] == "兰州"
    assert "甘肃" in near_misses("甘粛", [])
    assert near_misses("湖北", ["兰州"]) == []  # a real region where nobody lives is no typo


@pytest.fixture
def book(kehu):
    for name, city, hometown in (("甲", "兰州", None), ("乙", "上海", "天水市"), ("丙", "西宁", None), ("丁", "北京", "秦州区")):
        kehu("add", name, "--city", city, *(("--hometown", hometown) if hometown else ()))
    return kehu


def test_a_sweep_of_a_province_reaches_its_cities_and_is_not_recorded_twice_a_day(book):
    out = book("sweep", "--city", "甘肃", "--reason", "地震", today="2026-12-01").stdout
    assert "3 contacts" in out
    swept = json.loads(book("sweep", "list", "--json").stdout)
    assert sorted(p["name"] for p in swept[0]["contacts"]) == ["丁", "乙", "甲"]
    again = book("sweep", "--city", "甘肃", "--reason", "地震", today="2026-12-01", ok=False)
    assert again.exit_code == 1 and "already swept today (sweep #1, 3 contacts)" in again.stderr
    assert len(json.loads(book("sweep", "list", "--json").stdout)) == 1
    assert book("sweep", "--city", "甘肃", "--reason", "余震", today="2026-12-02").exit_code == 0  # another day


def test_a_mistyped_place_gets_a_suggestion_and_no_sweep(book):
    refused = book("sweep", "--city", "兰洲", "--reason", "x", ok=False)
    assert refused.exit_code == 1 and "did you mean 兰州" in refused.stderr
    assert json.loads(book("sweep", "list", "--json").stdout) == []


def test_list_by_province_finds_the_contacts_within_it(book):
    listed = json.loads(book("list", "--city", "甘肃", "--json").stdout)
    assert sorted(c["name"] for c in listed) == ["丁", "乙", "甲"]
