"""Quantitative targets (指标) in one sentence of a plan: name, value, unit and comparator.

``quantities`` finds the numbers that can be targets and ``naming`` names them; this module
pairs them up: ``分别`` and ``均`` lists pair every name with its value, 从X提高到Y gives target Y
with baseline X, a change stated after a target (，比上年增加200亿元) gives that target its
baseline, and 与上年持平 is a target of 0 %.
"""

from __future__ import annotations

import re
from dataclasses import replace
from itertools import pairwise
from typing import NamedTuple

from supervisor.domain import Comparator
from supervisor.extract.model import ExtractedIndicator
from supervisor.extract.naming import (
    LEADING_VERBS,
    clean_prefix,
    name_for,
    object_named_earlier,
    object_of_clause,
    split_names,
    urban_rural,
    work_named_earlier,
)
from supervisor.extract.numbers import normalize
from supervisor.extract.quantities import SHARE_UNITS, Quantity, find_quantities
from supervisor.extract.segment import BREAKDOWN_START, clauses, quoted_spans
from supervisor.extract.vocabulary import MAGNITUDES

_ONLY_BUILDING = re.compile(
    r"(?:新|改|扩|续)?[（(]?(?:新|改|扩|续)?[）)]?(?:建|建设|改造|修建|铺设|建成)"
)
# 办好“十件民生实事”: the year's list of deeds in quotes keeps its count (a quoted name does not).
_QUOTED_DEEDS = re.compile(r"[\u4e00-\u9fff]{0,4}实事[”\"」]")
# 新一轮农村公路提升行动 → 农村公路: the programme's words around the thing it builds.
_PROGRAMME_WORDS = re.compile(
    r"^(?:新?一轮|新一批)|(?:提升|提质|改造|建设|攻坚|专项)*(?:行动|工程|计划)$"
)
_ALL_KEYWORD = re.compile(
    r"各(?=\d|[两二三四五六七八九十])|均(?=增长|下降|提高|提升|达到|保持|稳定|控制|在|为|不低于|不少于|超过|突破|实现)"
)
_FLAT_RE = re.compile(
    r"(?P<name>[^，；。]{1,40}?)(?:与上年|与去年|同比|比上年)?(?P<basic>基本)?(?:保持)?持平"
)
_FLAT_WORD = re.compile(r"(?<!支)持平")
_NOUN_NEXT = re.compile(r"[\u4e00-\u9fff]")
_BARE_RATE = frozenset({"增速", "增幅", "增长", "增长率", "年均增速", "年均增长"})
_PAST_CLAUSE = re.compile(r"^(?:去年|上年|过去一年|过去五年|回顾)")


# 从X提高到Y / 由X增加到Y: X is the baseline (基数), Y the target.
_FROM = re.compile(r"(?:从|由)(?=[^，；。\d]{0,8}\d)")
_TO = re.compile(
    r"(?:提高|增加|提升|增长|上升|扩大|增至|降低|下降|减少|压减|压缩|缩短|缩减|调整|调高|上调)"
    r"(?:到|至)|(?<=\S)(?:到|至)"
)


_DELTA = re.compile(
    r"(?:安排)?[，,、]?\s*(?:比|较)(?:上年|去年|上年度)(?:年初预算|预算|同期)?"
    r"(?:(?P<up>增加|增长|多|提高|扩大|高)|(?P<down>减少|下降|降低|压减|低))(?:约|近)?"
)
# 转移支付增加约1.5万亿元、规模近9.8万亿元: the change first, then the total it reaches.
_CHANGE_BEFORE = re.compile(r"(?:增加|增长|扩大|提高|减少|下降|压减)(?:约|近)?$")
_TOTAL_WORD = re.compile(r"[、，,]?\s*(?:总)?(?:规模|总量|总额|总计)(?:达到|达|为)?(?:约|近)?")
# 经济增长预期目标为5%左右: the explanation restates a target the plan has already set.
_RESTATED_TARGET = re.compile(
    r"预期目标(?:设定|确定)?(?:(?:比|较)(?:上年|去年)(?:多|少|高|低|增加|减少)?)?$"
)  # 城镇新增就业预期目标比去年多100万人: the change of a target already set
# 今年合计新增政府债务总规模11.86万亿元: a sum of the amounts just stated, not a new target.
_SUM_WORD = re.compile(r"\s*(?:今年|全年)?(?:合计|总计|共计)")
_SAME_SENTENCE = frozenset("，,、")


