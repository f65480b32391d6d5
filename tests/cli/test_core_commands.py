"""The supervision-core commands: exit codes, Chinese messages, no traceback, real effects."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from supervisor.cli import main
from supervisor.services import progress, status, tasks
from supervisor.services.audit import task_history
from supervisor.services.database import open_database

COMMANDS = [
    ["plan", "new"],
    ["task", "add"],
    ["task", "edit"],
    ["task", "split"],
    ["task", "move"],
    ["task", "delete"],
    ["task", "restore"],
    ["task", "show"],
    ["task", "kind"],
    ["indicator", "add"],
    ["assign"],
    ["departments"],
    ["departments", "merge"],
    ["suggestions", "accept"],
    ["progress", "add"],
    ["progress", "list"],
    ["progress", "history"],
    ["urge"],
    ["status"],
    ["stats"],
    ["audit"],
    ["settings", "set"],
]


@pytest.fixture
def db(tmp_path: Path) -> str:
    """A SQLite file for one command-line session (created first, as `db init` would)."""
    open_database(str(tmp_path / "office.sqlite")).close()
    return str(tmp_path / "office.sqlite")


def run(db: str, capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    """Run one command; returns (exit code, stdout, stderr)."""
    code = main(["--db", db, *argv])
    captured = capsys.readouterr()
    return code, captured.out, captured.err


@pytest.fixture
def office(db: str, capsys: pytest.CaptureFixture[str]) -> str:
    """A plan with an area, a task with two indicators split in two, and two departments."""
    for argv in (
        ["plan", "new", "--title", "2020年重点任务", "--year", "2020", "--source", "领导批示"],
        ["departments", "add", "市发展改革委", "--short", "市发改委"],
        ["departments", "add", "市人力资源社会保障局"],
        ["task", "add", "--title", "（一）聚焦产业转型"],
        [
            "task",
            "add",
            "--title",
            "全力推进重点项目建设",
            "--parent",
            "1",
            "--indicator",
            "重点项目,102,个",
            "--indicator",
            "完成投资，128，亿元，>=",
        ],
        ["task", "add", "--title", "城镇新增就业", "--parent", "1", "--deadline", "2020-11-30"],
    ):
        code, _, err = run(db, capsys, *argv)
        assert (code, err) == (0, "")
    return db


@pytest.mark.parametrize("argv", COMMANDS, ids=" ".join)
def test_every_command_has_help(argv: list[str], capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit_info:
        main([*argv, "--help"])
    assert exit_info.value.code == 0
    assert "usage" in capsys.readouterr().out


def test_the_daily_round(office: str, capsys: pytest.CaptureFixture[str]) -> None:
    db = office
    assert run(db, capsys, "task", "split", "1.1", "推进工业项目", "推进民生项目")[0] == 0
    code, out, _ = run(
        db,
        capsys,
        "assign",
        "1",
        "--subtree",
        "--lead",
        "市发改委",
        "--co",
        "市人力资源社会保障局",
        "--leader",
        "张副市长",
    )
    assert (code, out.strip()) == (0, "已分工：5 项任务，其中 5 项有变化")
    code, out, _ = run(
        db,
        capsys,
        "progress",
        "add",
        "1.1.1",
        "--date",
        "2020-06-30",
        "--percent",
        "40",
        "--progress",
        "已开工",
        "--problems",
        "资金紧张",
    )
    assert code == 0
    assert "报送ID 1" in out
    code, out, _ = run(
        db,
        capsys,
        "progress",
        "add",
        "1.1",
        "--date",
        "2020-06-30",
        "--actual",
        "重点项目=51",
        "--actual",
        "完成投资=64",
    )
    assert code == 0
    assert run(db, capsys, "progress", "add", "1.1.1", "--corrects", "1", "--percent", "30")[0] == 0
    assert (
        run(
            db, capsys, "urge", "1.2", "--note", "请报送", "--colour", "红", "--date", "2020-06-29"
        )[0]
        == 0
    )

    code, out, _ = run(db, capsys, "status", "--as-of", "2020-07-01")
    assert code == 0
    lines = {line.split()[1]: line for line in out.splitlines() if line.startswith("#")}
    # 状态, 预警 and 滞后 (services.status): 20 points behind is yellow and lagging.
    assert lines["1.1.1"].split()[-3:] == ["欠序时", "黄灯", "滞后"]
    assert lines["1.1"].split()[-3:] == ["50.0%", "达序时", "绿灯"]
    assert lines["1.2"].split()[-2:] == ["未报送", "红灯"]  # never reported: 0 % against 序时
    code, out, _ = run(db, capsys, "status", "--as-of", "2020-07-01", "--lagging")
    assert [line.split()[1] for line in out.splitlines() if line.startswith("#")] == ["1.1.1"]
    code, out, _ = run(db, capsys, "status", "--as-of", "2020-07-01", "--warning", "红灯")
    red = [line.split()[1] for line in out.splitlines() if line.startswith("#")]
    assert "1.2" in red
    assert "1.1.1" not in red

    code, out, _ = run(db, capsys, "stats", "--as-of", "2020-07-01", "--trend", "2")
    assert code == 0
    assert "末级任务共 3 项" in out
    assert "滞后任务 1 项" in out
    assert "预警：绿灯 0 项、黄灯 1 项、红灯 2 项" in out
    assert "未报送单位：市发展改革委" in out
    assert "2020年第27周" in out

    code, out, _ = run(db, capsys, "progress", "list", "--as-of", "2020-07-01")
    assert code == 0
    assert "3（更正 1）" in out
    assert "重点项目51个" in out
    code, out, _ = run(db, capsys, "progress", "history", "1.1.1")
    assert "1（已被 3 更正）" in out

    code, out, _ = run(db, capsys, "audit", "1.1.1")
    assert code == 0
    assert "牵头单位" in out
    assert "更正" in out


def test_delete_and_restore_from_the_command_line(
    office: str, capsys: pytest.CaptureFixture[str]
) -> None:
    db = office
    code, out, _ = run(db, capsys, "task", "delete", "1")
    assert code == 0
    assert "共 3 项" in out
    assert "task restore #1" in out
    assert "该计划没有任务" in run(db, capsys, "tasks")[1]
    code, _, err = run(db, capsys, "task", "edit", "1.2", "--title", "x")
    assert (code, err.strip()) == (1, "错误：计划 1 中没有编号为 1.2 的任务")
    code, out, _ = run(db, capsys, "task", "deleted")
    [line] = out.splitlines()[1:]  # one deletion: the area with its two tasks
    assert line.split()[:2] == ["#1", "1"]
    assert line.split()[-1] == "3"
    assert run(db, capsys, "task", "restore", "1")[0] == 0
    assert "城镇新增就业" in run(db, capsys, "tasks")[1]
    assert run(db, capsys, "task", "deleted")[1].strip() == "没有已删除的任务"


def test_departments_merge_and_suggestions(office: str, capsys: pytest.CaptureFixture[str]) -> None:
    db = office
    run(db, capsys, "departments", "add", "市人社局")
    run(db, capsys, "assign", "1.2", "--lead", "市人社局")
    code, out, _ = run(db, capsys, "departments", "merge", "市人社局", "市人力资源社会保障局")
    assert code == 0
    assert "牵头任务 1 项" in out
    code, out, _ = run(db, capsys, "departments")
    [line] = [line for line in out.splitlines() if line.startswith("市人力资源社会保障局")]
    assert line.split()[-3:] == ["1", "0", "市人社局"]  # lead, co, alias
    assert "没有待采纳的单位建议" in run(db, capsys, "suggestions")[1]


def test_settings_change_the_rule(office: str, capsys: pytest.CaptureFixture[str]) -> None:
    db = office
    assert run(db, capsys, "settings", "set", "reporting_period", "month")[0] == 0
    assert "month" in run(db, capsys, "settings")[1]


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["plan", "new", "--title", " ", "--year", "2020"], "错误：计划名称不能为空"),
        (["plan", "new", "--title", "x", "--year", "二〇二〇"], "错误：年度必须是整数：二〇二〇"),
        (["task", "add", "--title", ""], "错误：任务名称不能为空"),
        (["task", "add", "--title", "x", "--deadline", "2040-01-01"], "超出合理范围"),
        (
            ["task", "add", "--title", "x", "--indicator", "投资,很多,亿元"],
            "目标值必须是数字：很多",
        ),
        (["task", "add", "--title", "x", "--indicator", "只有名称"], "指标格式应为"),
        (["task", "edit", "1.1"], "请至少指定一项要修改的内容"),
        (["task", "edit", "9.9", "--title", "x"], "没有编号为 9.9 的任务"),
        (["task", "edit", "#99", "--title", "x"], "没有编号为 99 的任务"),
        (["task", "edit", "1.1", "--title", "x", "--expect-version", "7"], "已被他人修改"),
        (["task", "move", "1", "--parent", "1.1"], "不能把任务移到它自己或它的下级任务之下"),
        (["task", "restore", "1.1"], "未被删除，无需恢复"),
        (["assign", "1.1", "--lead", "市无此局"], "没有名为“市无此局”的单位"),
        (["assign", "1.1"], "请至少指定牵头单位"),
        (["progress", "add", "1.1", "--date", "2020-06-30"], "进展报送不能为空"),
        (
            ["progress", "add", "1.1", "--date", "2020-06-30", "--percent", "150"],
            "完成进度应在 0 到 100 之间",
        ),
        (
            ["progress", "add", "1.1", "--date", "2020-06-30", "--actual", "产值=5"],
            "该任务没有指标“产值”",
        ),
        (
            ["progress", "add", "1.1", "--date", "2020-06-30", "--actual", "重点项目"],
            "实际值格式应为",
        ),
        (["progress", "add", "1.1", "--date", "2099-06-30", "--percent", "1"], "超出合理范围"),
        (["urge", "1.1", "--note", "x", "--colour", "紫"], "督办单颜色只能是"),
        (["urge", "1.1", "--note", "x"], "尚未确定牵头单位"),
        (["status", "--as-of", "2020-13-01"], "日期格式应为"),
        (["settings", "set", "due_soon_days", "abc"], "临期天数必须是整数"),
        (["departments", "add", "市发展改革委"], "单位“市发展改革委”已存在"),
        (["suggestions", "accept"], "请给出要采纳的建议ID"),
    ],
)
def test_user_mistakes_give_one_chinese_line_and_change_nothing(
    office: str, capsys: pytest.CaptureFixture[str], argv: list[str], message: str
) -> None:
    db = office
    before = _dump(db)
    code, out, err = run(db, capsys, *argv)
    assert code == 1
    assert err.startswith("错误：")
    assert message in err
    assert len(err.strip().splitlines()) == 1
    assert "Traceback" not in err + out
    assert _dump(db) == before


def _dump(db: str) -> list:
    """Tasks, reports, states and audit log: what a failed command must not touch."""
    database = open_database(db)
    try:
        with database.sessions() as session:
            plan_id = 1
            listed = tasks.list_tasks(session, plan_id)
            reports = progress.latest_progress(session, plan_id, as_of=dt.date(2020, 12, 31))
            states = status.task_states(session, plan_id, as_of=dt.date(2020, 12, 31))
            history = [task_history(session, t.id) for t in listed]
            return [listed, reports, [(s.task_id, s.status, s.version) for s in states], history]
    finally:
        database.close()


@pytest.mark.parametrize(
    "argv",
    [
        ["task", "add"],  # --title missing
        ["task", "move", "1"],  # --parent or --top missing
        ["progress", "add", "1.1", "--corrects", "x"],
        ["settings", "set", "no_such_key", "1"],
        ["task"],
    ],
)
def test_usage_errors_exit_2(
    office: str, capsys: pytest.CaptureFixture[str], argv: list[str]
) -> None:
    with pytest.raises(SystemExit) as exit_info:
        main(["--db", office, *argv])
    assert exit_info.value.code == 2
    assert "参数错误" in capsys.readouterr().err


def test_task_kind_takes_a_task_out_of_the_statistics(
    office: str, capsys: pytest.CaptureFixture[str]
) -> None:
    db = office
    code, out, _ = run(db, capsys, "stats", "--as-of", "2020-07-01")
    assert "末级任务共 2 项" in out
    code, out, err = run(db, capsys, "task", "kind", "1.2", "常态化")
    assert (code, err) == (0, "")
    assert "常态化" in out
    assert "不计入" in out
    code, out, _ = run(db, capsys, "stats", "--as-of", "2020-07-01")
    assert "末级任务共 1 项" in out
    code, out, _ = run(db, capsys, "status", "--as-of", "2020-07-01")
    lines = {line.split()[1]: line for line in out.splitlines() if line.startswith("#")}
    assert lines["1.2"].split()[-2:] == ["常态化", "不考核"]
    code, out, _ = run(db, capsys, "task", "show", "1.2")
    assert "任务类型：常态化" in out
    code, out, _ = run(db, capsys, "tasks")
    listed = {line.split()[0]: line for line in out.splitlines()[1:] if line.strip()}
    assert listed["1.2"].split()[-1] == "常态化"
    assert listed["1.1"].split()[-1] != "常态化"
    code, out, err = run(db, capsys, "task", "kind", "1.2", "临时")
    assert code == 1
    assert "任务类型只能是" in err


def test_progress_for_a_co_unit_is_its_contribution(
    office: str, capsys: pytest.CaptureFixture[str]
) -> None:
    db = office
    assert (
        run(db, capsys, "assign", "1.2", "--lead", "市人力资源社会保障局", "--co", "市发改委")[0]
        == 0
    )
    code, out, err = run(
        db,
        capsys,
        "progress",
        "add",
        "1.2",
        "--date",
        "2020-06-30",
        "--percent",
        "90",
        "--department",
        "市发改委",
    )
    assert (code, err) == (0, "")
    assert "报送单位 市发展改革委（配合情况）" in out
    code, out, _ = run(db, capsys, "status", "--as-of", "2020-07-01")
    lines = {line.split()[1]: line for line in out.splitlines() if line.startswith("#")}
    assert "未报送" in lines["1.2"]  # the co-unit's 90 % does not count
    code, out, err = run(
        db,
        capsys,
        "progress",
        "add",
        "1.2",
        "--date",
        "2020-06-30",
        "--percent",
        "5",
        "--department",
        "不存在的局",
    )
    assert code == 1
    assert "没有名为“不存在的局”的单位" in err


def test_stats_shows_how_each_score_is_made_and_the_raw_sum_on_request(
    office: str, capsys: pytest.CaptureFixture[str]
) -> None:
    db = office
    assert run(db, capsys, "assign", "1.1", "--lead", "市发改委")[0] == 0
    assert (
        run(db, capsys, "assign", "1.2", "--lead", "市发改委", "--co", "市人力资源社会保障局")[0]
        == 0
    )
    code, out, _ = run(db, capsys, "stats", "--as-of", "2020-07-01")
    assert code == 0
    assert "得分 = 100 + 扣加分 ÷ 折算任务数" in out
    ranked, _, apart = out.partition("未牵头任务的单位（不参加排名）")
    # Both of 发改委's tasks are silent (−1 each): −2 over 2 tasks.
    line = next(row for row in ranked.splitlines() if "市发展改革委" in row)
    assert line.split()[0] == "1"
    assert line.split()[-3:] == ["-2", "2", "99"]
    assert "市人力资源社会保障局" in apart
    code, out, _ = run(db, capsys, "stats", "--as-of", "2020-07-01", "--score", "sum")
    assert "得分 = 100 + 扣加分合计" in out
    line = next(row for row in out.splitlines() if "市发展改革委" in row)
    assert line.split()[-1] == "98"
