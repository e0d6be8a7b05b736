"""本会设置: the committee profile notices and signatures print, from an empty store and from the demo."""

from __future__ import annotations

from workbench.office import committee


def test_an_empty_store_has_no_profile(store):
    assert committee.profile(store) is None


def test_the_demo_county_names_its_contact_and_leaders(demo_store):
    p = committee.profile(demo_store)
    assert (p.county, p.name, p.office) == ("青岚县", "政协青岚县委员会", "政协青岚县委员会办公室")
    assert p.contact_person and p.contact_phone
    assert (p.term_no, p.term_start_year) == (11, 2022)
    assert p.leaders[0] == committee.Leader("周启明", "主席") and p.leaders[-1].title == "秘书长"
    # the demo's meetings are presided over by a leader whose title is known
    presiders = {r["presider"] for r in demo_store.rows("meeting")}
    assert {p.title_of(name) for name in presiders} == {"主席"}
    assert p.title_of("不认识的人") is None