class _Clause(NamedTuple):
    """One clause of the text with its quantities and the targets of the clause before."""

    norm: str
    start: int
    end: int
    quantities: list[Quantity]
    text: str
    previous: list[ExtractedIndicator]


def extract_indicators(text: str) -> list[ExtractedIndicator]:
    """Every quantitative target in ``text`` (a sentence or a paragraph of the plan).

    Args:
        text: Plan text; full-width digits are fine.

    Returns:
        Indicators in the order they appear.
    """
    norm = normalize(text)
    quoted = quoted_spans(norm)
    result: list[ExtractedIndicator] = []
    previous: list[ExtractedIndicator] = []
    invested: int | None = None
    spans = clauses(norm)
    skip_to = -1
    for index, (start, end) in enumerate(spans):
        if start < skip_to:
            continue  # part of a breakdown already recognised
        clause_text = text[start:end].strip()
        if invested is not None:
            # 投资6.6亿元，实施两河圣山景区基础设施建设: the next clause names the investment.
            thing = object_of_clause(norm[start:end])
            if thing:
                result[invested] = replace(result[invested], name=thing)
            invested = None
        if _PAST_CLAUSE.match(norm[start:end].strip()):
            continue
        quantities = [
            q
            for q in find_quantities(norm, start, end)
            if not _inside(q.start, quoted) or _QUOTED_DEEDS.match(norm, q.end)
        ]
        if quantities and previous and result and _fold_delta(norm, start, quantities[0], result):
            # ，比上年增加200亿元: the change gave the clause before its baseline.
            previous = [*previous[:-1], result[-1]]
            quantities = quantities[1:]
            if not quantities:
                continue
        if quantities and result and _is_breakdown(norm, start, quantities, result[-1]):
            continue  # ，其中水库7座、水池993个: the parts of the 1000 just stated
        if result and BREAKDOWN_START.match(norm, start):
            parts_end = next(
                (e for t in result[-1:-4:-1] if (e := _breakdown_end(norm, spans, index, t))),
                None,
            )
            if parts_end is not None:
                # 财政赤字2.76万亿元，其中中央财政赤字1.83万亿元，地方财政赤字9300亿元
                skip_to = parts_end
                continue
        if quantities and _SUM_WORD.match(norm, start) and _restates_sum(quantities[0], result):
            continue  # 合计新增政府债务总规模11.86万亿元: the sum of the debts above
        quantities, added = _fold_cumulative(norm, quantities)
        if not quantities:
            flat = _flat_indicator(norm, start, end, clause_text)
            previous = [flat] if flat is not None else []
            result.extend(previous)
            continue
        clause = _Clause(norm, start, end, quantities, clause_text, previous)
        found = _from_to_indicators(clause)
        if found is None:
            found = _list_indicators(clause)
        if found is None:
            found = _single_indicators(clause)
        if added is not None and len(found) == 1:
            # 新增1000处信号灯联网、累计达8000处: the total is the target, the new ones its change.
            found = [replace(found[0], baseline=found[0].value - added)]
        result.extend(found)
        previous = found
        if (
            len(found) == 1
            and found[0].name == "投资"
            and norm[start:end].strip().startswith("投资")
        ):
            invested = len(result) - 1
    return result


