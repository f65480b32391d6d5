"""Keyword → department table (user-editable CSV or xlsx) and lead/co department suggestions.

The table is a UTF-8 CSV (a BOM from Excel is fine) or an Excel workbook (.xlsx, first sheet)
with the columns ``name``, ``short_name``, ``kind`` (市直部门 / 县区 / 园区), ``aliases`` and
``keywords`` (separated by 、 or | or ;); Chinese headers (单位/部门, 简称, 类型, 别名,
关键词) work too. A department's aliases and its own name count as keywords. The shipped
``resources/departments/default.csv`` names a city's departments after the 2019 institutional
reform in generic form (市发展和改革委员会 …); a city adds or overrides rows with its own file,
e.g. ``shizuishan.csv`` with its counties and development zones.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from supervisor.domain import DepartmentKind
from supervisor.extract.model import DepartmentSuggestion, ExtractionError
from supervisor.paths import resources_dir

DEFAULT_TABLE = resources_dir() / "departments" / "default.csv"
# Tables for reports of other levels: a province's departments (省发展和改革委员会 …) and the
# State Council's ministries and commissions (国家发展和改革委员会, 教育部 …).
PROVINCE_TABLE = resources_dir() / "departments" / "province.csv"
STATE_COUNCIL_TABLE = resources_dir() / "departments" / "state-council.csv"
# The level of a report, read from its first lines: who speaks (国务院总理, 省长) and the title.
_NATIONAL = re.compile(r"国务院")
# A province's or an autonomous region's congress (在……自治区第十三届人民代表大会) and its
# speaker (自治区人民政府主席, 代省长); a district (……区第十五届) is not 自治区. A copy without
# date line or speaker still says who reports in its opening (我代表省人民政府……，并请省政协委员).
_PROVINCIAL = re.compile(
    r"(?:省|自治区)(?:人民)?政府工作报告|^\s*(?:代)?(?:省长|自治区主席)"
    r"|(?:省|自治区)第[一二三四五六七八九十]{1,4}届人民代表大会"
    r"|^\s*(?:省|自治区)人民政府(?:代理?)?(?:省长|主席)"
    r"|代表[\u4e00-\u9fff]{0,8}?(?:省|自治区)人民政府|请(?:省|自治区)政协委员"
)
_KEYWORD_SPLIT = re.compile(r"[、|;；,，\s]+")
# Words that hold a keyword without meaning it: 平稳健康发展 is about the economy, not health;
# a citizens' 诉求通道 is no road. The matched span is blanked before keywords are looked up.
_NOT_A_TERM = re.compile(
    r"(?:平稳|规范|持续|稳定|良性)?健康(?:发展|运行|有序|成长|持续|可持续)"
    r"|(?:诉求|表达|绿色|信访|维权|沟通|人才|审批)通道"
    # 标准化胶园, 标准化圈舍: the adjective of a thing built, not the work of standardisation.
    r"|标准化(?!工作|战略|体系|管理|建设|试点|组织|技术委员会)(?=[\u4e00-\u9fff])"
)
_NON_TERM_WORDS = ("健康", "通道", "标准化")
# Header names a user's table may use, mapped to the columns of the shipped one.
_HEADERS = {
    "name": "name",
    "department": "name",
    "单位": "name",
    "部门": "name",
    "单位名称": "name",
    "部门名称": "name",
    "名称": "name",
    "short_name": "short_name",
    "简称": "short_name",
    "kind": "kind",
    "类型": "kind",
    "类别": "kind",
    "aliases": "aliases",
    "alias": "aliases",
    "别名": "aliases",
    "keywords": "keywords",
    "关键词": "keywords",
    "关键字": "keywords",
}
# A city's keyword table is a few hundred rows; more rows than this is not a keyword table.
MAX_TABLE_ROWS = 10_000
_MAX_CO = 3
# A department is suggested as co-department only if it scores at least this share of the lead.
_CO_SHARE = 0.3


@dataclass(frozen=True, slots=True)
class Department:
    """One row of the table."""

    name: str
    short_name: str
    kind: DepartmentKind
    keywords: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class DepartmentTable:
    """Departments in table order; the first one is the fallback lead."""

    departments: tuple[Department, ...]

    def __post_init__(self) -> None:
        """Build the keyword matcher once per table."""
        keywords = {k for d in self.departments for k in d.keywords}
        pattern = re.compile(_trie_pattern(keywords)) if keywords else None
        owners: dict[str, list[int]] = {}
        for index, department in enumerate(self.departments):
            for keyword in department.keywords:
                owners.setdefault(keyword, []).append(index)
        object.__setattr__(self, "_pattern", pattern)
        object.__setattr__(self, "_owners", owners)

    _pattern: re.Pattern[str] | None = field(default=None, init=False, repr=False, compare=False)
    _owners: dict[str, list[int]] | None = field(
        default=None, init=False, repr=False, compare=False
    )

    def suggest(self, text: str, context: Iterable[str] = ()) -> tuple[DepartmentSuggestion, ...]:
        """Lead and co-departments for a task, best match first.

        Keywords in ``text`` (the task's own words) count double those in the nearest title of
        ``context`` (the enclosing headings), which count more than farther ones; longer
        keywords count more, being more specific.

        Args:
            text: The task's title and text.
            context: Titles of the enclosing tasks, nearest first.

        Returns:
            The lead (role ``lead``) and up to three co-departments (role ``co``), each with
            the keyword that suggested it; empty when no keyword matches.
        """
        if self._pattern is None or self._owners is None:
            return ()
        scores: dict[int, float] = {}
        reasons: dict[int, tuple[float, str]] = {}
        weighted = [(text, 2.0)] + [(c, 1.0 / (i + 1)) for i, c in enumerate(context)]
        for chunk, weight in weighted:
            for m in self._pattern.finditer(_blank_non_terms(chunk)):
                keyword = m.group()
                gain = weight * len(keyword)
                for index in self._owners[keyword]:
                    scores[index] = scores.get(index, 0.0) + gain
                    if gain > reasons.get(index, (0.0, ""))[0]:
                        reasons[index] = (gain, keyword)
        if not scores:
            return ()
        ranked = sorted(scores, key=lambda i: (-scores[i], i))
        lead = ranked[0]
        result = [DepartmentSuggestion(self.departments[lead].name, "lead", reasons[lead][1])]
        for index in ranked[1:]:
            if len(result) > _MAX_CO or scores[index] < _CO_SHARE * scores[lead]:
                break
            result.append(
                DepartmentSuggestion(self.departments[index].name, "co", reasons[index][1])
            )
        return tuple(result)

    def fallback(self) -> DepartmentSuggestion | None:
        """The lead used when nothing matches: the table's first row."""
        if not self.departments:
            return None
        return DepartmentSuggestion(self.departments[0].name, "lead", "默认")


def _blank_non_terms(text: str) -> str:
    # Substring tests first: most task texts hold neither word, and they cost far less.
    if not any(word in text for word in _NON_TERM_WORDS) or not _NOT_A_TERM.search(text):
        return text
    return _NOT_A_TERM.sub(lambda m: "□" * len(m.group()), text)


def _trie_pattern(words: set[str]) -> str:
    """A regex matching the longest of ``words`` at each place, as a prefix tree.

    A flat alternation of a few hundred keywords is tried word by word at every character;
    the tree shares prefixes, so scanning a report stays fast.
    """
    trie: dict[str, dict] = {}
    for word in words:
        node = trie
        for ch in word:
            node = node.setdefault(ch, {})
        node[""] = {}
    return _render(trie)


def _render(node: dict[str, dict]) -> str:
    branches = [re.escape(ch) + _render(child) for ch, child in sorted(node.items()) if ch]
    if not branches:
        return ""
    optional = "" in node
    if len(branches) == 1 and not optional:
        return branches[0]
    # Longer branches first so the longest keyword wins; an end marker makes the group optional.
    group = "(?:" + "|".join(sorted(branches, key=len, reverse=True)) + ")"
    return group + "?" if optional else group


def table_for_report(head: str) -> Path:
    """The shipped table for a report's level, judged from its first lines.

    Args:
        head: The first lines of the report (title, date line, speaker).

    Returns:
        The State Council's table for a national report, the province's for a provincial
        one, else the city's (``DEFAULT_TABLE``).
    """
    if _NATIONAL.search(head):
        return STATE_COUNCIL_TABLE
    if any(_PROVINCIAL.search(line) for line in head.splitlines()):
        return PROVINCE_TABLE
    return DEFAULT_TABLE


def load_department_table(
    path: str | Path | Sequence[str | Path] | None = None,
) -> DepartmentTable:
    """Read one or more department tables; later files override rows of the same name.

    Args:
        path: A CSV file, several of them, or ``None`` for the shipped default table.

    Returns:
        The merged table.

    Raises:
        ExtractionError: A file is missing, not UTF-8, or lacks the ``name``/``keywords`` columns.
    """
    paths: list[Path]
    if path is None:
        paths = [DEFAULT_TABLE]
    elif isinstance(path, str | Path):
        paths = [Path(path)]
    else:
        paths = [Path(p) for p in path]
    merged: dict[str, Department] = {}
    for file in paths:
        for department in _read(file):
            merged[department.name] = department
    return DepartmentTable(tuple(merged.values()))


def parse_department_csv(text: str) -> list[Department]:
    """Departments of a CSV text with the columns name, short_name, kind, aliases, keywords.

    Args:
        text: CSV content.

    Returns:
        The rows with a name, in file order.

    Raises:
        ExtractionError: The header lacks a name or a keywords column.
    """
    reader = csv.reader(io.StringIO(text.lstrip("\ufeff")))
    header = next(reader, [])
    return parse_department_rows(header, reader)


def parse_department_rows(
    header: Sequence[object], rows: Iterable[Sequence[object]]
) -> list[Department]:
    """Departments of a table given as a header and rows (of a CSV file or a worksheet).

    Raises:
        ExtractionError: The header lacks a name or a keywords column, or the table is longer
            than any keyword table.
    """
    columns = {
        _HEADERS[key]: index
        for index, cell in enumerate(header)
        if (key := str(cell or "").strip().lower()) in _HEADERS
    }
    if not {"name", "keywords"} <= set(columns):
        raise ExtractionError("部门表缺少“单位名称”（name）或“关键词”（keywords）列。")
    result = []
    for count, raw in enumerate(rows):
        if count >= MAX_TABLE_ROWS:
            raise ExtractionError(f"部门表超过 {MAX_TABLE_ROWS:,} 行，不像是单位关键词表。")
        row = {
            column: str(raw[index] if index < len(raw) and raw[index] is not None else "").strip()
            for column, index in columns.items()
        }
        name = row.get("name", "")
        if not name or name.startswith("#"):
            continue
        kind_text = row.get("kind", "") or DepartmentKind.MUNICIPAL.value
        try:
            kind = DepartmentKind(kind_text)
        except ValueError:
            kind = DepartmentKind.OTHER
        aliases = [a for a in _KEYWORD_SPLIT.split(row.get("aliases", "")) if a]
        keywords = [k for k in _KEYWORD_SPLIT.split(row.get("keywords", "")) if k]
        if aliases:
            # A text that names the unit itself (由市教育局牵头) points to it.
            keywords += [name, *aliases]
        short_name = row.get("short_name", "") or (aliases[0] if aliases else name)
        result.append(Department(name, short_name, kind, tuple(dict.fromkeys(keywords))))
    return result


def _read(file: Path) -> list[Department]:
    if file.suffix.lower() in (".xlsx", ".xlsm"):
        return _read_workbook(file)
    try:
        text = file.read_text(encoding="utf-8-sig")
    except FileNotFoundError as exc:
        raise ExtractionError(f"找不到部门表：{file}") from exc
    except UnicodeDecodeError as exc:
        raise ExtractionError(f"部门表不是 UTF-8 编码：{file}") from exc
    return parse_department_csv(text)


def _read_workbook(file: Path) -> list[Department]:
    # Imported here: only a workbook table needs openpyxl and the archive guard.
    from openpyxl import load_workbook

    from supervisor.archives import XLSX_LIMITS, read_archive
    from supervisor.errors import InputFileError

    if not file.exists():
        raise ExtractionError(f"找不到部门表：{file}")
    try:
        archive = read_archive(file, XLSX_LIMITS, required=["xl/workbook.xml"])
    except InputFileError as exc:
        raise ExtractionError(str(exc)) from exc
    try:
        workbook = load_workbook(archive.stream(), read_only=True, data_only=True)
    except Exception as exc:
        # openpyxl raises many kinds of errors on damaged files; none is the user's to read.
        raise ExtractionError(f"部门表工作簿已损坏，无法读取：{file.name}") from exc
    try:
        rows = workbook.worksheets[0].iter_rows(values_only=True)
        header = next(rows, ())
        return parse_department_rows(header or (), rows)
    finally:
        workbook.close()
