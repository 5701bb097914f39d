"""The 28 agencies named in the Secretariat's H1 2021 report (codes are the demo's own)."""

from __future__ import annotations

from sqlalchemy.orm import Session

from scheduler.models import Agency

# (code, 中文名, English name), in the report's order.
AGENCIES: tuple[tuple[str, str, str], ...] = (
    ("SEC", "秘書處", "Secretariat"),
    ("CIV", "民政局", "Department of Civil Affairs"),
    ("FIN", "財政局", "Department of Finance"),
    ("EDU", "教育局", "Department of Education"),
    ("DOED", "產業局", "Department of Economic Development"),
    ("PWD", "工務局", "Public Works Department"),
    ("DOT", "交通局", "Department of Transportation"),
    ("SWD", "社會局", "Department of Social Welfare"),
    ("DOL", "勞動局", "Department of Labor"),
    ("POL", "警察局", "Police Department"),
    ("HLT", "衛生局", "Department of Health"),
    ("DEP", "環保局", "Department of Environmental Protection"),
    ("UDD", "都發局", "Department of Urban Development"),
    ("CUL", "文化局", "Department of Cultural Affairs"),
    ("FIRE", "消防局", "Fire Department"),
    ("DORTS", "捷運局", "Department of Rapid Transit Systems"),
    ("LAND", "地政局", "Department of Land Administration"),
    ("TOUR", "觀傳局", "Department of Information and Tourism"),
    ("SPORT", "體育局", "Department of Sports"),
    ("DOIT", "資訊局", "Department of Information Technology"),
    ("LAW", "法務局", "Department of Legal Affairs"),
    ("ETH", "政風處", "Department of Government Ethics"),
    ("PER", "人事處", "Department of Personnel"),
    ("TWD", "北水處", "Taipei Water Department"),
    ("RDEC", "研考會", "Research, Development and Evaluation Commission"),
    ("IPC", "原民會", "Indigenous Peoples Commission"),
    ("TRTC", "捷運公司", "Taipei Rapid Transit Corporation"),
    ("DBAS", "主計處", "Department of Budget, Accounting and Statistics"),
)


def create_agencies(session: Session) -> dict[str, Agency]:
    """Add every agency; returns them by code."""
    agencies = {code: Agency(code=code, name_zh=zh, name_en=en) for code, zh, en in AGENCIES}
    session.add_all(agencies.values())
    return agencies
