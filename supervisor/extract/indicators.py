"""Quantitative targets (指标) in one sentence of a plan: name, value, unit and comparator.

A target is a number directly followed by a unit (个, 万人, 亿元, %, 个百分点 …). Numbers without
a unit (years, dates, hotline numbers, 1+16, PM2.5), ordinals (第七届), numbers inside quoted
names (“四个一”) and Chinese numerals that do not follow an action verb (三大战略, 三个开发区…)
are not targets. Names come from the clause: the subject before the verb (``工业技改投资增长15%``)
or, for counts, the noun after the unit (``实施40个两化融合项目``). ``分别`` and ``均`` lists pair
every name with its value. 从X提高到Y gives target Y with baseline X.

One module (≈650 lines; the word lists live in ``vocabulary``): the quantity finder, the name
rules and the list and baseline rules share the private quantity record and name helpers, which
a split would have to export.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

from supervisor.domain import Comparator
from supervisor.extract.model import ExtractedIndicator
from supervisor.extract.numbers import (
    ARABIC_NUMBER,
    CHINESE_NUMERAL_CHARS,
    normalize,
    parse_number,
    split_magnitude,
)
from supervisor.extract.segment import clauses, quoted_spans
from supervisor.extract.vocabulary import ADVERBS as _ADVERBS
from supervisor.extract.vocabulary import COUNT_UNITS as _COUNT_UNITS
from supervisor.extract.vocabulary import MEASURE_UNITS as _MEASURE_UNITS
from supervisor.extract.vocabulary import VERBS as _VERBS

_UNITS = sorted(_COUNT_UNITS + _MEASURE_UNITS, key=len, reverse=True)
_UNIT = "|".join(re.escape(u) for u in _UNITS)
_MAGNITUDE = "百万|千万|万亿|万|亿|千|百"
_CHINESE = f"[零〇一二两三四五六七八九十][{CHINESE_NUMERAL_CHARS}]{{0,9}}"
_NUMBER = f"{ARABIC_NUMBER}|{_CHINESE}"
_RANGE_SEP = "——|—|－|-|~|～|至|到"
# 内 alone is 以内 only when it does not start a word (内容, 内涵, 内部 …).
_POST = "以上|以下|以内|之内|左右|内(?![容涵部外地需河陆生在控循蒙资])|多"
# A rate's per-unit as written: 5万吨/日, 12立方米/秒.
_PER = "日|天|秒|小时|时|月|年|人|户|辆"
# The look-behinds stop a match inside a longer number, a code (PM2.5, G207, 5G, 1+16) or a
# Chinese numeral; every repetition is bounded, so no input can make the search quadratic.
_QUANTITY_RE = re.compile(
    r"(?<![\dA-Za-z.+/#_&\-×*])(?<![" + CHINESE_NUMERAL_CHARS + r"])"
    rf"(?P<n1>{_NUMBER})"
    rf"(?:(?P<u1>(?:{_MAGNITUDE})?(?:{_UNIT}))?\s?(?P<sep>{_RANGE_SEP})\s?(?P<n2>{_NUMBER}))?"
    rf"(?P<more1>多)?(?P<mag>{_MAGNITUDE})?(?P<more2>多)?(?P<unit>{_UNIT})"
    rf"(?P<per>/(?:{_PER}))?(?P<post>{_POST})?"
)

# A bare 超 before a number (岗位超3000个) is 超过; 守住……红线 is a floor.
_GE_BEFORE = re.compile(
    r"(?:不低于|不少于|至少|(?<!不)超过|(?<![不赶])超|突破|多于|高于|大于|逾|守住|守牢|坚守)$"
)
# 不低于当地标准的1.5倍: the floor is stated before the standard it multiplies.
_GE_STANDARD = re.compile(r"(?:不低于|不少于|达到)[^，；。\d]{1,16}的$")
_LE_BEFORE = re.compile(r"(?:不超过|不高于|不多于|低于|少于|控制在|控制到)$")
_APPROX_BEFORE = re.compile(r"(?:大约|约|(?<![最接临将])近)$")
_POST_COMPARATOR = {
    "以上": Comparator.GE,
    "多": Comparator.GE,
    "以下": Comparator.LE,
    "以内": Comparator.LE,
    "之内": Comparator.LE,
    "内": Comparator.LE,
    "左右": Comparator.APPROX,
}

_VERB_RE = "|".join(sorted(_VERBS, key=len, reverse=True))
_ADVERB_RE = "|".join(sorted(_ADVERBS, key=len, reverse=True))
_VERB_ANYWHERE = re.compile(_VERB_RE)
_LEADING_VERBS = re.compile(f"^(?:{_ADVERB_RE}|{_VERB_RE})+")
_VERBAL_ONLY = re.compile(f"(?:{_ADVERB_RE}|{_VERB_RE}|[，、和及与并])*")

_LEAD_FILLER = re.compile(
    r"^(?:[、，,和及与并且\s—\-·•]|以及|其中|同时|力争|确保|努力|力促|全年|今年|年内|当年"
    r"|全市|全县|全区|全省|预计|要|将|使|让|实现|进一步|届时)+"
)
_TRAIL_VERB = re.compile(
    r"(?:(?<![最接临将])近|(?<![不赶])超|守住|守牢|坚守|同比|比上年|比去年|较上年|较去年|比\d{4}年|较\d{4}年|比上年度|分别|均|增长|下降|提高到|提高至"
    r"|提升到|提升至|提高|提升|达到|达|控制在|控制|保持在|稳定在|保持|降低到|降低至|降低|降到|降至"
    r"|减少到|减少|增加到|增加|增至|增长到|突破|超过|不低于|不少于|不超过|不高于|低于|高于|至少|大约|约"
    r"|拟安排|安排|拟|完成|目标任务|任务|实际|名义|按照|按|为|在|到|累计|由|从|占比为|共计|共|计|要|将|稳定|逾|力争|确保|实现|压减至|压减|压缩至|压缩|再)+$"
)
_TRAIL_CONTEXT = re.compile(
    r"(?:比|较)(?:上年|去年|上年度|同期|\d{4}年)(?:同期)?$|(?:不低于|不少于|达到)[^，；。\d]{1,16}的$"
)
# 为高校毕业生提供见习岗位: the beneficiary is not the thing counted.
# 全面完成2023年度造林任务: the year says which year's quota, the name is what is done.
_YEAR_LEAD = re.compile(r"^(?:全面|确保|力争)?完成(?:\d{4}|今|本)年度?(?=[\u4e00-\u9fff]{2})")
_BENEFICIARY = re.compile(r"^为[^，；。]{1,16}?(?:提供|新增|开发|筹集|募集)")
_POSTFIX_STOP = re.compile(r"全部|全面|实现|达到|投入使用|开工|竣工|建成|完成|脱贫|等|，|、")
_POSTFIX_TAIL = re.compile(r"(?:建设|改造|提升|工作|任务|红线|底线)+$")
# Counted things that are too generic to be supervised as a number (抓好三项工作).
_GENERIC_NOUN = re.compile(
    r"(?:工作|任务|方面|领域|环节|战略|关键|原则|意识|自信|维护|要求|问题|目标|攻坚战|底线"
    r"|生命线|理念|着力|坚持|推动|必须|统筹|结合|一)"
)
# An amount that classifies a noun (亿元以上项目, 2个50亿元企业) rather than targets it.
_CLASSIFIER_AFTER = re.compile(
    r"(?:以上|以下)?的?(?:重点)?(?:项目|企业|工业企业|级|规模|产业|集团)"
)
# Numbers inside fixed political phrases (八项规定, 两个维护, 两个市场两种资源) name a
# doctrine, not a quantity; only Chinese numerals are written this way.
_FIXED_PHRASE_AFTER = re.compile(r"规定|维护|确立|务必|毫不动摇|自信|意识|市场|资源|基本点")
# A size class of vehicles or machines (7座以下小汽车, 10吨以上货车) names the class.
_CLASS_AFTER = re.compile(
    r"的?(?:[小大中重轻微]型?)?(?:汽车|客车|货车|车辆|轿车|乘用车|车|机组|锅炉)"
)
# A forecast (预计今年……超过2万人) states what will happen, not what the government commits to.
_FORECAST = re.compile(r"预计|预测|预期将")
_FRACTION_RE = re.compile(
    r"(?<![\d/.])(?P<num>\d{1,3})/(?P<den>\d{1,3})(?![\d/])(?P<post>以上|以下|左右)?"
    r"|(?P<cden>[一二三四五六七八九十]{1,3})分之(?P<cnum>[一二三四五六七八九十]{1,3})(?P<cpost>以上|以下|左右)?"
)
_CAPACITY_BEFORE = re.compile(r"(?:年产|日产|年处理|日处理|年产能|设计产能|年吞吐)$")
_COUNTED_YEAR = re.compile(r"年度(?![内以的，。；、])[\u4e00-\u9fff]")
_BRACKETED = re.compile(r"^[（(][^）)]{0,10}[）)]")
_MEETING = re.compile(r"全会|会议|代表大会")
_TIME_UNITS = ("小时", "分钟", "天")
_ATTRIBUTE_AFTER = re.compile(r"(?!以内|之内|内|以上|左右|的)[\u4e00-\u9fff]")
_AGE_VERB = re.compile(r"(?:达到|提高到|提高至|提升到|提升至|达)$")
_LIST_SPLIT = re.compile(r"、")
_AND_SPLIT = re.compile(r"和|及|与|以及")
_ALL_KEYWORD = re.compile(
    r"各(?=\d|[两二三四五六七八九十])|均(?=增长|下降|提高|提升|达到|保持|控制|在|为|不低于|不少于|超过|突破|实现)"
)
_FLAT_RE = re.compile(
    r"(?P<name>[^，；。]{1,40}?)(?:与上年|与去年|同比|比上年)?(?P<basic>基本)?(?:保持)?持平"
)
_FLAT_WORD = re.compile(r"(?<!支)持平")
_METRIC_HEAD = re.compile(
    r"居民|人均|营业收入|主营业务收入|收入|产量|产值|增加值|总产值|投资|种植面积|面积|浓度|比例|比重"
    r"|覆盖率|普及率|达标率|入学率|发生率|率|人数|总量|总额|规模|数量|断面|水质|标准|价格"
)
_QUALIFIER = re.compile(r"城市|城镇|农村|城区|乡村|市区|县城|中心城区|城乡|男性|女性|企业|机关")
_ASCII_HEAD = re.compile(r"^[A-Za-z0-9.]+")
_PAST_CLAUSE = re.compile(r"^(?:去年|上年|过去一年|过去五年|回顾)")


# 从X提高到Y / 由X增加到Y: X is the baseline (基数), Y the target.
_FROM = re.compile(r"(?:从|由)(?=[^，；。\d]{0,8}\d)")
_TO = re.compile(
    r"(?:提高|增加|提升|增长|上升|扩大|增至|降低|下降|减少|压减|压缩|缩短|缩减|调整|调高|上调)"
    r"(?:到|至)|(?<=\S)(?:到|至)"
)


_DELTA = re.compile(
    r"[，,]?\s*(?:比|较)(?:上年|去年|上年度)(?:同期)?(?:(?P<up>增加|增长|多|提高|扩大)"
    r"|(?P<down>减少|下降|降低|压减))"
)
_SHARE_UNITS = frozenset({"%", "‰", "个百分点", "百分点", "倍"})


@dataclass(frozen=True, slots=True)
class _Quantity:
    """A number with its unit found in a clause (offsets in the whole sentence)."""

    start: int
    end: int
    value: float
    value_max: float | None
    unit: str
    comparator: Comparator
    is_count: bool


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
    for start, end in clauses(norm):
        clause_text = text[start:end].strip()
        if _PAST_CLAUSE.match(norm[start:end].strip()):
            continue
        quantities = [q for q in _quantities(norm, start, end) if not _inside(q.start, quoted)]
        if quantities and previous and result and _fold_delta(norm, start, quantities[0], result):
            # ，比上年增加200亿元: the change gave the clause before its baseline.
            previous = [*previous[:-1], result[-1]]
            quantities = quantities[1:]
            if not quantities:
                continue
        if not quantities:
            flat = _flat_indicator(norm, start, end, clause_text)
            previous = [flat] if flat is not None else []
            result.extend(previous)
            continue
        listed = _from_to_indicators(norm, start, end, quantities, clause_text, previous)
        if listed is None:
            listed = _list_indicators(norm, start, end, quantities, clause_text, previous)
        found = (
            listed
            if listed is not None
            else _single_indicators(norm, start, end, quantities, clause_text, previous)
        )
        result.extend(found)
        previous = found
    return result


def _fold_delta(
    norm: str, start: int, quantity: _Quantity, result: list[ExtractedIndicator]
) -> bool:
    """Give the last target its baseline when this clause only says how much it changed."""
    lead = len(norm[start : quantity.start]) - len(norm[start : quantity.start].lstrip())
    delta = _DELTA.fullmatch(norm, start + lead, quantity.start)
    target = result[-1]
    if (
        delta is None
        or target.baseline is not None
        or quantity.unit != target.unit
        or quantity.unit in _SHARE_UNITS
        or quantity.comparator != Comparator.EQ
    ):
        return False
    sign = -1 if delta.group("down") else 1
    result[-1] = replace(target, baseline=target.value - sign * quantity.value)
    return True


def _inside(pos: int, spans: list[tuple[int, int]]) -> bool:
    return any(a <= pos < b for a, b in spans)


def _quantities(norm: str, start: int, end: int) -> list[_Quantity]:
    found: list[_Quantity] = []
    # Searched once per clause: a forecast (预计……) covers every number after it.
    forecast = _FORECAST.search(norm, start, end)
    if forecast is not None:
        end = forecast.start()
    for m in _QUANTITY_RE.finditer(norm, start, end):
        quantity = _quantity(norm, start, end, m)
        if quantity is not None:
            found.append(quantity)
    if "/" in norm[start:end] or "分之" in norm[start:end]:
        found = sorted(found + _fractions(norm, start, end), key=lambda q: q.start)
    # "收入10万元以上的村占比达到85%": an amount qualifying a noun that another number in the
    # same clause measures is a classifier; "100%的行政村" alone is the target itself.
    return [
        q for i, q in enumerate(found) if not (norm.startswith("的", q.end) and i + 1 < len(found))
    ]


def _quantity(norm: str, start: int, end: int, m: re.Match[str]) -> _Quantity | None:
    n1 = m.group("n1")
    unit = m.group("unit")
    magnitude = m.group("mag") or ""
    before = norm[max(start, m.start() - 6) : m.start()]
    after = norm[m.end() : min(end, m.end() + 8)]
    chinese = not n1[0].isdigit()
    if before.endswith("第"):
        return None  # ordinal: 第七届, 第4批
    if chinese:
        n1, magnitude_in_token = split_magnitude(n1)
        magnitude = magnitude_in_token + magnitude
        # A Chinese numeral counts only after an action verb in its clause (办好十件实事,
        # 新建学校两所): elsewhere it names a thing (三个开发区…); a bare 一 is an article (一批).
        if not _VERB_ANYWHERE.search(norm, start, m.start()) or (n1 == "一" and not magnitude):
            return None
    if unit == "个" and after[:1] in ("月", "年", "一") and not _COUNTED_YEAR.match(after):
        return None  # 3个月: a duration; 四个一: a name (but 150个年度重点项目 is a count)
    if chinese and _FIXED_PHRASE_AFTER.match(after.lstrip("的")):
        return None
    if m.group("post") in ("以上", "以下") and _CLASS_AFTER.match(after):
        return None
    if before.endswith("届") or (unit == "次" and _MEETING.search(norm, start, end)):
        return None  # 十二届八次、九次全会: sessions of a meeting
    if _CAPACITY_BEFORE.search(before) and _ATTRIBUTE_AFTER.match(after):
        return None  # 年产120万吨乙烯项目: the capacity describes the project
    if unit in _TIME_UNITS and not m.group("post") and _ATTRIBUTE_AFTER.match(after):
        return None  # 15分钟生活圈, 1小时通勤圈, 24小时服务: the time names the thing
    if unit == "岁" and not _AGE_VERB.search(before):
        return None  # 65岁以上老人: an age group, not a target
    if unit.endswith("元") and not m.group("post") and _CLASSIFIER_AFTER.match(after):
        return None
    if (
        unit.endswith("元")
        and m.group("post") in ("以上", "以下")
        and _CLASSIFIER_AFTER.match(after)
    ):
        return None
    if re.search(rf"\d[{CHINESE_NUMERAL_CHARS}]?[个家]$", before) or (
        before.endswith(("个", "家")) and len(before) >= 2 and before[-2] in CHINESE_NUMERAL_CHARS
    ):
        return None  # 2个50亿元企业: the amount classifies the counted noun
    if unit in _COUNT_UNITS and _GENERIC_NOUN.match(after.lstrip("的")):
        return None
    value = parse_number(n1)
    if value is None:
        return None
    value_max = None
    comparator = Comparator.EQ
    if m.group("n2"):
        n2 = m.group("n2")
        if not n2[0].isdigit():
            n2, extra = split_magnitude(n2)
            magnitude = extra + magnitude
        value_max = parse_number(n2)
        if value_max is None or value_max <= value:
            return None  # "3-2个" is not a range; likely a code or a typo
        comparator = Comparator.RANGE
    elif m.group("post") in _POST_COMPARATOR or m.group("more1") or m.group("more2"):
        comparator = _POST_COMPARATOR.get(m.group("post") or "多", Comparator.GE)
    elif _GE_BEFORE.search(before) or (
        unit == "倍" and _GE_STANDARD.search(norm, max(start, m.start() - 22), m.start())
    ):
        comparator = Comparator.GE
    elif _LE_BEFORE.search(before):
        comparator = Comparator.LE
    elif _APPROX_BEFORE.search(before):
        comparator = Comparator.APPROX
    return _Quantity(
        start=m.start(),
        end=m.end(),
        value=value,
        value_max=value_max,
        unit=magnitude + unit + (m.group("per") or ""),
        comparator=comparator,
        is_count=unit in _COUNT_UNITS,
    )


_FRACTION_COMPARATOR = {"以上": Comparator.GE, "以下": Comparator.LE, "左右": Comparator.APPROX}


def _fractions(norm: str, start: int, end: int) -> list[_Quantity]:
    """1/3以上, 三分之一: a share, given in per cent (a clerk's progress is a per cent too)."""
    found = []
    for m in _FRACTION_RE.finditer(norm, start, end):
        if m.group("num"):
            num, den = parse_number(m.group("num")), parse_number(m.group("den"))
            post = m.group("post")
        else:
            num, den = parse_number(m.group("cnum")), parse_number(m.group("cden"))
            post = m.group("cpost")
        if not num or not den or num >= den:
            continue  # 3/2 or 0/5: a code or a date, not a share
        found.append(
            _Quantity(
                start=m.start(),
                end=m.end(),
                value=round(100 * num / den, 2),
                value_max=None,
                unit="%",
                comparator=_FRACTION_COMPARATOR.get(post or "", Comparator.EQ),
                is_count=False,
            )
        )
    return found


def _clean_prefix(raw: str) -> str:
    # A name is a few words before the number: the last 80 characters hold any real one, and
    # the bound keeps a clause of thousands of numbers linear.
    name = raw.strip()[-80:]
    for _ in range(3):
        before = name
        name = _LEAD_FILLER.sub("", name)
        name = _BENEFICIARY.sub("", name)
        name = _YEAR_LEAD.sub("", name)
        name = _TRAIL_VERB.sub("", name)
        name = _TRAIL_CONTEXT.sub("", name)
        name = name.strip(" 、，,：:（(").replace("实现", "")
        if name == before:
            break
    return name


def _postfix(norm: str, pos: int, end: int) -> str:
    # The noun sits right after the number: a bounded window keeps long clauses linear.
    rest = norm[pos : min(end, pos + 80)]
    if rest[:1] in ("、", "，", ",", "和", "及", "与", "或"):
        return ""
    rest = _BRACKETED.sub("", rest.removeprefix("的"))
    # Another quantity right after (158户735名贫困人口): the noun comes after that one.
    m = _QUANTITY_RE.match(rest)
    if m and not m.group("unit").endswith("元"):
        rest = rest[m.end() :].removeprefix("的")
    stop = _POSTFIX_STOP.search(rest, 2)
    noun = rest[: stop.start()] if stop else rest
    noun = noun.strip()
    if len(noun) > 3:
        noun = _POSTFIX_TAIL.sub("", noun)
    return noun[:20]


def _is_verbal(prefix: str) -> bool:
    return _VERBAL_ONLY.fullmatch(prefix.strip()) is not None


def _name_for(norm: str, seg_start: int, quantity: _Quantity, end: int) -> str:
    prefix = _clean_prefix(norm[seg_start : quantity.start])
    after = norm[quantity.end : end]
    postfix = _postfix(norm, quantity.end, end)
    if postfix and norm[seg_start : quantity.start].rstrip().endswith(("、", "，")):
        # 完成3000平方米仓储库、200亩大棚建设: the words before belong to the number before.
        return postfix
    # Counts name what follows them (实施40个两化融合项目), as does 100%的建制村; an amount
    # names what precedes it (完成投资128亿元) unless only a verb precedes it.
    if postfix and (
        quantity.is_count or after.startswith("的") or not prefix or _is_verbal(prefix)
    ):
        return postfix
    if prefix and not _is_verbal(prefix):
        return _without_verb(prefix)
    return postfix or prefix


def _without_verb(name: str) -> str:
    """新建乡镇卫生院 → 乡镇卫生院: a 指标 column names the thing, not the action on it."""
    rest = _BUILD_VERBS.sub("", name)
    return rest if len(rest) >= 2 and not _is_verbal(rest) else name


# Verbs of building or creating before the thing built; 完成/新增 stay (完成投资 and 新增就业
# are the names statistics use).
_BUILD_VERB = (
    r"(?:新建|建成(?!区)|建设(?!用地|单位|规模|标准)|新改建|改扩建|改造提升|提升改造|改造|投产|投用"
    r"|实施|打造|创建|培育|引进|开工|组建|设立|开通|招引|提供)"
)
# 新建、改扩建 / 新建和改造: verbs joined by 、/和 before one object go together.
_BUILD_VERBS = re.compile(
    rf"^(?:(?:全力|加快|积极|重点|力争|确保|坚决)?{_BUILD_VERB}(?:[、和及与]?{_BUILD_VERB})*)+"
)


def _single_indicators(
    norm: str,
    start: int,
    end: int,
    quantities: list[_Quantity],
    clause_text: str,
    previous: list[ExtractedIndicator],
) -> list[ExtractedIndicator]:
    result: list[ExtractedIndicator] = []
    seg_start = start
    last: _Quantity | None = None
    for quantity in quantities:
        delta = _DELTA.fullmatch(norm, seg_start, quantity.start) if last is not None else None
        if (
            delta is not None
            and last is not None
            and result
            and quantity.unit == last.unit
            and quantity.unit not in _SHARE_UNITS
        ):
            # 安排7000亿元，比上年增加200亿元: the target stays 7000, last year's 6800 is its
            # baseline (a rate's change, 增长8%, is a target of its own).
            sign = -1 if delta.group("down") else 1
            result[-1] = replace(result[-1], baseline=last.value - sign * quantity.value)
            seg_start = quantity.end
            continue
        last = quantity
        name = _name_for(norm, seg_start, quantity, end) or _clean_prefix(
            norm[start : quantity.start]
        )
        if not name:
            # 比上年提高0.52亿元: the subject is the one of the clause before.
            earlier = result or previous
            name = earlier[-1].name if earlier else clause_text
        result.append(_indicator(name, quantity, clause_text))
        seg_start = quantity.end
    return result


def _indicator(
    name: str,
    quantity: _Quantity,
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


def _from_to_indicators(
    norm: str,
    start: int,
    end: int,
    quantities: list[_Quantity],
    clause_text: str,
    previous: list[ExtractedIndicator],
) -> list[ExtractedIndicator] | None:
    """从X提高到Y (also 分别从X、Y提高到X′、Y′): targets Y with X as their baselines."""
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
    names_part = _clean_prefix(norm[start : from_match.start()].removesuffix("分别"))
    names_part = _clean_prefix(names_part.removesuffix("分别"))
    if len(targets) == 1:
        names = [names_part] if names_part else [p.name for p in previous[-1:]]
    else:
        names = _split_names(names_part, len(targets))
        if len(names) != len(targets):
            names = [names_part] * len(targets) if names_part else []
    if len(names) != len(targets):
        return None
    return [
        _indicator(name, target, clause_text, baseline=base.value)
        for name, base, target in zip(names, bases, targets, strict=True)
    ]


def _split_names(names_part: str, count: int) -> list[str]:
    names = [n for n in (p.strip() for p in _LIST_SPLIT.split(names_part)) if n]
    if len(names) < count:
        expanded: list[str] = []
        for n in names:
            expanded.extend(p for p in _AND_SPLIT.split(n) if p)
        if len(expanded) == count:
            names = expanded
    if len(names) == 1 and count == 2 and names[0].startswith("城乡"):
        # 城乡居民人均可支配收入分别增长… names the urban and the rural figure in one word.
        names = _urban_rural(names[0][2:])
    if len(names) != count or count < 2:
        return names
    first, last = names[0], names[-1]
    qualifier = _QUALIFIER.match(last)
    if qualifier and all(_QUALIFIER.fullmatch(n) for n in names[:-1]):
        # 城市、农村特困人员供养标准: everything after the last qualifier is shared.
        suffix = last[qualifier.end() :]
        names = [n + suffix for n in names[:-1]] + [last]
    elif all(_ASCII_HEAD.fullmatch(n) for n in names[:-1]) and _ASCII_HEAD.match(last):
        suffix = _ASCII_HEAD.sub("", last)  # PM2.5、PM10年均浓度 → both 年均浓度
        names = [n + suffix for n in names[:-1]] + [last]
    elif (
        all(len(n) <= 4 and not _METRIC_HEAD.search(n) for n in names[:-1])
        and (head := _METRIC_HEAD.search(last, 1)) is not None
    ):
        # 城镇、农村居民人均可支配收入 / 茶叶、蔬菜种植面积: the measure after the last name
        # belongs to every name.
        suffix = last[head.start() :]
        names = [n + suffix for n in names[:-1]] + [last]
    elif len(first) >= 4 and all(len(n) <= 2 for n in names[1:]):
        names = [first] + [first[:2] + n for n in names[1:]]  # 旅游接待人数、收入 → 旅游收入
    return names


def _urban_rural(rest: str) -> list[str]:
    """城乡X: the urban and the rural figure (城市低保 but 城镇居民, as statistics name them)."""
    urban = "城市" if "低保" in rest else "城镇"
    return [urban + rest, "农村" + rest]


def _list_indicators(
    norm: str,
    start: int,
    end: int,
    quantities: list[_Quantity],
    clause_text: str,
    previous: list[ExtractedIndicator],
) -> list[ExtractedIndicator] | None:
    clause = norm[start:end]
    respectively = clause.find("分别")
    all_match = _ALL_KEYWORD.search(clause)
    if respectively >= 0:
        keyword_at = start + respectively
    elif all_match is not None:
        keyword_at = start + all_match.start()
    else:
        return None
    values = [q for q in quantities if q.start > keyword_at]
    if not values or any(q.start < keyword_at for q in quantities):
        return None
    names_part = _clean_prefix(norm[start:keyword_at])
    # The verb of a list applies to every name: 新建小学、初中各3所 → 小学, 初中.
    names_part = _LEADING_VERBS.sub("", names_part) or names_part
    if respectively >= 0:
        if len(values) < 2:
            return None
        names = _split_names(names_part, len(values))
        if not names and len(previous) == len(values):
            # 接待游客1200万人次、旅游总收入130亿元，分别增长20%、25%: names in the clause before.
            names = [p.name for p in previous]
        if len(names) != len(values):
            return None
        pairs = list(zip(names, values, strict=True))
    else:
        if len(values) != 1:
            return None
        names = [n for n in _split_names(names_part, 0) if n]
        if len(names) == 1 and names[0].startswith("城乡"):
            names = _urban_rural(names[0][2:])
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


def _flat_indicator(norm: str, start: int, end: int, clause_text: str) -> ExtractedIndicator | None:
    if not _FLAT_WORD.search(norm, start, end):
        return None  # 支持平台 holds 持平 but says nothing about a level
    m = _FLAT_RE.search(norm, start, end)
    if m is None:
        return None
    name = _clean_prefix(m.group("name"))
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
