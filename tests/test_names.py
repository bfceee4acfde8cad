"""Matching WHO to contacts: ids, names, prefixes, pinyin, initials."""

import pytest

from kehu.core.names import Candidate, best_matches, closest_names, name_keys, parse_id


def cand(id_, name, company=None):
    pinyin, initials = name_keys(name)
    return Candidate(id=id_, name=name, pinyin=pinyin, initials=initials, company=company)


BOOK = [cand(1, "张三", "华为"), cand(2, "张伟", "阿里"), cand(3, "张伟", "腾讯"), cand(4, "李四"),
        cand(5, "John Smith"), cand(6, "Tony 王"), cand(7, "欧阳娜娜"), cand(8, "李🙂明")]


def ids(query):
    return [c.id for c in best_matches(query, BOOK)]


@pytest.mark.parametrize("name,keys", [
    ("张三", ("zhangsan", "zs")),
    ("欧阳娜娜", ("ouyangnana", "oynn")),
    ("John Smith", ("johnsmith", "js")),
    ("Tony 王", ("tonywang", "tw")),
    ("李🙂明", ("liming", "lm")),
])
def test_pinyin_keys_are_stored_for_every_kind_of_name(name, keys):
    assert name_keys(name) == keys


def test_ids_are_read_with_or_without_hash():
    assert parse_id("12") == 12 and parse_id("#12") == 12 and parse_id("张三") is None


@pytest.mark.parametrize("query,expected", [
    ("张三", [1]),            # exact
    ("李", [4, 8]),           # prefix: ambiguous
    ("zhangsan", [1]),        # full pinyin
    ("zhang san", [1]),       # full pinyin with a space
    ("ZhangSan", [1]),        # case-insensitive
    ("zs", [1]),              # initials
    ("oynn", [7]),
    ("ouyang", [7]),          # pinyin prefix
    ("john", [5]),            # Latin prefix, case-insensitive
    ("smith", [5]),           # substring
    ("王", [6]),              # substring in a mixed-script name
    ("🙂", [8]),              # emoji
    ("张伟", [2, 3]),         # two people with one name: ambiguous
])
def test_who_matches_by_the_best_level_available(query, expected):
    assert sorted(ids(query)) == expected


def test_an_exact_name_beats_a_longer_name_it_prefixes():
    book = [cand(1, "王五"), cand(2, "王五一")]
    assert [c.id for c in best_matches("王五", book)] == [1]


def test_unknown_names_suggest_the_closest_ones():
    assert closest_names("Jon Smith", [c.name for c in BOOK]) == ["John Smith"]
    assert best_matches("nobody", BOOK) == []


@pytest.mark.parametrize("name, keys", [
    ("曾国藩", ("zengguofan", "zgf")), ("单雄信", ("shanxiongxin", "sxx")), ("解缙", ("xiejin", "xj")),
    ("仇英", ("qiuying", "qy")), ("查良镛", ("zhaliangyong", "zly")), ("朴树", ("piaoshu", "ps")),
    ("尉迟恭", ("yuchigong", "ycg")), ("李曾", ("liceng", "lc")),  # only a leading surname
])
def test_a_leading_surname_is_read_as_a_surname(name, keys):
    assert name_keys(name) == keys


def test_the_everyday_reading_of_a_surname_matches_too():
    from kehu.core.names import everyday_readings

    book = [Candidate(1, "乐嘉", *name_keys("乐嘉")), Candidate(2, "曾国藩", *name_keys("曾国藩")),
            Candidate(3, "李雷", *name_keys("李雷"))]
    assert best_matches("lejia", book) == []  # the stored key reads 乐 as a surname: yue
    assert [c.id for c in best_matches("lejia", everyday_readings(book))] == [1]
    assert [c.id for c in best_matches("cgf", everyday_readings(book))] == [2]  # as kehu 1 stored it
    assert [c.id for c in everyday_readings(book)] == [1, 2]  # 李 has one reading: nothing to add


def test_a_place_is_found_by_its_pinyin():
    from kehu.core.names import places_spelled

    places = ["兰州", "兰州市", "上海", "Berlin", "兰溪", "甘肃兰州", "西安", "西安市", "咸阳", "湘潭", "大连"]
    assert places_spelled("lanzhou", places) == ["兰州", "兰州市", "甘肃兰州"]
    assert places_spelled("Lan Zhou", places) == ["兰州", "兰州市", "甘肃兰州"]
    assert places_spelled("xian", places) == ["西安", "西安市"]  # whole syllables: not 咸阳, 湘潭
    assert places_spelled("dali", places) == [] and places_spelled("lan", places) == []
    assert places_spelled("兰州", places) == []  # Chinese is matched as text, by the caller


@pytest.mark.parametrize("name, parts", [
    ("张三", ("张", "三")), ("欧阳修", ("欧阳", "修")), ("尉迟恭", ("尉迟", "恭")), ("John Smith", ("Smith", "John")),
    ("Emma 王", ("王", "Emma")), ("Madonna", ("Madonna", "")), ("王", ("王", "")), ("王 小明", ("王", "小明")),
])
def test_a_name_splits_into_family_and_given_names(name, parts):
    from kehu.core.names import split_name

    assert split_name(name) == parts
