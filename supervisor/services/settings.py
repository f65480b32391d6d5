"""Office-wide settings stored in the ``setting`` table, each with a type and a default."""

from __future__ import annotations

import math
import re
from collections.abc import Mapping
from dataclasses import dataclass, fields, replace
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from supervisor.db.models import Setting
from supervisor.errors import ValidationError
from supervisor.services import audit

PERIOD_KINDS = ("week", "month")
RANKING_SCORES = ("average", "sum")


@dataclass(frozen=True, slots=True)
class Settings:
    """Every setting with its typed value; the defaults apply until a user changes one.

    The scoring fields describe the department ranking rule of ``services.statistics``.
    """

    office_name: str = "市人民政府督查室"
    reporting_period: str = "week"  # "week" (2020-W12) or "month" (2020-M06)
    behind_margin: float = 5.0  # 欠序时: percent done below 序时进度 by more than this (points)
    ahead_margin: float = 5.0  # 超序时: percent done above 序时进度 by more than this (points)
    due_soon_days: int = 15  # 临期: the deadline is at most this many days away
    # 预警 bands (services.status): 黄灯 from this many points behind 序时进度 …
    warning_yellow_points: float = 10.0
    # … 红灯 beyond this many points behind (or 逾期).
    warning_red_points: float = 30.0
    score_base: float = 100.0
    score_done: float = 2.0  # per finished task
    score_behind: float = -2.0  # per task 欠序时
    score_overdue: float = -5.0  # per task 逾期
    score_not_reported: float = -1.0  # per task 未报送
    score_red_card: float = -3.0  # per red 督办单
    score_yellow_card: float = -1.0  # per yellow 督办单
    score_co_weight: float = 0.5  # a co-unit's share of a task's points; a lead unit has 1
    # "average": the score is per (weighted) task, so many tasks are no handicap; "sum": raw.
    ranking_score: str = "average"
    # 督查通报 as a 公文 (GB/T 9704): 版头 name, 主送, 抄送, 印发机关, 下步工作要求 template.
    bulletin_masthead: str = "政务督查"
    bulletin_recipients: str = "各县（区）人民政府，市政府各部门、各直属机构："
    bulletin_copy_to: str = "市委办公室，市人大常委会办公室，市政协办公室"
    bulletin_printer: str = ""  # 印发机关; the office's name when empty
    bulletin_requirements: str = ""  # 下步工作要求 template; the built-in one when empty
    bulletin_last_issue: str = ""  # "2020-5": the last 期号 issued and its year
    # 公文 faces per role: auto (the office's installed face, else shipped), shipped, a family
    # name such as 仿宋_GB2312, or a TrueType file.
    font_title: str = "auto"
    font_body: str = "auto"
    font_heading: str = "auto"
    font_subheading: str = "auto"
    font_page_number: str = "auto"


LABELS: dict[str, str] = {
    "office_name": "单位名称",
    "reporting_period": "报送周期（week 周 / month 月）",
    "behind_margin": "欠序时阈值（百分点）",
    "ahead_margin": "超序时阈值（百分点）",
    "due_soon_days": "临期天数",
    "warning_yellow_points": "黄灯：落后序时进度达到（百分点）",
    "warning_red_points": "红灯：落后序时进度超过（百分点）",
    "score_base": "考评基础分",
    "score_done": "每项完成加分",
    "score_behind": "每项欠序时扣分",
    "score_overdue": "每项逾期扣分",
    "score_not_reported": "每项未报送扣分",
    "score_red_card": "每张红色督办单扣分",
    "score_yellow_card": "每张黄色督办单扣分",
    "score_co_weight": "配合单位权重（牵头单位为 1）",
    "ranking_score": "排名计分方式（average 按任务平均 / sum 合计）",
    "bulletin_masthead": "督查通报版头名称（如 政务督查、督查通报、督查专报）",
    "bulletin_recipients": "督查通报主送机关",
    "bulletin_copy_to": "督查通报抄送机关（可为空）",
    "bulletin_printer": "督查通报印发机关（空：本单位名称）",
    "bulletin_requirements": "下步工作要求模板（空：内置模板；一是……二是……，每段一行）",
    "bulletin_last_issue": "最近一期督查通报的年份和期号（如 2020-5）",
    "font_title": "标题字体（auto 自动 / shipped 内置 / 字体名称或文件）",
    "font_body": "正文字体（auto 自动 / shipped 内置 / 字体名称或文件）",
    "font_heading": "一级标题字体（auto 自动 / shipped 内置 / 字体名称或文件）",
    "font_subheading": "二级标题字体（auto 自动 / shipped 内置 / 字体名称或文件）",
    "font_page_number": "页码字体（auto 自动 / shipped 内置 / 字体名称或文件）",
}
# Text settings an office may leave empty (no 抄送, the built-in template, no issue yet).
_MAY_BE_EMPTY = frozenset(
    {
        "bulletin_recipients",
        "bulletin_copy_to",
        "bulletin_printer",
        "bulletin_requirements",
        "bulletin_last_issue",
    }
)
_LAST_ISSUE = re.compile(r"\d{4}-\d{1,4}")