def _is_breakdown(
    norm: str, start: int, quantities: list[Quantity], total: ExtractedIndicator
) -> bool:
    """A 其中 clause whose counts add up to the target just before it is that target's
    breakdown, not targets of its own."""
    if not BREAKDOWN_START.match(norm, start) or not all(q.is_count for q in quantities):
        return False
    return len(quantities) > 1 and abs(sum(q.value for q in quantities) - total.value) < 1e-9


def _breakdown_end(
    norm: str, spans: list[tuple[int, int]], index: int, total: ExtractedIndicator
) -> int | None:
    """Where a 其中 breakdown of amounts ends, when its parts, running on over the clauses of
    the sentence, add up to the amount just stated."""
    parts = 0.0
    count = 0
    for start, end in spans[index:]:
        for quantity in find_quantities(norm, start, end):
            share = _in_unit(quantity.value, quantity.unit, total.unit)
            if share is None:
                return None
            parts += share
            count += 1
        if count >= 2 and abs(parts - total.value) <= 1e-6 * max(1.0, total.value):
            return end
        if parts > total.value or norm[end : end + 1] not in _SAME_SENTENCE:
            return None
    return None


def _restates_sum(quantity: Quantity, earlier: list[ExtractedIndicator]) -> bool:
    """Whether ``quantity`` is the sum of two or more of the amounts stated before it."""
    amounts = [
        v
        for v in (_in_unit(e.value, e.unit, quantity.unit) for e in earlier[-12:])
        if v is not None
    ]
    sums = {0.0: 0}  # reachable sum → most parts; amounts are few, so the set stays small
    for amount in amounts:
        for reached, parts in list(sums.items()):
            key = round(reached + amount, 6)
            if key not in sums or sums[key] < parts + 1:
                sums[key] = parts + 1
    parts = sums.get(round(quantity.value, 6))
    return parts is not None and parts >= 2


_CUMULATIVE = re.compile(r"[^，,；;。]{0,20}[、，,]\s*累计(?:达到|达|为|超过)?$")


def _fold_cumulative(norm: str, quantities: list[Quantity]) -> tuple[list[Quantity], float | None]:
    """新增N个X、累计达M个: one target, the total M; N (returned) is how much it grows."""
    if len(quantities) != 2:
        return quantities, None
    new, total = quantities
    between = norm[new.end : total.start]
    if new.unit != total.unit or total.value <= new.value or not _CUMULATIVE.fullmatch(between):
        return quantities, None
    merged = replace(new, value=total.value, comparator=total.comparator)
    return [merged], new.value


def _fold_delta(
    norm: str, start: int, quantity: Quantity, result: list[ExtractedIndicator]
) -> bool:
    """Give the last target its baseline when this clause only says how much it changed."""
    lead = len(norm[start : quantity.start]) - len(norm[start : quantity.start].lstrip())
    delta = _DELTA.fullmatch(norm, start + lead, quantity.start)
    target = result[-1]
    change = _change_in_unit(quantity, target.unit)
    if (
        delta is None
        or target.baseline is not None
        or change is None
        or quantity.comparator != Comparator.EQ
    ):
        return False
    sign = -1 if delta.group("down") else 1
    result[-1] = replace(target, baseline=target.value - sign * change)
    return True


def _change_in_unit(quantity: Quantity, target_unit: str) -> float | None:
    """A change in ``target_unit``: amounts convert (1000亿元 → 0.1万亿元) and a rate in per
    cent changes by percentage points (4%左右、比上年提高1个百分点)."""
    if target_unit == "%" and quantity.unit in ("个百分点", "百分点"):
        return quantity.value
    return _in_unit(quantity.value, quantity.unit, target_unit)


def _in_unit(value: float, unit: str, target_unit: str) -> float | None:
    """``value`` in ``unit`` expressed in ``target_unit`` (1000亿元 → 0.1万亿元), if alike."""

    def split(u: str) -> tuple[float, str]:
        for prefix, factor in MAGNITUDES.items():
            if u.startswith(prefix) and len(u) > len(prefix):
                return factor, u[len(prefix) :]
        return 1.0, u

    factor, base = split(unit)
    target_factor, target_base = split(target_unit)
    if base != target_base or base in SHARE_UNITS:
        return None
    return value * factor / target_factor


