"""Keyword → department table (user-editable CSV) and lead/co department suggestions.

The table is a UTF-8 CSV (a BOM from Excel is fine) with the columns ``name``, ``short_name``,
``kind`` (市直部门 / 县区 / 园区) and ``keywords`` (separated by 、 or | or ;). The shipped
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
_KEYWORD_SPLIT = re.compile(r"[、|;；,，\s]+")
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
            for m in self._pattern.finditer(chunk):
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
    """Departments of a CSV text with the columns name, short_name, kind, keywords.

    Args:
        text: CSV content.

    Returns:
        The rows with a name, in file order.

    Raises:
        ExtractionError: The header lacks ``name`` or ``keywords``.
    """
    reader = csv.DictReader(io.StringIO(text.lstrip("\ufeff")))
    fields = {f.strip() for f in reader.fieldnames or []}
    if not {"name", "keywords"} <= fields:
        raise ExtractionError("部门表缺少 name 或 keywords 列。")
    rows = []
    for raw in reader:
        row = {(k or "").strip(): (v or "").strip() for k, v in raw.items() if k}
        name = row.get("name", "")
        if not name or name.startswith("#"):
            continue
        kind_text = row.get("kind", "") or DepartmentKind.MUNICIPAL.value
        try:
            kind = DepartmentKind(kind_text)
        except ValueError:
            kind = DepartmentKind.OTHER
        keywords = tuple(k for k in _KEYWORD_SPLIT.split(row.get("keywords", "")) if k)
        rows.append(Department(name, row.get("short_name", "") or name, kind, keywords))
    return rows


def _read(file: Path) -> list[Department]:
    try:
        text = file.read_text(encoding="utf-8-sig")
    except FileNotFoundError as exc:
        raise ExtractionError(f"找不到部门表：{file}") from exc
    except UnicodeDecodeError as exc:
        raise ExtractionError(f"部门表不是 UTF-8 编码：{file}") from exc
    return parse_department_csv(text)
