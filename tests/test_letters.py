"""函件: 邀请函, 催交函 and 催办函 written by the command in 信函格式, read back from the .docx."""

from __future__ import annotations

import pytest

from helpers import cycle_store
from helpers.document_checks import body_text, check_format, table_rows
from workbench.store import schema


@pytest.fixture
def cycle(store):
    return store, cycle_store.build(store)


def test_invitations_name_topic_reporter_due_date_and_contact(cycle, cli, tmp_path):
    tmp_path = tmp_path / "out"
    store, _ = cycle
    r = cli("letters", "--meeting", cycle_store.MEETING, "--kind", "邀请函", "--date", "2026-09-10", "--out", tmp_path)
    assert r.code == 0, r.err
    assert "青政协办函〔2026〕1号　十一届二十次常委会议_邀请函_县农业农村局.docx" in r.out
    assert "青政协办函〔2026〕2号　十一届二十次常委会议_邀请函_县水利局.docx" in r.out
    document = check_format(tmp_path / "十一届二十次常委会议_邀请函_县农业农村局.docx", letter=True)
    text = body_text(document)
    assert "青政协办函〔2026〕1号" in text
    assert "关于商请县农业农村局在县政协十一届二十次常委会议上通报农村人居环境整治情况的函" in text
    assert "\n县农业农村局：\n" in text
    assert "县政协十一届二十次常委会议定于2026年10月12日召开" in text
    assert "请潘志远局长到会通报农村人居环境整治情况" in text
    assert "请于2026年9月28日前将通报材料" in text
    assert "政协青岚县委员会办公室\n2026年9月10日\n（联系人：李晓峰，电话：0000-6123456）" in text
    header = "".join(
        t.text or ""
        for t in document.sections[0].first_page_header._element.iter(
            "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}t"
        )
    )
    assert header == "政协青岚县委员会办公室"
    # Printed again: the same numbers, not new ones.
    again = cli(
        "letters", "--meeting", cycle_store.MEETING, "--kind", "邀请函", "--date", "2026-09-15", "--out", tmp_path / "again"
    )
    assert "青政协办函〔2026〕1号　十一届二十次常委会议_邀请函_县农业农村局.docx" in again.out
    assert len(store.rows(schema.letter)) == 2


def test_a_reminder_cites_the_invitation_by_its_number(cycle, cli, tmp_path):
    cli("letters", "--meeting", cycle_store.MEETING, "--kind", "邀请函", "--date", "2026-09-10", "--out", tmp_path / "a")
    r = cli("letters", "--meeting", cycle_store.MEETING, "--kind", "催交函", "--date", "2026-09-30", "--out", tmp_path / "b")
    assert r.code == 0, r.err
    files = sorted(p.name for p in (tmp_path / "b").iterdir())
    assert files == ["十一届二十次常委会议_催交函_县农业农村局.docx"]  # 县水利局 has sent its materials
    text = body_text(check_format(tmp_path / "b" / files[0], letter=True))
    assert "（青政协办函〔2026〕1号）" in text and "原定报送时间为2026年9月28日" in text
    assert "截至2026年9月30日，尚未收到贵单位的通报材料" in text
    # three working days after 9-30, over the National Day holiday and to the 调休 Saturday
    assert "请于2026年10月10日前" in text


def test_each_urge_letter_lists_exactly_the_overdue_items_of_its_department(cycle, cli, tmp_path):
    tmp_path = tmp_path / "out"
    r = cli("letters", "--meeting", cycle_store.MEETING, "--kind", "催办函", "--date", "2026-09-30", "--out", tmp_path)
    assert r.code == 0, r.err
    assert sorted(p.name for p in tmp_path.iterdir()) == [
        "十一届二十次常委会议_催办函_县商务局.docx",
        "十一届二十次常委会议_催办函_县水利局.docx",
    ]
    water = check_format(tmp_path / "十一届二十次常委会议_催办函_县水利局.docx", letter=True)
    rows = table_rows(water)
    proposals = [r for r in rows if r[0].startswith("第")]
    assert [r[0] for r in proposals] == ["第1号", "第2号"]
    assert proposals[0] == ["第1号", "关于第1件民生事项的建议", "2026年3月1日", "2026年6月1日", "121"]
    assert [r[0] for r in rows if r[0].startswith("JD")] == ["JD2026-04"]
    text = body_text(water)
    assert "关于督促办理逾期提案和民主监督事项的函" in text
    assert "贵单位主办的下列2件提案已超过办理期限" in text and "下列1项监督事项" in text
    commerce = table_rows(check_format(tmp_path / "十一届二十次常委会议_催办函_县商务局.docx", letter=True))
    assert [r[0] for r in commerce if r[0] not in ("事项编号",)] == ["JD2026-01"]
    assert "关于督促办理逾期民主监督事项的函" in body_text(docx_of(tmp_path / "十一届二十次常委会议_催办函_县商务局.docx"))


def docx_of(path):
    import docx

    return docx.Document(str(path))


def test_a_bad_kind_is_refused_in_chinese(cycle, cli, tmp_path):
    r = cli("letters", "--meeting", cycle_store.MEETING, "--kind", "贺信", "--out", tmp_path / "out")
    assert r.code != 0 and "“贺信”不是有效的函件类型" in r.err and "邀请函" in r.err
    assert not (tmp_path / "out").exists() and not cycle[0].rows(schema.letter)
