"""When two contacts are the same contact (core.same_contact): one definition for add, import and books."""

from kehu.core.same_contact import book_keys, known_keys, same_contact_keys, same_name_key


def test_a_phone_is_the_same_phone_whatever_its_punctuation_and_country_code():
    assert same_contact_keys({"name": "张三", "phone": "+86 138-0013-8000"}) == same_contact_keys(
        {"name": "张三 (销售)", "phone": "13800138000"})


def test_a_name_alone_makes_no_import_duplicate_but_add_names_it():
    assert same_contact_keys({"name": "张伟"}) == []
    assert same_name_key({"name": "张伟"}) == same_name_key({"name": "张伟", "company": None})
    assert same_name_key({"name": "张伟", "company": "华为"}) != same_name_key({"name": "张伟"})


def test_a_contact_of_a_kehu_book_is_also_known_by_its_name_and_the_day_it_was_added():
    assert book_keys({"name": "李娜"}, "2026-01-02") == ["name+added:李娜|2026-01-02"]


def test_the_oldest_contact_holds_a_shared_key():
    known = known_keys([(1, ["email:a@x.cn"]), (2, ["email:a@x.cn", "wechat:ln"])])
    assert known == {"email:a@x.cn": 1, "wechat:ln": 2}