def _inside(pos: int, spans: list[tuple[int, int]]) -> bool:
    return any(a <= pos < b for a, b in spans)


def _single_indicators(clause: _Clause) -> list[ExtractedIndicator]:
    norm, start, end, quantities, clause_text, previous = clause
    result: list[ExtractedIndicator] = []
    seg_start = start
    last: Quantity | None = None
    listed: list[tuple[int, Quantity]] = []
    for quantity in quantities:
        delta = _DELTA.fullmatch(norm, seg_start, quantity.start) if last is not None else None
        change = _change_in_unit(quantity, last.unit) if last is not None else None
        if delta is not None and last is not None and result and change is not None:
            # 安排7000亿元，比上年增加200亿元: the target stays 7000, last year's 6800 is its
            # baseline (a rate's change, 增长8%, is a target of its own).
            sign = -1 if delta.group("down") else 1
            result[-1] = replace(result[-1], baseline=last.value - sign * change)
            seg_start = quantity.end
            continue
        total = _TOTAL_WORD.fullmatch(norm, seg_start, quantity.start) if last else None
        if total is not None and last is not None and result and change is not None:
            grown = _CHANGE_BEFORE.search(norm, start, last.start) is not None
            if grown and (reached := _in_unit(last.value, last.unit, quantity.unit)) is not None:
                # 增加约1.5万亿元、规模近9.8万亿元: the total is the target, the change its base.
                changed = result.pop()
                result.append(
                    _indicator(
                        changed.name, quantity, clause_text, baseline=quantity.value - reached
                    )
                )
                last = quantity
                seg_start = quantity.end
                continue
        # (新建污水管网50公里20座泵站: a noun after the second names it, as usual.)
        adjacent = (
            bool(result)
            and seg_start == quantity.start
            and last is not None
            and not _NOUN_NEXT.match(norm, quantity.end, end)
        )
        last = quantity
        if adjacent:
            # 完成食品抽检2000批次3万项: a second measure written right after the first is of
            # the same thing.
            result.append(_indicator(result[-1].name, quantity, clause_text))
            listed.append((len(result) - 1, quantity))
            seg_start = quantity.end
            continue
        name = name_for(norm, seg_start, quantity, end) or clean_prefix(
            norm[start : quantity.start]
        )
        if not name:
            name = work_named_earlier(norm, quantity.end, end)
        if name and not result and not previous and _ONLY_BUILDING.fullmatch(name):
            # 实施农村公路提升行动，新（改）建6000公里: the verb alone; its object came before.
            name = _PROGRAMME_WORDS.sub("", _object_before(norm, start)) or name
        if not name and not result and not previous:
            # 下调城镇职工基本养老保险单位缴费比例，各地可降至16%: the clause before names it.
            name = _object_before(norm, start)
        if not name:
            # 比上年提高0.52亿元: the subject is the one of the clause before.
            earlier = result or previous
            name = earlier[-1].name if earlier else clause_text
        name = object_named_earlier(norm, quantity.start, name) or name
        if name in _BARE_RATE and result:
            name = result[-1].name + name  # 研发经费投入超105亿元、增速超10%: the same thing's rate
        if _RESTATED_TARGET.search(name):
            seg_start = quantity.end
            continue
        result.append(_indicator(name, quantity, clause_text))
        listed.append((len(result) - 1, quantity))
        seg_start = quantity.end
    return _approximate_list(norm, listed, result)


