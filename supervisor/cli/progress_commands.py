"""``progress``, ``urge``, ``status``, ``stats``, ``audit`` and ``settings``."""

from __future__ import annotations

import argparse

from sqlalchemy.orm import Session

from supervisor.cli.common import (
    actor,
    add_as_of_option,
    add_command,
    add_department_filter,
    add_group,
    add_plan_option,
    add_task_argument,
    add_user_option,
    as_of,
    department_id,
    done,
    format_table,
    from_args,
    plan_id,
    task_id,
    transaction,
)
from supervisor.domain import TaskStatus, WarningLight, status_text
from supervisor.errors import ValidationError
from supervisor.extract.labels import short_label
from supervisor.reports.data import DepartmentScore
from supervisor.services import audit, progress, settings, statistics, status, tasks, urging
from supervisor.services.reporting import format_number


def register(commands: argparse._SubParsersAction) -> None:
    """Add the progress, urging, status, statistics, audit and settings commands."""
    actions = add_group(commands, "progress", "进展报送：填报、查看最新进展、查看历史")
    add = add_command(
        actions,
        _progress_add,
        "add",
        help="填报一条进展（更正时用 --corrects，更正是完整的新报送，原报送保留）",
    )
    add_task_argument(add)
    add.add_argument("--date", help="报送日期，如 2020-06-30（默认：今天；更正时沿用原日期）")
    add.add_argument("--percent", help="完成进度（0–100）")
    add.add_argument(
        "--actual",
        action="append",
        default=[],
        metavar="指标=实际值",
        help="指标实际值，指标用名称或指标ID，可多次给出，如 --actual 重点项目=60",
    )
    add.add_argument("--progress", dest="progress_text", default="", help="进展情况")
    add.add_argument("--problems", default="", help="存在问题")
    add.add_argument("--next", dest="next_steps", default="", help="下步打算")
    add.add_argument("--reporter", default="", help="报送人")
    add.add_argument("--corrects", type=int, metavar="报送ID", help="更正的报送ID")
    add.add_argument(
        "--department",
        help="报送单位：代牵头单位或配合单位报送；配合单位的报送记为其配合情况，"
        "不改变任务的完成进度和状态（默认：督查室代报，计为牵头单位）",
    )

    lst = add_command(actions, _progress_list, "list", help="每项任务截至某日的最新进展")
    add_plan_option(lst)
    add_as_of_option(lst)
    add_department_filter(lst)

    history = add_command(
        actions, _progress_history, "history", help="一项任务的全部报送（含被更正的）"
    )
    add_task_argument(history, user=False)
    add_as_of_option(history)

    urge = add_command(commands, _urge, "urge", help="催办：记录一次催办或蓝/黄/红督办单")
    add_task_argument(urge)
    urge.add_argument("--note", required=True, help="催办内容")
    urge.add_argument("--colour", "--color", dest="colour", help="督办单颜色：蓝、黄、红")
    urge.add_argument("--date", help="催办日期（默认：今天）")
    urge.add_argument("--department", help="催办单位（默认：牵头单位）")

    st = add_command(commands, _status, "status", help="任务状态（按序时进度预警）")
    add_plan_option(st)
    add_as_of_option(st)
    add_department_filter(st)
    st.add_argument("--only", choices=[s.value for s in TaskStatus], help="只看该状态的任务")
    st.add_argument("--leaves", action="store_true", help="只看末级任务（统计口径）")
    st.add_argument(
        "--lagging",
        action="store_true",
        help="只看滞后任务（欠序时、逾期，或临期且落后于序时进度）",
    )
    st.add_argument(
        "--warning", choices=[w.value for w in WarningLight], help="只看该预警等级的任务"
    )

    stats = add_command(
        commands, _stats, "stats", help="统计：各状态数量和占比、各领域、单位排名、趋势"
    )
    add_plan_option(stats)
    add_as_of_option(stats)
    stats.add_argument("--trend", type=int, default=0, metavar="N", help="显示最近 N 期的趋势")
    stats.add_argument(
        "--score",
        choices=list(settings.RANKING_SCORES),
        help="单位排名计分：average 按任务平均（不因任务多而吃亏）、sum 合计（默认：设置项 "
        "ranking_score）",
    )

    aud = add_command(commands, _audit, "audit", help="一项任务的变更历史（含已删除的任务）")
    add_task_argument(aud, user=False)

    sett_actions = add_group(
        commands, "settings", "设置：单位名称、报送周期、预警阈值、考评权重", default=_settings_list
    )
    add_command(sett_actions, _settings_list, "list", help="列出全部设置（默认操作）")
    sett_set = add_command(sett_actions, _settings_set, "set", help="修改一项设置")
    sett_set.add_argument("key", metavar="设置项", choices=list(settings.LABELS))
    sett_set.add_argument("value", metavar="值")
    add_user_option(sett_set)


