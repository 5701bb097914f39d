"""The dormitory's eligibility and points rules as the demo's data (assumed; an admin edits them).

Single-room staff dormitories are for staff whose family does not live at the post: rotated or
posted for a special duty, or hired for a policy need, with the household registered outside
Taipei and New Taipei and no home of their own in the area. Points favour a far household, a
junior grade and years of service.
"""

from __future__ import annotations

from typing import Any

from scheduler.models import DormQuestion

# (code, 中文, English, value | zh | en | points | eligible lines, document zh, document en)
CHOICES: tuple[tuple[str, str, str, str, str, str], ...] = (
    (
        "household",
        "戶籍所在地",
        "Where your household is registered",
        """taipei | 臺北市 | Taipei City | 0 | no
new_taipei | 新北市 | New Taipei City | 0 | no
keelung_taoyuan | 基隆市、桃園市 | Keelung or Taoyuan | 10 | yes
north | 新竹、苗栗、宜蘭 | Hsinchu, Miaoli or Yilan | 20 | yes
central | 臺中、彰化、南投、雲林 | Taichung, Changhua, Nantou or Yunlin | 30 | yes
south_east | 嘉義以南、花東及離島 | Chiayi and south, Hualien, Taitung or the islands | 40 | yes""",
        "戶籍謄本",
        "household registration transcript",
    ),
    (
        "posting",
        "任職情形",
        "Why you work here",
        """rotated | 輪調或調任至本府 | Rotated or transferred to City Hall | 10 | yes
special_duty | 因特殊任務派駐 | Posted for a special duty | 10 | yes
policy_hire | 因政策需要進用之約聘僱人員 | Non-established staff hired for a policy need | 5 | yes
other | 其他 | Other | 0 | no""",
        "派令或聘書",
        "appointment or contract letter",
    ),
    (
        "grade",
        "職等",
        "Job grade",
        """junior | 委任第一至五職等 | Grades 1 to 5 | 15 | yes
middle | 薦任第六至九職等 | Grades 6 to 9 | 10 | yes
senior | 簡任第十職等以上 | Grade 10 and above | 5 | yes
contract | 約聘僱人員 | Contract staff | 10 | yes""",
        "人事資料表",
        "personnel record",
    ),
    (
        "owns_home",
        "本人、配偶或未成年子女在臺北市、新北市有自有住宅",
        "You, your spouse or minor children own a home in Taipei or New Taipei",
        """no | 無 | No | 0 | yes
yes | 有 | Yes | 0 | no""",
        "財產歸屬資料清單",
        "property ownership list",
    ),
)
SERVICE_YEARS = {
    "code": "service_years",
    "name_zh": "服務年資（年）",
    "name_en": "Years of service",
    "kind": "number",
    "minimum": 0,
    "maximum": 45,
    "points_per": 2,
    "points_cap": 20,
    "document_zh": "服務證明書",
    "document_en": "certificate of service",
}


def _options(lines: str) -> list[dict[str, Any]]:
    options = []
    for line in lines.splitlines():
        value, zh, en, points, eligible = (part.strip() for part in line.split("|"))
        options.append(
            {
                "value": value,
                "zh": zh,
                "en": en,
                "points": int(points),
                "eligible": eligible == "yes",
            }
        )
    return options


def demo_questions() -> list[DormQuestion]:
    """The five questions of the application form, in order."""
    questions = [
        DormQuestion(
            code=code,
            name_zh=zh,
            name_en=en,
            kind="choice",
            options=_options(lines),
            document_zh=doc_zh,
            document_en=doc_en,
            maximum=0,
            points_per=0,
        )
        for code, zh, en, lines, doc_zh, doc_en in CHOICES
    ]
    questions.insert(3, DormQuestion(**SERVICE_YEARS))
    for position, question in enumerate(questions, start=1):
        question.position = position * 10
        question.active = True
    return questions