def _approximate_list(
    norm: str, listed: list[tuple[int, Quantity]], result: list[ExtractedIndicator]
) -> list[ExtractedIndicator]:
    """新培育A 10个、B 30个左右: 左右 after a 、 list's last value applies to every value of
    the list (以上 and 以下 stay the last value's own)."""
    if len(listed) < 2 or not norm.startswith("左右", listed[-1][1].end - 2):
        return result
    for (index, quantity), (_, later) in zip(listed[-2::-1], listed[:0:-1], strict=True):
        if (
            "、" not in norm[quantity.end : later.start]
            or quantity.comparator != Comparator.EQ
            or (  # 8400亿元、增长7%左右: an amount and a rate are two measures
                quantity.unit != later.unit and _in_unit(1.0, quantity.unit, later.unit) is None
            )
        ):
            break
        result[index] = replace(result[index], comparator=Comparator.APPROX)
    return result


_SENTENCE_END = re.compile(r"[。；;！？!?]")


def _object_before(norm: str, start: int) -> str:
    """The object of the number-free clause just before ``start`` in its sentence, if any."""
    head = norm[max(0, start - 60) : start].rstrip("，, ")
    bounds = [m.end() for m in _SENTENCE_END.finditer(head)]
    previous = head[bounds[-1] if bounds else 0 :]
    previous = previous[previous.rfind("，") + 1 :].strip()
    if not previous or any(c.isdigit() for c in previous):
        return ""
    return object_of_clause(previous)


def _indicator(
    name: str,
    quantity: Quantity,
    clause_text: str,
    *,
    unit: str | None = None,
    comparator: Comparator | None = None,
    baseline: float | None = None,
) -> ExtractedIndicator:
    """The target a quantity states; a list's shared unit or comparator may replace its own."""
    return ExtractedIndicator(
        name=name,
        value=quantity.value,
        value_max=quantity.value_max,
        unit=quantity.unit if unit is None else unit,
        comparator=quantity.comparator if comparator is None else comparator,
        text=clause_text,
        baseline=baseline,
    )


def _from_to_indicators(clause: _Clause) -> list[ExtractedIndicator] | None:
    """从X提高到Y (also 分别从X、Y提高到X′、Y′): targets Y with X as their baselines."""
    norm, start, end, quantities, clause_text, previous = clause
    from_match = _FROM.search(norm, start, end)
    if from_match is None:
        return None
    bases = [q for q in quantities if q.start > from_match.start()]
    if not bases or any(q.start < from_match.start() for q in quantities):
        return None
    to_match = None
    index = 0  # quantities are in order: one pass finds the first 到 outside them all
    for candidate in _TO.finditer(norm, bases[0].end, end):
        while index < len(quantities) and quantities[index].end <= candidate.start():
            index += 1
        if index == len(quantities) or quantities[index].start > candidate.start():
            to_match = candidate
            break
    if to_match is None:
        return None
    bases = [q for q in quantities if q.end <= to_match.start()]
    targets = [q for q in quantities if q.start >= to_match.end()]
    if len(bases) != len(targets) or len(bases) + len(targets) != len(quantities):
        return None
    names_part = clean_prefix(norm[start : from_match.start()].removesuffix("分别"))
    names_part = clean_prefix(names_part.removesuffix("分别"))
    if len(targets) == 1:
        # 由85%提高到90% with no subject here or before: the clause itself, as for one number.
        names = [names_part or (previous[-1].name if previous else clause_text)]
    else:
        names = split_names(names_part, len(targets))
        if len(names) != len(targets):
            names = [names_part] * len(targets) if names_part else []
    if len(names) != len(targets):
        return None
    return [
        _indicator(name, target, clause_text, baseline=base.value)
        for name, base, target in zip(names, bases, targets, strict=True)
    ]


