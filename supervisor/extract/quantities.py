"""Numbers with their units in a clause: value, unit, comparator, and what is not a target.

A quantity is a number directly followed by a unit (个, 万人, 亿元, %, 个百分点 …). Numbers without
a unit (years, dates, hotline numbers, 1+16, PM2.5), ordinals (第七届), sizes that classify a
thing (7座以下小汽车, 年产120万吨项目), ages and times that name a group or a service, and Chinese
numerals that do not follow an action verb (三大战略, 三个开发区…) are left out here. Naming the
quantities is ``naming``'s part, pairing names with them ``indicators``'.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from supervisor.domain import Comparator
from supervisor.extract.describing import describes
from supervisor.extract.numbers import (
    ARABIC_NUMBER,
    CHINESE_NUMERAL_CHARS,
    parse_number,
    split_magnitude,
)
from supervisor.extract.segment import BREAKDOWN_START, part_start
from supervisor.extract.vocabulary import (
    AREA_KINDS,
    MAGNITUDES,
    MEASURE_UNITS,
    RANGE_SEPARATORS,
    VERBS,
    alternation,
)
from supervisor.extract.vocabulary import COUNT_UNITS as _COUNT_UNITS

_UNIT = alternation(_COUNT_UNITS + MEASURE_UNITS)
_MAGNITUDE = alternation(MAGNITUDES)
_CHINESE = f"[零〇一二两三四五六七八九十][{CHINESE_NUMERAL_CHARS}]{{0,9}}"
# 百万吨, 千万吨: a magnitude written without a digit before it (产量稳定在百万吨以上).
_BARE_MAGNITUDE = "(?:百|千)(?=万|亿)"
_NUMBER = f"{ARABIC_NUMBER}|{_CHINESE}|{_BARE_MAGNITUDE}"
_RANGE_SEP = alternation(RANGE_SEPARATORS)
# 内 alone is 以内 only when it does not start a word (内容, 内涵, 内部 …).
_POST = "及以上|及以下|以上|以下|以内|之内|左右|内(?![容涵部外地需河陆生在控循蒙资])|多"
# A rate's per-unit as written: 5万吨/日, 12立方米/秒.
_PER = "日|天|秒|小时|时|月|年|人|户|辆"
# 1万台（套）以上: a second unit glossed in brackets stands between the unit and its bound.
_GLOSS = r"[（(][\u4e00-\u9fff]{1,2}[）)](?=以上|以下|左右|以内)"
# The look-behinds stop a match inside a longer number, a code (PM2.5, G207, 5G, 1+16) or a
# Chinese numeral; every repetition is bounded, so no input can make the search quadratic.
QUANTITY_RE = re.compile(
    r"(?<![\dA-Za-z.+/#_&\-×*])(?<![" + CHINESE_NUMERAL_CHARS + r"])"
    rf"(?P<n1>{_NUMBER})"
    rf"(?:(?P<u1>(?:{_MAGNITUDE})?(?:{_UNIT}))?\s?(?P<sep>{_RANGE_SEP})\s?(?P<n2>{_NUMBER}))?"
    rf"(?P<more1>[多余])?(?P<mag>{_MAGNITUDE})?(?P<more2>[多余])?(?P<unit>{_UNIT})"
    rf"(?P<per>/(?:{_PER}))?(?:{_GLOSS})?(?P<post>{_POST})?"
)

# A bare 超 before a number (岗位超3000个) is 超过; 守住……红线 is a floor.
_GE_BEFORE = re.compile(
    r"(?:不低于|不少于|至少(?:降低|下降|减少|压减|提高|增长|增加)?|(?<!不)超过|(?<![不赶])超|突破"
    r"|多于|高于|大于|逾|守住|守牢|坚守)$"
)
# 不低于当地标准的1.5倍: the floor is stated before the standard it multiplies.
GE_STANDARD = re.compile(r"(?:不低于|不少于|达到)[^，；。\d]{1,16}的$")
_LE_BEFORE = re.compile(r"(?:不超过|不高于|不多于|低于|少于|控制在|控制到)$")
_APPROX_BEFORE = re.compile(r"(?:大约|约|(?<![最接临将])近)$")
_POST_COMPARATOR = {
    "以上": Comparator.GE,
    "及以上": Comparator.GE,
    "多": Comparator.GE,
    "以下": Comparator.LE,
    "及以下": Comparator.LE,
    "以内": Comparator.LE,
    "之内": Comparator.LE,
    "内": Comparator.LE,
    "左右": Comparator.APPROX,
}

_VERB_ANYWHERE = re.compile(alternation(VERBS))
# Counted things that are too generic to be supervised as a number (抓好三项工作).
_GENERIC_NOUN = re.compile(
    r"(?:工作|任务|方面|领域|环节|战略|关键|原则|意识|自信|维护|要求|问题|目标|攻坚战|底线|内容(?=为|是)"
    r"|生命线|理念|着力|坚持|推动|必须|统筹|结合|一)"
)
# An amount that classifies a noun (亿元以上项目, 2个50亿元企业) rather than targets it.
_CLASSIFIER_AFTER = re.compile(
    r"(?:以上|以下)?的?(?:重点)?(?:项目|企业|工业企业|级|规模|产业|集团)"
)
# Numbers inside fixed political phrases (八项规定, 两个维护, 两个市场两种资源) name a
# doctrine, not a quantity; only Chinese numerals are written this way.
# 在“巩固、增强、提升、畅通”八个字上下功夫: the count of a slogan's characters; 两项补贴 names a
# programme.
# 落实三条控制线, 守住三条底线: lines a plan keeps, not built.
_FIXED_PHRASE_AFTER = re.compile(
    r"规定|维护|确立|务必|毫不动摇|自信|意识|市场|资源|基本点|字|补贴|控制线|底线|结构|格局"
)
# A size class of vehicles or machines (7座以下小汽车, 10吨以上货车) names the class.
_CLASS_AFTER = re.compile(
    r"的?(?:[小大中重轻微]型?)?(?:汽车|客车|货车|车辆|轿车|乘用车|车)"
    r"|的?[\u4e00-\u9fff]{0,4}?(?:机组|锅炉)"  # 30万千瓦以下煤电机组
)
# A forecast (预计今年……超过2万人) states what will happen, not what the government commits to.
_FORECAST = re.compile(r"预计|预测|预期将")
_FORECAST_OPENING = re.compile(r"\s*(?:今年|全年|明年)?(?:预计|预测)")
_COMMITTED = re.compile(r"力争|确保|争取|努力|计划")
# 今年高校毕业生超过1000万人, 全国近3亿人领取养老金: the size of a population is a fact the
# plan starts from, not a number the government commits to.
_POPULATION_FACT = re.compile(
    r"(?:(?:高校)?毕业生|在校生|在校学生|常住人口|人口)(?:达到|达|超过|有|约|近)$"
    r"|(?:今年|全年|明年)?(?:高校)?毕业生(?:将)?(?:高达|达)?$"  # 今年高校毕业生820万人: a cohort
)
_TERRITORY_SCALE = re.compile(r"(?:今年)?(?:全国|我国|全省|全市|全县|全区)(?:近|约|超过|有)")
_FRACTION_RE = re.compile(
    r"(?<![\d/.])(?P<num>\d{1,3})/(?P<den>\d{1,3})(?![\d/])(?P<post>以上|以下|左右)?"
    r"|(?P<cden>[一二三四五六七八九十]{1,3})分之(?P<cnum>[一二三四五六七八九十]{1,3})(?P<cpost>以上|以下|左右)?"
)
# 年产120万吨乙烯项目, 日处理鲜奶500吨生产线: a per-time capacity (the product may stand
# between) describes the plant.
_CAPACITY_BEFORE = re.compile(
    r"(?:年产|日产|年处理|日处理|年产能|设计产能|年吞吐)[\u4e00-\u9fff]{0,4}$"
)
# 720兆瓦储能电站, 2×35万千瓦机组: a plant's rated power names the plant.
_POWER_UNITS = frozenset({"千瓦", "兆瓦"})
_PLANT_AFTER = re.compile(r"[\u4e00-\u9fff]{0,4}?(?:电站|电厂|机组|风电场|光伏电站)")
# 推动某公司60万吨钾肥技改、某项目20万吨铝箔等项目建设: tonnages inside a list of projects
# are the plants' capacities, not targets.
_PROJECT_LIST_AFTER = re.compile(r"[^，,。；;：]{0,120}?等(?:重点)?项目")
_BARE_VALUES = {"百": 100.0, "千": 1000.0}
# 稳定在百万吨以上, 突破千万: a level the plan keeps or reaches.
_LEVEL_BEFORE = re.compile(r"(?:在|达到|达|突破|超过|保持|稳定)$")
_PARTNERS_BEFORE = re.compile(r"(?:与|同)(?:周边|相关|沿线|各)?$")
_PARTNERS_OF = re.compile(r"[\u4e00-\u9fff]{0,6}的")
# 上述2万亿元, 前述……: a sum of amounts already stated, not a target of its own.
_RESTATED_BEFORE = re.compile(r"(?:上述|前述|以上)$")
# 150个年度重点项目, 100个年产值超过10亿元的联合体: a year's attribute after 个 is no duration.
_COUNTED_YEAR = re.compile(
    r"年度(?![内以的，。；、])[\u4e00-\u9fff]"
    r"|年(?:产值|产量|营收|营业收入|销售收入|销售额|收入|运量|吞吐量|用量|出栏|接待)"
)
_MEETING = re.compile(r"全会|会议|代表大会")
_TIME_UNITS = ("小时", "分钟", "天")
_ATTRIBUTE_AFTER = re.compile(r"(?!以内|之内|内|以上|左右|的)[\u4e00-\u9fff]")
_AGE_VERB = re.compile(r"(?:达到|提高到|提高至|提升到|提升至|达)$")
# 推动千万吨炼化基地建设, 100万吨化工新材料基地: a tonnage before a base or a plant is its
# capacity, which names it.
# 某公司700万吨露天矿前期工作, 200万吨褐煤提质一期投产: a mine's or a project phase's capacity.
_BASE_AFTER = re.compile(
    r"[\u4e00-\u9fff]{0,6}?(?:基地|装置|生产线|露天矿|煤矿|矿井|选煤厂|[一二三]期)"
)
# 某商城5.7万平方米主力店, 23万平方米的建材城: the size of a commercial building names it.
_AREA_UNITS = frozenset({"平方米", "平方公里"})
_COMMERCIAL_AFTER = re.compile(
    r"的?[\u4e00-\u9fff]{0,4}?(?:主力店|建材城|商城|商场|购物中心|综合体|酒店|写字楼)"
)
# 千亿立方米天然气生产基地, 千万吨炼化基地: a magnitude without digits before a base names it,
# as before a programme (实施新一轮千亿斤粮食产能提升行动).
_BARE_BASE_AFTER = re.compile(r"[\u4e00-\u9fff]{0,8}?基地")
_BARE_PROGRAMME_AFTER = re.compile(r"[\u4e00-\u9fff]{0,10}?(?:行动|工程|计划)(?![\u4e00-\u9fff])")
# 保持6%一档的税率不变: a level kept as it is, not a target to reach.
_CONTINUED_BEFORE = re.compile(r"(?:延续|继续)(?:执行|实施)")
# 聚焦13个产业集群, 守护、利用好531处国保单位: a focus or things that exist already.
_FOCUS_OR_EXISTING_BEFORE = re.compile(
    r"(?:聚焦|用好|利用好|守护|保护好)(?:\d+[个家项处][^，,；;。\d]{1,10}?[和、])?$"
)
# 推动……12条举措落地见效: a package already issued, carried out.
_PACKAGE_CARRIED_AFTER = re.compile(r"(?:举措|措施)(?:落地|落实|见效)")
_KEPT_BEFORE = re.compile(r"保持$")
_UNCHANGED_AFTER = re.compile(r"[^，,；;。]{0,12}?不变")
# 长江沿线1公里: the width of a zone along something, not a length to build.
_ZONE_BEFORE = re.compile(r"(?:沿线|两侧|两岸|沿岸|周边|范围内)$")
_ZONE_OF_RATE = re.compile(r"[\u4e00-\u9fff]{1,8}?(?:比例|比重|率)")
# 创新创业青年50人论坛: a number inside the name of a forum.
_FORUM_AFTER = re.compile(r"(?:论坛|峰会)")
# 加快2条在建国际海缆建设: works already under way, not a deliverable of the year.
# 1.2万个亿元以上新建续建项目: a count that takes in works under way is no deliverable either.
_UNDER_WAY_AFTER = re.compile(r"在建|[^，,；;。]{0,8}?续建(?:项目|工程)")
# 在14个市州城区……增补学位2万个: the areas a work is done in, when the clause states what is
# delivered there.
_AREA_SCOPE_AFTER = re.compile(rf"[\u4e00-\u9fff]{{0,4}}?(?:{alternation(AREA_KINDS)})")
# 落实……十二条措施, 八项行动: a package of measures named by its size, in Chinese numerals.
# 集中资源发展1-2个主导产业: a range from one names how many to focus on, not a deliverable.
_FOCUS_AFTER = re.compile(r"(?:主导|首位|特色|支柱)产业")
_PACKAGE_AFTER = re.compile(
    r"[\u4e00-\u9fff]{0,2}?(?:行动|措施|举措)(?![\u4e00-\u9fff]{0,2}(?:试点|示范))"
)
# 稳妥运行14个边贸点, 运行服务中心72个: keeping existing works running is no deliverable.
_RUNNING = re.compile(r"(?:稳妥|持续|正常|保障|保持)?运行|续建")
# 30万吨级航道, 千亿级产业: a class of size names the thing.
_SIZE_CLASS_AFTER = re.compile(r"级")
# 期 counts sessions (培训40期) when written in digits; 二期工程 is a phase.
_PHASE_AFTER = re.compile(r"(?:工程|项目|建设|扩建|改造)")
# A、B……等十件民生实事: the year's list of deeds keeps its count (annotations count it).
_DEEDS_AFTER = re.compile(r"[\u4e00-\u9fff]{0,4}实事")
_SPORT_BEFORE = re.compile(r"(?:铁人|现代)$")
# Shares and multiples: a change of one is a target of its own, not a baseline (增长8%).
SHARE_UNITS = frozenset({"%", "‰", "个百分点", "百分点", "倍"})


@dataclass(frozen=True, slots=True)
class Quantity:
    """A number with its unit found in a clause (offsets in the whole sentence)."""

    start: int
    end: int
    value: float
    value_max: float | None
    unit: str
    comparator: Comparator
    is_count: bool


def find_quantities(norm: str, start: int, end: int) -> list[Quantity]:
    """The quantities of the clause ``norm[start:end]`` that can be targets, in order."""
    found: list[Quantity] = []
    # Searched once per clause: a forecast (预计……) covers every number after it.
    forecast = _FORECAST.search(norm, start, end)
    if forecast is not None:
        end = forecast.start()
    else:
        sentence = part_start(norm, "。！？；\n", start)
        if (
            BREAKDOWN_START.match(norm, start, end) and _FORECAST.search(norm, sentence, start)
        ) or (
            _FORECAST_OPENING.match(norm, sentence) and not _COMMITTED.search(norm, sentence, end)
        ):
            # 预计……约2.5万亿元，其中……约1.5万亿元: a part of a forecast is a forecast; 预计全年
            # 接待游客700万人次，旅游收入达到83亿元: a sentence opening with 预计 forecasts in
            # every clause, unless one commits again (力争、确保 …).
            return []
    for m in QUANTITY_RE.finditer(norm, start, end):
        quantity = _quantity(norm, start, end, m)
        if quantity is not None:
            found.append(quantity)
    found = sorted(found + _unitless_list_items(norm, start, end, found), key=lambda q: q.start)
    if "/" in norm[start:end] or "分之" in norm[start:end]:
        found = sorted(found + _fractions(norm, start, end), key=lambda q: q.start)
    found = [q for i, q in enumerate(found) if not (i + 1 < len(found) and _is_area_scope(norm, q))]
    found = [q for i, q in enumerate(found) if not describes(norm, start, end, found, i)]
    # "收入10万元以上的村占比达到85%": an amount qualifying a noun that another number in the
    # same clause measures is a classifier; "100%的行政村" alone is the target itself.
    return [
        q for i, q in enumerate(found) if not (norm.startswith("的", q.end) and i + 1 < len(found))
    ]


def _quantity(norm: str, start: int, end: int, m: re.Match[str]) -> Quantity | None:
    n1 = m.group("n1")
    unit = m.group("unit")
    magnitude = m.group("mag") or ""
    before = norm[max(start, m.start() - 6) : m.start()]
    after = norm[m.end() : min(end, m.end() + 8)]
    chinese = not n1[0].isdigit()
    if before.endswith("第"):
        return None  # ordinal: 第七届, 第4批
    bare = n1 in _BARE_VALUES
    if chinese and not bare:
        n1, magnitude_in_token = split_magnitude(n1)
        magnitude = magnitude_in_token + magnitude
        # A Chinese numeral counts only after an action verb in its clause (办好十件实事,
        # 新建学校两所): elsewhere it names a thing (三个开发区…); a bare 一 is an article (一批).
        if not _after_verb(norm, start, m.start()) or (n1 == "一" and not magnitude):
            return None
    elif bare and not (_after_verb(norm, start, m.start()) or _LEVEL_BEFORE.search(before)):
        return None
    if unit == "个" and after[:1] in ("月", "年", "一") and not _COUNTED_YEAR.match(after):
        return None  # 3个月: a duration; 四个一: a name (but 150个年度重点项目 is a count)
    if chinese and _FIXED_PHRASE_AFTER.match(after.lstrip("的")):
        return None
    if chinese and _restates_list(norm[start : m.start()], n1) and not _DEEDS_AFTER.match(after):
        return None  # 抓好整车制造、关键部件配套、智能网联配套服务三条主线: the list counted
    if m.group("post") in ("以上", "以下", "及以上", "及以下") and _CLASS_AFTER.match(after):
        return None
    if before.endswith("届") or (unit == "次" and _MEETING.search(norm, start, end)):
        return None  # 十二届八次、九次全会: sessions of a meeting
    if _CAPACITY_BEFORE.search(before) and _ATTRIBUTE_AFTER.match(after):
        return None  # 年产120万吨乙烯项目: the capacity describes the project
    named_time = _ATTRIBUTE_AFTER.match(after.lstrip('“"「'))
    if unit in _TIME_UNITS and not m.group("post") and named_time:
        return None  # 15分钟生活圈, 24小时“不打烊”: the time names the thing
    if unit == "位" and after.startswith("数"):
        return None  # 增速保持两位数以上: a magnitude written as a count of digits
    if _SPORT_BEFORE.search(before) or (chinese and after.startswith("全能")):
        return None  # 铁人三项, 现代五项, 十项全能: a numeral inside a sport's name
    if unit == "方" and not magnitude:
        return None  # 方 is 立方米 only as 万方, 亿方 (三方, 双方 are parties)
    if unit in _POWER_UNITS and not m.group("post") and _PLANT_AFTER.match(after):
        return None
    if _RESTATED_BEFORE.search(before):
        return None
    if _PARTNERS_BEFORE.search(before) and _PARTNERS_OF.match(after):
        return None  # 强化与周边7个口岸的协作: the partners of a work, not a deliverable
    if unit == "吨" and not m.group("post") and _PROJECT_LIST_AFTER.match(norm, m.end(), end):
        return None
    if unit.endswith("人") and (
        _POPULATION_FACT.search(norm, max(start, m.start() - 12), m.start())
        or _TERRITORY_SCALE.fullmatch(norm[start : m.start()].strip())
    ):
        return None
    if unit.endswith("元") and after.startswith(("部分", "的部分")):
        return None  # 100万元至300万元部分, 不到100万元的部分: a tax bracket, not a target
    if magnitude == "亿" and unit == "人":
        return None  # 保障好14亿人的粮食安全: the nation's population
    if _FOCUS_OR_EXISTING_BEFORE.search(norm, start, m.start()) and unit in _COUNT_UNITS:
        return None
    if unit == "条" and _PACKAGE_CARRIED_AFTER.match(after):
        return None
    if unit in _POWER_UNITS and m.group("post") == "以上" and _BARE_BASE_AFTER.match(after):
        return None  # 布局一批50万千瓦以上省级大型风光基地: a size class of bases
    if after.startswith("政策") and _CONTINUED_BEFORE.search(norm, start, m.start()):
        return None  # 延续执行……加计扣除75%政策: a policy kept, not a new target
    if _SIZE_CLASS_AFTER.match(after) and not m.group("post"):
        return None
    if m.group("n2") and n1 in ("1", "一") and _FOCUS_AFTER.match(after):
        return None
    if chinese and unit in ("项", "条") and _PACKAGE_AFTER.match(after):
        return None
    if unit in _COUNT_UNITS and _RUNNING.match(norm[start : m.start()].strip()):
        return None
    if unit == "期" and (chinese or bare or _PHASE_AFTER.match(after)):
        return None  # 二期工程, 三期: a phase of a project
    if unit == "P" and not magnitude:
        return None  # P counts computing power only as 万P, 亿P (PFlops)
    if unit.endswith("吨") and not m.group("post") and _BASE_AFTER.match(after):
        return None
    if unit in _AREA_UNITS and not m.group("post") and _COMMERCIAL_AFTER.match(after):
        return None
    if bare and not m.group("post") and _BARE_BASE_AFTER.match(after):
        return None
    if bare and not m.group("post") and _BARE_PROGRAMME_AFTER.match(norm, m.end(), end):
        return None
    if _KEPT_BEFORE.search(before) and _UNCHANGED_AFTER.match(norm, m.end(), end):
        return None
    if n1 in ("零", "〇"):
        return None  # 零部件, 零排放: 零 alone is a word, never a count
    if unit in ("公里", "米", "千米") and _ZONE_BEFORE.search(before):
        return None
    if unit in ("公里", "米", "千米") and m.group("post") == "内" and _ZONE_OF_RATE.match(after):
        return None  # 50米内换乘比例: the distance defines the rate, another number sets it
    under_way = _UNDER_WAY_AFTER.match(norm, m.end(), end) is not None
    if _FORUM_AFTER.match(after) or (unit in _COUNT_UNITS and under_way):
        return None
    if unit == "岁" and not _AGE_VERB.search(before):
        return None  # 65岁以上老人: an age group, not a target
    classified = unit.endswith("元") and m.group("post") in (None, "以上", "以下")
    if classified and _CLASSIFIER_AFTER.match(after):
        return None  # 亿元以上项目: the amount classifies the projects
    if re.search(rf"\d[{CHINESE_NUMERAL_CHARS}]?[个家]$", before) or (
        before.endswith(("个", "家")) and len(before) >= 2 and before[-2] in CHINESE_NUMERAL_CHARS
    ):
        return None  # 2个50亿元企业: the amount classifies the counted noun
    if unit in _COUNT_UNITS and _GENERIC_NOUN.match(after.lstrip("的")):
        return None
    value = _BARE_VALUES.get(n1) or parse_number(n1)
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
        unit == "倍" and GE_STANDARD.search(norm, max(start, m.start() - 22), m.start())
    ):
        comparator = Comparator.GE
    elif _LE_BEFORE.search(before):
        comparator = Comparator.LE
    elif _APPROX_BEFORE.search(before):
        comparator = Comparator.APPROX
    return Quantity(
        start=m.start(),
        end=m.end(),
        value=value,
        value_max=value_max,
        unit=magnitude + unit + (m.group("per") or ""),
        comparator=comparator,
        is_count=unit in _COUNT_UNITS,
    )


# 分别达1.28万亿、1.18万亿、8200亿元: the list's earlier items leave the unit to the last.
_UNITLESS_ITEM = re.compile(r"(?<![\d.])(\d+(?:\.\d+)?)(万亿|亿|万)(?=、)")


def _unitless_list_items(norm: str, start: int, end: int, found: list[Quantity]) -> list[Quantity]:
    items = []
    for m in _UNITLESS_ITEM.finditer(norm, start, end):
        later = [q for q in found if q.start > m.end() and q.unit.endswith("元")]
        if not later or any(q.start <= m.start() < q.end for q in found):
            continue
        between = norm[m.end() : later[0].start]
        if len(between) > 24 or any(ch in between for ch in "，,；;。"):
            continue  # only the items of one list share the unit
        value = parse_number(m.group(1))
        if value is not None:
            unit = m.group(2) + "元"
            items.append(Quantity(m.start(), m.end(), value, None, unit, Comparator.EQ, False))
    return items


_COUNTED_ITEM = re.compile(rf"[\d{CHINESE_NUMERAL_CHARS}][个条座所项处家张]")


def _restates_list(before: str, numeral: str) -> bool:
    """Whether a count in Chinese numerals only counts the 、 list written just before it."""
    value = parse_number(numeral)
    listed = re.split(r"[，,；;：:]", before)[-1]
    if _COUNTED_ITEM.search(listed):
        return False  # 一条环路、两条滨河路: the items before are counts of their own
    items = listed.count("、") + 1
    return value is not None and items >= 2 and value == items


_LISTED_AREAS_BEFORE = re.compile(r"在[^，,；;。在]{1,40}、[^，,；;。在]{1,20}等$")


def _is_area_scope(norm: str, quantity: Quantity) -> bool:
    """在14个市州城区增补学位2万个, 选择11个左右的县探索……: the areas where the work is done."""
    return (
        quantity.is_count
        and (
            norm[quantity.start - 1 : quantity.start] == "在"
            or norm[max(0, quantity.start - 2) : quantity.start] == "选择"
            # 在A、B、C等8个县建设……: the places named by example, then counted
            or _LISTED_AREAS_BEFORE.search(norm, max(0, quantity.start - 48), quantity.start)
            is not None
        )
        and _AREA_SCOPE_AFTER.match(norm, quantity.end) is not None
    )


def _after_verb(norm: str, start: int, pos: int) -> bool:
    """An action verb precedes ``pos`` in its clause, or the clause opens with the numeral and
    continues a list of counts of the clause before (建设一座公园，一条环路、两条滨河路)."""
    if _VERB_ANYWHERE.search(norm, start, pos):
        return True
    opening = len(norm[start:pos]) - len(norm[start:pos].lstrip())
    if QUANTITY_RE.match(norm, start + opening) is None:
        return False
    before = part_start(norm, "，,；;。", max(start - 1, 0))
    verb = _VERB_ANYWHERE.search(norm, before, start)
    return verb is not None and QUANTITY_RE.search(norm, verb.end(), start) is not None


_FRACTION_COMPARATOR = {"以上": Comparator.GE, "以下": Comparator.LE, "左右": Comparator.APPROX}


def _fractions(norm: str, start: int, end: int) -> list[Quantity]:
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
            Quantity(
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
