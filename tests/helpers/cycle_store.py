"""A small store for the tests of the office's cycle (schedule, letters, rating): one committee with
its office contact, the 20th standing-committee meeting on Monday 12 October 2026 (right after the
National Day holiday), briefing topics of two departments, proposals and supervision items of which
some are overdue on 30 September 2026, and six standing members. All names are invented.
"""

from __future__ import annotations

from datetime import date

from workbench.store import schema

MEETING = "十一届二十次常委会议"
AS_OF = date(2026, 9, 30)

# (case_no, lead unit, assigned, replied): 交办 + 3 months is the due date.
PROPOSALS = [
    (1, "县水利局", date(2026, 3, 1), None),  # due 6-1: overdue
    (2, "县水利局", date(2026, 4, 10), None),  # due 7-10: overdue
    (3, "县水利局", date(2026, 3, 1), date(2026, 5, 20)),  # replied
    (4, "县水利局", date(2026, 8, 1), None),  # due 11-1: not yet
    (5, "县商务局", date(2026, 8, 20), None),  # due 11-20: not yet
]
# (code, department, deadline, status, closed_on)
SUPERVISION = [
    ("JD2026-01", "县商务局", date(2026, 6, 30), "in_progress", None),  # overdue
    ("JD2026-02", "县商务局", date(2026, 6, 30), "closed", date(2026, 6, 20)),
    ("JD2026-03", "县财政局", date(2026, 12, 31), "in_progress", None),
    ("JD2026-04", "县水利局", date(2026, 8, 31), "lagging", None),  # overdue
]
MEMBERS = ["甲常委", "乙常委", "丙常委", "丁常委", "戊常委", "己常委"]


def build(store) -> dict:
    ids: dict = {}
    with store.writer("测试") as w:
        cid = w.insert(
            schema.committee,
            {
                "name": "政协青岚县委员会",
                "county": "青岚县",
                "office": "政协青岚县委员会办公室",
                "contact_person": "李晓峰",
                "contact_phone": "0000-6123456",
            },
        )
        tid = w.insert(schema.term, {"committee_id": cid, "term_no": 11, "start_year": 2022})
        ids["meeting"] = w.insert(
            schema.meeting,
            {
                "term_id": tid,
                "kind": "standing_committee_meeting",
                "seq_no": 20,
                "held_on": date(2026, 10, 12),
                "venue": "县政协机关三楼会议室",
                "presider": "周启明",
                "status": "planned",
                "start_time": "上午9:00",
            },
        )
        ids["topics"] = [
            w.insert(
                schema.briefing_topic,
                {
                    "meeting_id": ids["meeting"],
                    "code": "TB2026-20",
                    "topic": "关于农村人居环境整治情况的通报",
                    "reporting_body": "县农业农村局",
                    "reporter": "潘志远",
                    "reporter_title": "局长",
                    "materials_due_on": date(2026, 9, 28),
                    "status": "notified",
                },
            ),
            w.insert(
                schema.briefing_topic,
                {
                    "meeting_id": ids["meeting"],
                    "code": "TB2026-21",
                    "topic": "关于全县水利工程建设情况的通报",
                    "reporting_body": "县水利局",
                    "reporter": "郑海峰",
                    "reporter_title": "副局长",
                    "materials_received_on": date(2026, 9, 25),
                    "status": "materials_received",
                },
            ),
        ]
        for case_no, unit, assigned, replied in PROPOSALS:
            w.insert(
                schema.proposal,
                {
                    "year": 2026,
                    "case_no": case_no,
                    "title": f"关于第{case_no}件民生事项的建议",
                    "review_result": "filed",
                    "lead_unit": unit,
                    "assigned_on": assigned,
                    "replied_on": replied,
                    "status": "replied" if replied else "handling",
                },
            )
        for code, dept, deadline, status, closed in SUPERVISION:
            w.insert(
                schema.supervision_item,
                {
                    "code": code,
                    "topic": f"{dept}监督事项{code[-2:]}",
                    "department": dept,
                    "deadline": deadline,
                    "status": status,
                    "closed_on": closed,
                },
            )
        ids["members"] = [
            w.insert(schema.member, {"name": n, "is_standing_member": True, "position": "委员", "term_id": tid}) for n in MEMBERS
        ]
    return ids