def _list_indicators(clause: _Clause) -> list[ExtractedIndicator] | None:
    norm, start, end, quantities, clause_text, previous = clause
    words = norm[start:end]
    respectively = words.find("分别")
    all_match = _ALL_KEYWORD.search(words)
    if respectively < 0 and all_match is None:
        return _paired_lists(clause)
    if respectively >= 0:
        keyword_at = start + respectively
    elif all_match is not None:
        keyword_at = start + all_match.start()
    else:
        return None
    values = [q for q in quantities if q.start > keyword_at]
    if not values or any(q.start < keyword_at for q in quantities):
        return None
    names_part = clean_prefix(norm[start:keyword_at])
    # The verb of a list applies to every name: 新建小学、初中各3所 → 小学, 初中.
    names_part = LEADING_VERBS.sub("", names_part) or names_part
    if respectively >= 0 and len(values) == 1 and names_part.startswith("城乡"):
        # 城乡居民人均可支配收入分别增长7.5%: one rate for the urban and the rural figure.
        pairs = [(n, values[0]) for n in urban_rural(names_part[2:])]
    elif respectively >= 0 and len(values) == 1:
        # 二氧化硫、氮氧化物排放量要分别下降3%: one rate for every name of the list.
        names = [n for n in split_names(names_part, 0) if n]
        if len(names) < 2:
            return None
        pairs = [(n, values[0]) for n in split_names(names_part, len(names))]
    elif respectively >= 0:
        names = split_names(names_part, len(values))
        if not names and len(previous) == len(values):
            # 接待游客1200万人次、旅游总收入130亿元，分别增长20%、25%: names in the clause before.
            names = [p.name for p in previous]
        if len(names) != len(values):
            return None
        pairs = list(zip(names, values, strict=True))
    else:
        if len(values) != 1:
            return None
        names = [n for n in split_names(names_part, 0) if n]
        if len(names) == 1 and len(joined := split_names(names_part, 2)) == 2:
            names = joined  # 货币供应量和社会融资规模均增长12%: the 均 names two with 和
        if len(names) >= 2:
            # 粮食、蔬菜产量均稳定在……: the measure after the last name belongs to each.
            names = split_names(names_part, len(names))
        if len(names) == 1 and names[0].startswith("城乡"):
            names = urban_rural(names[0][2:])
        if not names:
            return None
        pairs = [(n, values[0]) for n in names]
    longest_unit = max((q.unit for q in values), key=len)
    shared = (
        values[-1].comparator if values[-1].comparator != Comparator.EQ else values[0].comparator
    )
    result = []
    for name, quantity in pairs:
        unit = longest_unit if longest_unit.startswith(quantity.unit) else quantity.unit
        comparator = quantity.comparator
        if comparator == Comparator.EQ and shared != Comparator.RANGE:
            comparator = shared
        result.append(_indicator(name, quantity, clause_text, unit=unit, comparator=comparator))
    return result


def _paired_lists(clause: _Clause) -> list[ExtractedIndicator] | None:
    """改造老旧供热、燃气、排水管网800公里、600公里、300公里: a 、 list of names followed at once
    by a 、 list of as many values pairs them in order, as 分别 would."""
    norm, start, _end, quantities, clause_text, _previous = clause
    if len(quantities) < 2 or any(norm[a.end : b.start] != "、" for a, b in pairwise(quantities)):
        return None
    names = split_names(LEADING_VERBS.sub("", clean_prefix(norm[start : quantities[0].start])), 0)
    if len(names) != len(quantities):
        return None
    names = split_names("、".join(names), len(names))
    return [_indicator(n, q, clause_text) for n, q in zip(names, quantities, strict=True)]


def _flat_indicator(norm: str, start: int, end: int, clause_text: str) -> ExtractedIndicator | None:
    if not _FLAT_WORD.search(norm, start, end):
        return None  # 支持平台 holds 持平 but says nothing about a level
    m = _FLAT_RE.search(norm, start, end)
    if m is None:
        return None
    name = clean_prefix(m.group("name"))
    if not name:
        return None
    return ExtractedIndicator(
        name=name,
        value=0.0,
        value_max=None,
        unit="%",
        comparator=Comparator.APPROX if m.group("basic") else Comparator.EQ,
        text=clause_text,
    )