def _percent(value: float | None) -> str:
    return "" if value is None else f"{value * 100:.1f}%"


def _actuals(session: Session, target: int, items: list[str]) -> dict[int, str]:
    indicators = tasks.get_task(session, target).indicators
    by_name = {i.name: i.id for i in indicators}
    by_id = {str(i.id): i.id for i in indicators}
    found: dict[int, str] = {}
    for item in items:
        name, sep, value = item.replace("＝", "=").partition("=")
        if not sep:
            raise ValidationError(f"实际值格式应为 指标=实际值：{item}")
        key = name.strip()
        indicator_id = by_name.get(key) or by_id.get(key)
        if indicator_id is None:
            names = "、".join(by_name) or "（无指标）"
            raise ValidationError(f"该任务没有指标“{key}”；可用：{names}")
        found[indicator_id] = value.strip()
    return found


def _progress_add(args: argparse.Namespace) -> int:
    with transaction(args) as session:
        target = task_id(session, args)
        info = progress.add_progress(
            session,
            target,
            report_date=args.date or (None if args.corrects else as_of(args)),
            actuals=_actuals(session, target, args.actual),
            corrects_id=args.corrects,
            actor=actor(args),
            **from_args(
                args, "percent", "progress_text", "problems", "next_steps", "reporter", "department"
            ),
        )
    kind = f"更正了报送 {info.corrects_id}" if info.corrects_id else "已报送"
    unit = ""
    if info.department:
        unit = f"，报送单位 {info.department}" + ("" if info.counts_for_status else "（配合情况）")
    return done(f"{kind}：任务 {info.task_code}，{info.period}，报送ID {info.id}{unit}")


def _progress_rows(rows: list[progress.ProgressInfo], *, with_task: bool) -> str:
    headers = ["报送ID", "日期", "报送期", "完成进度", "指标实际值", "进展情况", "存在问题"]
    if with_task:
        headers = ["任务", *headers]
    lines = []
    for r in rows:
        note = f"（已被 {r.corrected_by_id} 更正）" if r.corrected_by_id else ""
        if r.corrects_id:
            note = f"（更正 {r.corrects_id}）"
        line = [
            f"{r.id}{note}",
            r.report_date,
            r.period,
            "" if r.percent is None else f"{format_number(r.percent)}%",
            "；".join(f"{a.name}{format_number(a.value)}{a.unit}" for a in r.actuals),
            r.progress_text[:30],
            r.problems[:20],
        ]
        lines.append(
            [f"{r.task_code} {short_label(r.task_title, 16)}", *line] if with_task else line
        )
    return format_table(headers, lines)


def _progress_list(args: argparse.Namespace) -> int:
    day = as_of(args)
    with transaction(args) as session:
        rows = progress.latest_progress(
            session, plan_id(session, args), as_of=day, department_id=department_id(session, args)
        )
    if not rows:
        return done(f"截至 {day} 没有进展报送。")
    return done(_progress_rows(rows, with_task=True))


def _progress_history(args: argparse.Namespace) -> int:
    with transaction(args) as session:
        target = task_id(session, args, include_deleted=True)
        rows = progress.task_progress(session, target, as_of=as_of(args) if args.as_of else None)
        task = tasks.get_task(session, target, include_deleted=True)
    print(f"任务 {task.code} {task.title}")
    if not rows:
        return done("没有进展报送。")
    return done(_progress_rows(rows, with_task=False))


def _urge(args: argparse.Namespace) -> int:
    with transaction(args) as session:
        info = urging.urge(
            session,
            task_id(session, args),
            actor=actor(args),
            **from_args(args, "note", "colour", "date", "department"),
        )
    kind = f"{info.colour.value}色督办单" if info.colour else "催办"
    return done(f"已记录{kind}：任务 {info.task_code}，{info.department}，{info.date}")


def _status(args: argparse.Namespace) -> int:
    day = as_of(args)
    with transaction(args) as session:
        states = status.task_states(
            session,
            plan_id(session, args),
            as_of=day,
            leaves_only=args.leaves,
            department_id=department_id(session, args),
        )
    if args.only:
        states = [s for s in states if s.status == args.only]
    if args.lagging:
        states = [s for s in states if status.is_lagging(s)]
    if args.warning:
        states = [s for s in states if s.warning == args.warning]
    if not states:
        return done("没有符合条件的任务。")
    print(f"截至 {day}：")
    return done(
        format_table(
            [
                "ID",
                "编号",
                "任务",
                "牵头单位",
                "完成时限",
                "序时进度",
                "完成进度",
                "状态",
                "预警",
                "滞后",
            ],
            [
                (
                    f"#{s.task_id}",
                    s.code,
                    short_label(s.title, 24),
                    s.lead_department or "",
                    s.deadline,
                    _percent(s.time_progress),
                    _percent(s.percent_done),
                    status_text(s.status, s.kind),
                    s.warning.value if s.warning else "不考核",
                    "滞后" if status.is_lagging(s) else "",
                )
                for s in states
            ],
        )
    )


