"""Office-wide settings stored in the ``setting`` table, each with a type and a default."""

from __future__ import annotations

import math
from dataclasses import dataclass, fields
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
}

_DEFAULTS = Settings()
_TYPES: dict[str, type] = {f.name: type(getattr(_DEFAULTS, f.name)) for f in fields(Settings)}


def load_settings(session: Session) -> Settings:
    """The settings of this database: stored values over the defaults.

    A stored value that no longer parses (edited by hand) falls back to the default rather
    than stopping every report.
    """
    stored = dict(session.execute(select(Setting.key, Setting.value)).all())
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
    if key not in _TYPES:
        raise ValidationError(f"没有名为 {key} 的设置项；可用：{'、'.join(_TYPES)}")
    parsed = _parse(key, _TYPES[key], value)
    _check_bands(key, parsed, load_settings(session))
    row = session.get(Setting, key)
    old = row.value if row is not None else str(getattr(_DEFAULTS, key))
    if row is None:
        session.add(Setting(key=key, value=str(parsed)))
    else:
        row.value = str(parsed)
    audit.record(session, actor, "update", "setting", None, field=key, old=old, new=parsed)
    session.flush()
    return load_settings(session)


_POINTS = frozenset(
    {"behind_margin", "ahead_margin", "warning_yellow_points", "warning_red_points"}
)


def _check_bands(key: str, value: Any, current: Settings) -> None:
    """The yellow band must start at or below the red one, or no task could be 黄灯."""
    yellow = value if key == "warning_yellow_points" else current.warning_yellow_points
    red = value if key == "warning_red_points" else current.warning_red_points
    if yellow > red:
        raise ValidationError(
            f"{LABELS['warning_yellow_points']}（{yellow:g}）不能大于"
            f"{LABELS['warning_red_points']}（{red:g}）"
        )


def _parse(key: str, kind: type, text: str) -> Any:
    label = LABELS[key]
    text = text.strip()
    if kind is str:
        if not text:
            raise ValidationError(f"{label}不能为空")
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