_DEFAULTS = Settings()
_TYPES: dict[str, type] = {f.name: type(getattr(_DEFAULTS, f.name)) for f in fields(Settings)}


def load_settings(session: Session) -> Settings:
    """The settings of this database: stored values over the defaults.

    A stored value that no longer parses (edited by hand) falls back to the default rather
    than stopping every report.
    """
    # Only the keys this reads: other rows (the office's keyword table) can be large.
    stored = dict(
        session.execute(
            select(Setting.key, Setting.value).where(Setting.key.in_(tuple(_TYPES)))
        ).all()
    )
    values: dict[str, Any] = {}
    for key, kind in _TYPES.items():
        if key in stored:
            try:
                values[key] = _parse(key, kind, stored[key])
            except ValidationError:
                continue
    return Settings(**values)


def set_setting(session: Session, key: str, value: str, *, actor: str) -> Settings:
    """Store one setting given as text (as typed on the command line or in a form).

    Returns:
        The settings after the change.

    Raises:
        ValidationError: an unknown key or a value of the wrong type or range.
    """
    return set_settings(session, {key: value}, actor=actor)


def set_settings(session: Session, values: Mapping[str, str], *, actor: str) -> Settings:
    """Store several settings at once (a settings form); all are checked before any is written.

    Settings that depend on each other (the 黄灯 band must not start above the 红灯 band) are
    checked on the result, so raising both bands in one form works in either order.

    Returns:
        The settings after the change.

    Raises:
        ValidationError: an unknown key, a value of the wrong type or range, or bands that
            contradict each other; nothing is written then.
    """
    for key in values:
        if key not in _TYPES:
            raise ValidationError(f"没有名为 {key} 的设置项；可用：{'、'.join(_TYPES)}")
    parsed = {key: _parse(key, _TYPES[key], value) for key, value in values.items()}
    _check_bands(replace(load_settings(session), **parsed))
    for key, value in parsed.items():
        row = session.get(Setting, key)
        old = row.value if row is not None else str(getattr(_DEFAULTS, key))
        if row is None:
            session.add(Setting(key=key, value=str(value)))
        else:
            row.value = str(value)
        audit.record(session, actor, "update", "setting", None, field=key, old=old, new=value)
    session.flush()
    return load_settings(session)


_POINTS = frozenset(
    {"behind_margin", "ahead_margin", "warning_yellow_points", "warning_red_points"}
)


def _check_bands(result: Settings) -> None:
    """The yellow band must start at or below the red one, or no task could be 黄灯."""
    if result.warning_yellow_points > result.warning_red_points:
        raise ValidationError(
            f"{LABELS['warning_yellow_points']}（{result.warning_yellow_points:g}）不能大于"
            f"{LABELS['warning_red_points']}（{result.warning_red_points:g}）"
        )


def _parse(key: str, kind: type, text: str) -> Any:
    label = LABELS[key]
    text = text.strip()
    if kind is str:
        if not text and key in _MAY_BE_EMPTY:
            return text
        if not text:
            raise ValidationError(f"{label}不能为空")
        if key == "bulletin_last_issue" and not _LAST_ISSUE.fullmatch(text):
            raise ValidationError(f"{label}格式应为 年份-期号，如 2020-5：{text}")
        if key == "reporting_period" and text not in PERIOD_KINDS:
            raise ValidationError(f"{label}只能是 week 或 month")
        if key == "ranking_score" and text not in RANKING_SCORES:
            raise ValidationError(f"{label}只能是 average 或 sum")
        return text
    try:
        number = kind(text)
    except ValueError as err:
        raise ValidationError(f"{label}必须是{'整数' if kind is int else '数字'}：{text}") from err
    if not math.isfinite(number):
        raise ValidationError(f"{label}必须是有限的数字：{text}")
    if key in _POINTS and not 0 <= number <= 100:
        raise ValidationError(f"{label}应在 0 到 100 之间")
    if key == "due_soon_days" and not 0 <= number <= 366:
        raise ValidationError(f"{label}应在 0 到 366 之间")
    if key == "score_co_weight" and not 0 <= number <= 1:
        raise ValidationError(f"{label}应在 0 到 1 之间")
    return number