def _stats(args: argparse.Namespace) -> int:
    day = as_of(args)
    with transaction(args) as session:
        plan = plan_id(session, args)
        stats = statistics.plan_statistics(session, plan, as_of=day, scoring=args.score)
        rules = settings.load_settings(session)
        trend = statistics.trend(session, plan, as_of=day, periods=args.trend) if args.trend else ()
    print(f"截至 {day}（{stats.period_label}），末级任务共 {stats.total} 项：")
    print(
        format_table(
            ["状态", "数量", "占比"],
            [(c.status.value, c.count, f"{c.share * 100:.1f}%") for c in stats.status_counts],
        )
    )
    lights = "、".join(f"{light.value} {n} 项" for light, n in stats.warning_counts.items())
    print(f"滞后任务 {stats.lagging} 项（欠序时、逾期，及临期且落后于序时进度的）；预警：{lights}")
    if stats.areas:
        print("\n各领域：")
        print(
            format_table(
                ["领域", "任务数", *(s.value for s in status.STATUS_ORDER)],
                [
                    (
                        short_label(a.area, 20),
                        a.total,
                        *(a.counts.get(s, 0) for s in status.STATUS_ORDER),
                    )
                    for a in stats.areas
                ],
            )
        )
    if stats.departments or stats.unranked_departments:
        scoring = (stats.departments or stats.unranked_departments)[0].scoring
        rule = "扣加分 ÷ 折算任务数" if scoring == "average" else "扣加分合计"
        print(
            f"\n各单位推进情况（得分 = {format_number(rules.score_base)} + {rule}；"
            f"折算任务数 = 牵头 + {format_number(rules.score_co_weight)} × 配合）："
        )
        headers = [
            "排名",
            "单位",
            "牵头",
            "配合",
            "完成",
            "欠序时",
            "逾期",
            "未报送",
            "蓝牌",
            "黄牌",
            "红牌",
            "扣加分",
            "折算任务数",
            "得分",
        ]
        print(format_table(headers, [_score_line(d) for d in stats.departments]))
        if stats.unranked_departments:
            print("\n未牵头任务的单位（不参加排名）：")
            print(format_table(headers, [_score_line(d) for d in stats.unranked_departments]))
    if stats.not_reported_departments:
        print(f"\n未报送单位：{'、'.join(stats.not_reported_departments)}")
    if trend:
        print("\n趋势：")
        print(
            format_table(
                ["报送期", *(s.value for s in status.STATUS_ORDER)],
                [
                    (p.period_label, *(p.counts.get(s, 0) for s in status.STATUS_ORDER))
                    for p in trend
                ],
            )
        )
    return 0


def _score_line(d: DepartmentScore) -> tuple[object, ...]:
    return (
        d.rank if d.rank is not None else "—",
        d.department,
        d.lead_tasks,
        d.co_tasks,
        d.done,
        d.behind,
        d.overdue,
        d.not_reported,
        d.blue_cards,
        d.yellow_cards,
        d.red_cards,
        format_number(d.points),
        format_number(d.weighted_tasks),
        format_number(d.score),
    )


def _entity(entity: str) -> str:
    return audit.ENTITY_LABELS.get(entity, entity)


def _audit(args: argparse.Namespace) -> int:
    with transaction(args) as session:
        target = task_id(session, args, include_deleted=True)
        task = tasks.get_task(session, target, include_deleted=True)
        lines = audit.task_history(session, target)
    print(f"任务 {task.code} {task.title} 的变更历史：")
    return done(
        format_table(
            ["时间（UTC）", "操作人", "操作", "对象", "字段", "原值", "新值"],
            [
                (
                    line.at.strftime("%Y-%m-%d %H:%M:%S"),
                    line.actor,
                    audit.ACTION_LABELS.get(line.action, line.action),
                    f"{_entity(line.entity)} {line.entity_id or ''}".strip(),
                    audit.FIELD_LABELS.get(line.field or "", line.field or ""),
                    (line.old_value or "")[:30],
                    (line.new_value or "")[:30],
                )
                for line in lines
            ],
        )
    )


def _settings_list(args: argparse.Namespace) -> int:
    with transaction(args) as session:
        current = settings.load_settings(session)
    return done(
        format_table(
            ["设置项", "说明", "值"],
            [(key, label, getattr(current, key)) for key, label in settings.LABELS.items()],
        )
    )


def _settings_set(args: argparse.Namespace) -> int:
    with transaction(args) as session:
        current = settings.set_setting(session, args.key, args.value, actor=actor(args))
    return done(f"已设置 {args.key} = {getattr(current, args.key)}")
