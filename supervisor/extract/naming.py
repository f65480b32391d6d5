"""The name of a target as a clerk writes it in a 指标 column, read from the clause around it.

Names come from the clause: the subject before the verb (``工业技改投资增长15%``) or, for counts,
the noun after the unit (``实施40个两化融合项目``); a list's names are split and share their
measure (``城镇、农村居民人均可支配收入`` → two names).
"""

from __future__ import annotations

import re

from supervisor.extract.quantities import GE_STANDARD, QUANTITY_RE, Quantity
from supervisor.extract.segment import ITEM_MARK, part_start
from supervisor.extract.vocabulary import ADVERBS, VERBS, alternation

_VERB_RE = alternation(VERBS)
_ADVERB_RE = alternation(ADVERBS)
LEADING_VERBS = re.compile(f"^(?:{_ADVERB_RE}|{_VERB_RE})+")
_VERBAL_ONLY = re.compile(f"(?:{_ADVERB_RE}|{_VERB_RE}|[，、和及与并])*")

# 到2030年森林覆盖率, 3年内培育上市企业: the date the text gives is the deadline's, not the name's.
_LEAD_FILLER = re.compile(
    r"^(?:[、，,和及与且\s—\-·•]|并(?![网购联轨])|以及|其中|同时|合计|总计|力争|确保|努力|力促|全年|今年|年内|当年"
    r"|全市|全县|全区|全省|预计|拟安排|安排|要|将|把(?![握关手])|使(?!用)|让|实现|进一步|届时"
    # 完成造林20万亩: the column names the work (完成水利投资 stays, as 完成投资 does)
    r"|完成(?!率|任务)(?![\u4e00-\u9fff]*投资$)(?=[\u4e00-\u9fff]{2})"
    r"|各地区?(?:可|要|应|均)|大规模|大幅度?|拟?发行(?=[\u4e00-\u9fff]{2})"
    r"|到\d{4}年(?:底|末)?前?|用?\d{1,2}年(?:内|时间)|(?:到|至)?年(?:底|末)前?|全力(?!以赴))+"
)
# 国务院及其部门要带头精简会议、坚决把文件压减三分之一: 把 puts the thing measured after it.
_BEFORE_BA = re.compile(r"^.*把(?![握关手])")
# 将制造业等行业现行16%的税率降至13%: the rate in force is the baseline, not part of the name.
_CURRENT_VALUE = re.compile(r"(?:现行|原|目前)\d+(?:\.\d+)?(?:%|元|万元)的")
_TRAIL_VERB = re.compile(
    r"(?:(?<![最接临将])近|(?<![不赶])超|守住|守牢|坚守|同比|比上年|比去年|较上年|较去年|比\d{4}年|较\d{4}年|比上年度|分别|均|增长|下降|提高到|提高至"
    r"|提升到|提升至|提高|提升|达到|达|控制在|控制|保持在|稳定在|保持|降低到|降低至|降低|降到|降至"
    r"|减少到|减少|增加到|增加|增至|增长到|突破|超过|不低于|不少于|不超过|不高于|低于|高于|至少|大约|约"
    r"|拟安排|安排|拟|预期|完成|目标任务|任务|实际|名义|按照|按|为|在|到|累计|由|从|占比为|共计|共|计|要|将|稳定|逾|力争|确保|实现|压减至|压减|压缩至|压缩|再)+$"
)
# 比上年, 不低于当地标准的: what the number is compared with is no part of the name.
_TRAIL_CONTEXT = re.compile(
    r"(?:比|较)(?:上年|去年|上年度|同期|\d{4}年)(?:同期)?$|" + GE_STANDARD.pattern
)
# 为高校毕业生提供见习岗位: the beneficiary is not the thing counted.
# 全面完成2023年度造林任务: the year says which year's quota, the name is what is done.
_YEAR_LEAD = re.compile(r"^(?:全面|确保|力争)?完成(?:\d{4}|今|本)年度?(?=[\u4e00-\u9fff]{2}|\d|$)")
_BENEFICIARY = re.compile(
    r"^为[^，；。]{1,16}?(?:提供|新增|开发|筹集|募集|减轻|减少|降低|实施|开展)"
)
# 公交与轨道50米内换乘比例: the distance that defines a rate is not part of its name.
_ZONE_IN_NAME = re.compile(r"\d+(?:\.\d+)?(?:千米|公里|米)(?:以内|之内|内)")
# 在14个市州城区增补学位: where the work is done comes before its verb, not in the name.
_LOCATIVE = re.compile(f"^在[^，,；;。]{{1,24}}?(?:{_VERB_RE})+")
_POSTFIX_STOP = re.compile(r"全部|全面|实现|达到|投入使用|开工|竣工|建成|完成|脱贫|等|，|、")
_POSTFIX_TAIL = re.compile(r"(?:建设|改造|提升|工作|任务|红线|底线)+$")
# 老旧小区的既有建筑节能改造: a 指标 column drops the 的 between the words of a name.
_INNER_DE = re.compile(r"(?<=[\u4e00-\u9fff]{2})的(?=[\u4e00-\u9fff]{2})")
# 为200万名中小学生开展心理健康测评: the column names who and what, without the verb between.
# 选择100家企业进行数字化改造: 进行 between the thing and its work leaves the name as well.
_INNER_SERVICE = re.compile(
    r"(?<=[\u4e00-\u9fff]{2})(?:开展|提供|安装|配备|进行)(?=[\u4e00-\u9fff]{2})"
)
# 为学校建设供暖设施: the verb between beneficiary and facility leaves the name too.
_INNER_BUILD = re.compile(r"(?<=[\u4e00-\u9fff]{2})建设(?=[\u4e00-\u9fff]{0,4}(?:设施|设备|终端))")
_LOCATIVE_END = re.compile(r"(?:[至到]\S{1,8}段|沿线|岸线|沿岸|境内|流域)$")
_PLACES_DOING = re.compile(
    r"^(?P<place>县区|区县|县市|县|乡镇|村|社区|城市)(?:整县|整乡|整村|全域)?"
    r"(?:深化|开展|推进|实施|探索|建成|创建)(?P<work>[\u4e00-\u9fff]{4,})"
)
# 16个县（市、区）: a gloss listing the kinds of place counted; a 、 inside it ends no name.
_LIST_GLOSS = re.compile(r"(?<=[\u4e00-\u9fff])[（(][^（()）]{0,8}、[^（()）]{0,8}[）)]")
_COUNTED_THEN_MEASURE = re.compile(
    r"^([\u4e00-\u9fff]{2,8})、(产能|产量|产值|投资|总投资|面积|规模|里程|装机)$"
)
_STATED_BEFORE = re.compile(
    r"(?:突破|超过|超|达到|达|约|近)\d[\d.]*[十百千万亿]*[\u4e00-\u9fff/]{1,4}?(?:以上|左右)?$"
)
_CLASS_BOUND = re.compile(r"(?:海拔|坡度|高度|年龄|人口)")
_OWNER_OF_LIST = re.compile(
    r"(?P<owner>[\u4e00-\u9fff]{2,8})的[^，,。；、]{1,8}(?:、[^，,。；、]{1,8})+等(?P<kind>[\u4e00-\u9fff]{2,12})"
)
_RANK = r"(?:国家|省|市|县|区域|世界|自治区)级"
_RANKS_OF_ONE_NOUN = re.compile(
    rf"(?P<rank>{_RANK})(?:[、和]\d+[个家所处座]{_RANK})+(?P<noun>[\u4e00-\u9fff]{{2,16}})"
)
_RANK_END = re.compile(rf"{_RANK}$")
_RANK_FIRST_LIST = re.compile(
    rf"(?:[、和]{_RANK}\d+[个家所处座项条])+(?P<noun>[^，,；;。、\d]{{2,16}})"
)
# 吸引力强、带动面广的X: a list of four-character descriptions before 的 qualifies the noun.
_DESCRIBED_BY_LIST = re.compile(
    r"(?:[\u4e00-\u9fff]{4}、)+[\u4e00-\u9fff]{4}的(?=[\u4e00-\u9fff]{2})"
)
_BRACKETED = re.compile(r"^[（(][^）)]{0,10}[）)]")
_INNER_GLOSS = re.compile(r"(?<=.)[（(][^）)]{1,6}[）)]")
_LIST_SPLIT = re.compile(r"、")
_AND_SPLIT = re.compile(r"和|及|与|以及")
_CONJUNCTION = re.compile(r"以及|和|及|与|或")
# 交通、水利、能源领域投资额: 领域 (the kind of thing each name is) is shared with the measure.
_METRIC_HEAD = re.compile(
    r"领域|产业规模|产业产值|产业增加值|居民|人均|营业收入|主营业务收入|收入|产量|产值|增加值|总产值|投资|种植面积|面积|浓度|比例|比重"
    r"|覆盖率|普及率|达标率|入学率|发生率|率|人数|总量|总额|规模|数量|断面|水质|标准|价格|排放量|管网"
)
# 城市、农村X / 省级、市级X: words that say which part of a whole, sharing the noun after them.
_QUALIFIER = re.compile(
    rf"城市|城镇|农村|城区|乡村|市区|县城|中心城区|城乡|男性|女性|企业|机关|{_RANK}"
)
_ASCII_HEAD = re.compile(r"^[A-Za-z0-9.]+")


# 引进A、B等预制菜头部企业40家: the examples before 等 are not part of the name.
_EXAMPLES_BEFORE = re.compile(
    r"^[^，,；;。、]{1,12}(?:、[^，,；;。、]{1,12})+等(?![地级])(?=[\u4e00-\u9fff]{2})"
)


def clean_prefix(raw: str) -> str:
    """The words before a number without the verbs, fillers and context around the subject."""
    # A name is a few words before the number: the last 80 characters hold any real one, and
    # the bound keeps a clause of thousands of numbers linear.
    name = ITEM_MARK.sub("", raw.strip())[-80:]
    for _ in range(3):
        before = name
        name = _LEAD_FILLER.sub("", name)
        name = _BEFORE_BA.sub("", name)
        name = _CURRENT_VALUE.sub("", name)
        name = _BENEFICIARY.sub("", name)
        name = _EXAMPLES_BEFORE.sub("", name)
        name = _LOCATIVE.sub("", name)
        name = _ZONE_IN_NAME.sub("", name)
        name = _YEAR_LEAD.sub("", name)
        name = _TRAIL_VERB.sub("", name)
        name = _TRAIL_CONTEXT.sub("", name)
        name = name.strip(" 、，,：:（(").replace("实现", "")
        name = _COUNTED_THEN_MEASURE.sub(r"\1\2", name)  # 6处煤矿、产能N万吨: the mines' capacity
        stated = _STATED_BEFORE.search(name)
        value = QUANTITY_RE.search(name, stated.start()) if stated is not None else None
        if (
            stated is not None
            and stated.start() >= 2
            and value is not None
            # 总投资超10亿元项目50个: an amount classifying the noun stays in its name
            and not re.match(r"[\u4e00-\u9fff]", name[value.end() :])
        ):
            name = name[: stated.start()]  # 工业产值突破500亿元、增长10%: the subject of both
        if name == before:
            break
    return name


def _postfix(norm: str, pos: int, end: int) -> str:
    # The noun sits right after the number: a bounded window keeps long clauses linear.
    rest = norm[pos : min(end, pos + 80)]
    if rest[:1] in ("（", "(") and not _BRACKETED.match(rest):
        return ""  # 40万人次（牵头单位：……）: a note after the clause, not the thing counted
    if rest[:1] == "、":
        # 完成65条、总长度57.9公里的城市道路改造: the counts of a list share the noun after it.
        later = QUANTITY_RE.search(rest, 1, min(len(rest), 16))
        if later is not None and rest.startswith("的", later.end()):
            return _postfix(norm, pos + later.end(), end)
        return ""
    if rest[:1] in ("，", ","):
        return ""
    if rest[:1] in ("和", "及", "与", "或") and QUANTITY_RE.search(rest, 1, min(len(rest), 14)):
        return ""  # 新建学校5所和医院3所: a conjunction (but 和美乡村, 及时 are words)
    rest = _BRACKETED.sub("", rest.removeprefix("的"))
    cut = rest.startswith("幅度")  # 按不低于5%的幅度压减一般性支出: the rate of a cut
    rest = rest.removeprefix("幅度")
    # 100所海拔1500米以上乡村学校: a bound that defines the class of the thing counted.
    bound = _CLASS_BOUND.match(rest)
    if bound is not None:
        limit = QUANTITY_RE.match(rest, bound.end())
        if limit is not None and limit.group().endswith(("以上", "以下")):
            rest = rest[limit.end() :].removeprefix("的")
    # Another quantity right after (158户735名贫困人口): the noun comes after that one.
    m = QUANTITY_RE.match(rest)
    if m and not m.group("unit").endswith("元"):
        rest = rest[m.end() :].removeprefix("的")
    ranked = _RANKS_OF_ONE_NOUN.match(rest)
    if ranked is not None:
        rest = ranked.group("rank") + ranked.group("noun")  # 20个国家级、19个省级X: 国家级X
    described = _DESCRIBED_BY_LIST.match(rest)
    if described is not None:
        rest = rest[described.end() :]  # 40个吸引力强、带动面广的消费场景: the noun after 的
    listed = _OWNER_OF_LIST.match(rest)
    if listed is not None:
        # 17个棚改区域的道路、供水、污水等配套基础设施: the counted thing and what the list is.
        rest = listed.group("owner") + listed.group("kind")
    for joined in _CONJUNCTION.finditer(rest, 1, 21):
        if QUANTITY_RE.match(rest, joined.end()):
            rest = rest[: joined.start()]  # 新建5所学校和3所医院: the next count has its own noun
            break
    rest = _LIST_GLOSS.sub("", rest)
    places = _PLACES_DOING.match(rest)
    if places is not None:
        # 支持20个县深化城乡供水一体化, 推动16个县整县建成美丽乡村: the places counted are named
        # by what they do (the verb after the place is no stop).
        work = places.group("work")
        cut_at = _POSTFIX_STOP.search(work, 2)
        noun = (work[: cut_at.start()] if cut_at else work) + places.group("place")
    else:
        stop = _POSTFIX_STOP.search(rest, 2)
        noun = rest[: stop.start()] if stop else rest
    noun = _INNER_DE.sub("", noun.strip())
    noun = _INNER_BUILD.sub("", _INNER_SERVICE.sub("", noun))
    if len(noun) > 3:
        noun = _POSTFIX_TAIL.sub("", noun)
    work = _WORK_VERBS.match(noun) if cut else None
    if work is not None and len(noun) - work.end() >= 2:
        noun = noun[work.end() :] + noun[: work.end()]  # 幅度压减一般性支出 → 一般性支出压减
    if noun.endswith(("”", "」")) and not any(mark in noun for mark in "“「"):
        noun = noun[:-1]  # 办好“十件民生实事”: the closing quote of a quote the number opened
    # 乡镇（街道）区域养老服务中心: a gloss in brackets would push the name's end past the cut.
    return _INNER_GLOSS.sub("", noun)[:20]


def _is_verbal(prefix: str) -> bool:
    return _VERBAL_ONLY.fullmatch(prefix.strip()) is not None


def name_for(norm: str, seg_start: int, quantity: Quantity, end: int) -> str:
    """The name of one quantity: the subject before it or, for a count, the noun after it."""
    prefix = clean_prefix(norm[seg_start : quantity.start])
    after = norm[quantity.end : end]
    postfix = _postfix(norm, quantity.end, end)
    if postfix and norm[seg_start : quantity.start].rstrip().endswith(
        ("、", "，", "和", "及", "与")
    ):
        # 完成3000平方米仓储库、200亩大棚建设, 改造210公里农村公路和120万平方米村内道路: the
        # words before belong to the number before.
        return postfix
    rank_first = _RANK_FIRST_LIST.match(after)
    if rank_first is not None and (rank := _RANK_END.search(prefix)) is not None:
        # 清理规范市级51项、县级216项行政备案事项: each rank's count takes the noun after the list
        return rank.group() + rank_first.group("noun")
    if postfix and prefix and _RANK_END.fullmatch(prefix):
        return prefix + postfix  # ……、县级216项行政备案事项
    if postfix and after.startswith("、") and prefix and not _is_verbal(prefix):
        # 实施X项目1900个、投资…的Y项目3000个: a count with its noun before it keeps that noun
        # (完成65条、总长度N公里的道路 shares the noun after: only a verb precedes it).
        return _without_verb(prefix)
    if postfix and _LOCATIVE_END.search(prefix):
        # 推进甲地至乙地段沿江岸线60公里生态廊道建设: where the work lies, then the work.
        return postfix
    # Counts name what follows them (实施40个两化融合项目), as does 100%的建制村; an amount
    # names what precedes it (完成投资128亿元) unless only a verb precedes it.
    if postfix and (
        quantity.is_count or after.startswith("的") or not prefix or _is_verbal(prefix)
    ):
        return postfix
    if (
        quantity.unit.endswith("元")
        and _FUND_NOUN.search(postfix)
        and norm[seg_start : quantity.start].rstrip().endswith(_SET_ASIDE)
    ):
        return postfix  # 中央财政安排1000亿元专项奖补资金: the fund, not the payer
    funded = _FUNDED_WORK.match(after)
    if quantity.unit.endswith("元") and funded and _FUNDING.fullmatch(prefix):
        # 筹措7亿元实施就业惠民工程, 安排特别国债3000亿元支持设备更新: the money is named by
        # the work it pays for.
        return _INNER_DE.sub("", funded.group(1))
    invested = _WORK_THEN_INVEST.match(prefix)
    if invested is not None:
        return invested.group("thing") + "投资"
    if quantity.unit.endswith("元"):
        clause = part_start(norm, "，,；;。：:\n", quantity.start)
        counted = _COUNTED_WORK_THEN_INVEST.search(
            norm, clause, quantity.start
        ) or _COUNT_THEN_WORK_THEN_INVEST.search(norm, clause, quantity.start)
        if counted is not None:
            return counted.group("thing") + "投资"
    if prefix and not _is_verbal(prefix):
        return _without_verb(prefix)
    return postfix or prefix


def _without_verb(name: str) -> str:
    """新建乡镇卫生院 → 乡镇卫生院: a 指标 column names the thing, not the action on it; a work
    done on a thing is written after it (治理水土流失 → 水土流失治理)."""
    rest = _BUILD_VERBS.sub("", name)
    if len(rest) < 2 or _is_verbal(rest):
        return name
    work = _WORK_VERBS.match(rest)
    if work is None:
        return rest
    verbs = LEADING_VERBS.match(rest[work.end() :])  # 整治提升清洁乡村: both verbs go after
    split = work.end() + (verbs.end() if verbs else 0)
    thing = rest[split:]
    if len(thing) >= 2 and not _is_verbal(thing):
        return thing + rest[:split].rstrip("、和及与")
    return rest


# Verbs of building or creating before the thing built; 完成/新增 stay (完成投资 and 新增就业
# are the names statistics use).
_BUILD_VERB = (
    r"(?:新建|建成(?!区)|建设(?!用地|单位|规模|标准)|新改建|改扩建|改造提升|提升改造|改造|投产|投用"
    r"|实施|打造|创建|培育|引进|开工|组建|设立|开通|招引|提供)"
)
# 筹措7亿元实施就业惠民工程, 三年安排450亿元支持……: a sum raised or set aside, and the work.
_FUNDING_ONLY = re.compile(
    r"(?:[一二两三四五六七八九十\d]{1,2}年)?(?:筹措|筹集|安排|统筹|整合|投入|落实|争取|下达)?"
)
# ……or set aside as a named fund (安排超长期特别国债, 下达专项资金).
_FUNDING = re.compile(
    rf"{_FUNDING_ONLY.pattern}|(?:拟)?(?:安排|发行|下达|筹措|筹集)?[\u4e00-\u9fff]{{0,8}}"
    r"(?:国债|债券|资金|基金)"
)
_FUND_NOUN = re.compile(r"(?:资金|基金|债券|国债)$")
_SET_ASIDE = ("安排", "下达", "筹集", "设立", "拿出")
_FUNDED_WORK = re.compile(r"(?:用于|实施|支持|推进|开展)([^，,；;。、]{2,24})")
# 大力实施城市更新行动、完成投资220亿元: the investment is the work's, named before it.
_WORK_THEN_INVEST = re.compile(
    f"^(?:{_ADVERB_RE})*(?:{_VERB_RE})+(?P<thing>[^、，,；;]{{2,16}})、(?:完成|计划)?投资$"
)
# 实施重大项目3600个左右、完成投资1万亿元: the same, with the work's count between.
_COUNTED_WORK_THEN_INVEST = re.compile(
    f"(?:{_VERB_RE})+(?P<thing>[^、，,；;\\d]{{2,16}}?)\\d[\\d.]*[万亿]?[\u4e00-\u9fff]"
    r"(?:左右|以上|多)?、(?:完成|计划)?投资$"
)
# 推进2000个省级重点项目、完成投资9800亿元: the count written before the work.
_COUNT_THEN_WORK_THEN_INVEST = re.compile(
    f"(?:{_VERB_RE})+\\d[\\d.]*[万亿]?[个项家](?P<thing>[^、，,；;\\d]{{2,16}}?)"
    r"、(?:完成|计划)?投资$"
)
# Works done on an existing thing (修复治理退化草原, 规范提升供水厂站): the column writes them
# after the thing.
_WORK_VERBS = re.compile(
    r"^(?:(?:修复|治理|整治|更新|修缮|清理|恢复|改良|复垦|压减|压缩|削减|规范(?!化))[、和及与]?)+"
)
# 新建、改扩建 / 新建和改造 / 新建提升: verbs joined by 、/和 before one object go together.
_BUILD_VERBS = re.compile(
    rf"^(?:(?:全力|加快|积极|重点|力争|确保|坚决)?{_BUILD_VERB}(?:[、和及与]?(?:{_BUILD_VERB}|提升))*)+"
)


def split_names(names_part: str, count: int) -> list[str]:
    """The names of a 、 list, each completed with the measure the list shares."""
    names = [n for n in (p.strip() for p in _LIST_SPLIT.split(names_part)) if n]
    if len(names) < count:
        expanded: list[str] = []
        for n in names:
            expanded.extend(p for p in _AND_SPLIT.split(n) if p)
        if len(expanded) == count:
            names = expanded
    if len(names) == 1 and count == 2 and names[0].startswith("城乡"):
        # 城乡居民人均可支配收入分别增长… names the urban and the rural figure in one word.
        names = urban_rural(names[0][2:])
    ordinals = _SECTOR_ORDINALS.match(names[0]) if len(names) == 1 else None
    if ordinals is not None and len(ordinals.group(1)) == count:
        # 一二三产增加值分别增长…: the sectors written as one word, one name per sector.
        rest = names[0][ordinals.end(1) :]
        first = "第" if rest.startswith("产业") else ""  # 二三产业 → 第二产业, 第三产业
        names = [first + ordinal + rest for ordinal in ordinals.group(1)]
    if len(names) != count or count < 2:
        return names
    first, last = names[0], names[-1]
    suffix = _shared_suffix(names[:-1], last)
    if suffix is not None:
        return [n + suffix for n in names[:-1]] + [last]
    if len(first) >= 4 and all(len(n) <= 2 for n in names[1:]):
        return [first] + [first[:2] + n for n in names[1:]]  # 旅游接待人数、收入 → 旅游收入
    return names


def _shared_suffix(heads: list[str], last: str) -> str | None:
    """What the last name of a list adds to every name before it (``heads``), if anything."""
    qualifier = _QUALIFIER.match(last)
    if qualifier and all(_QUALIFIER.fullmatch(n) for n in heads):
        # 城市、农村特困人员供养标准: everything after the last qualifier is shared.
        return last[qualifier.end() :]
    if all(_ASCII_HEAD.fullmatch(n) for n in heads) and _ASCII_HEAD.match(last):
        return _ASCII_HEAD.sub("", last)  # PM2.5、PM10年均浓度 → both 年均浓度
    head = _METRIC_HEAD.search(last, 1)
    if head is None or not all(len(n) <= 4 and not _METRIC_HEAD.search(n) for n in heads):
        return None
    # 城镇、农村居民人均可支配收入 / 茶叶、蔬菜种植面积: the measure after the last name belongs
    # to every name.
    begin = head.start()
    if head.group() == "率" and begin >= 4:
        begin -= 2  # 美丽河湖、美丽海湾建成率: a bare 率 is the rate of the word before it
    return last[begin:]


_SECTOR_ORDINALS = re.compile(r"^([一二三]{2,3})产")


def urban_rural(rest: str) -> list[str]:
    """城乡X: the urban and the rural figure (城市低保 but 城镇居民, as statistics name them)."""
    urban = "城市" if "低保" in rest else "城镇"
    return [urban + rest, "农村" + rest]


# 今年先发行1万亿元: an adverb and a verb alone; the object is the one the verb took earlier in
# the sentence (拟连续几年发行超长期特别国债，……，今年先发行1万亿元).
_BARE_VERB = re.compile(f"^(?:先|再|还|又|也|仍|继续)?({_VERB_RE})$")
_OBJECT_AFTER = re.compile(r"[\u4e00-\u9fff]{2,12}?(?=[，,；。、]|专项|用于|$)")


def object_named_earlier(norm: str, pos: int, name: str) -> str:
    """The object an earlier use of the bare verb ``name`` took before ``pos``, else ``""``."""
    bare = _BARE_VERB.match(name)
    if bare is None:
        return ""
    verb = bare.group(1)
    # The same sentence, in practice: a bounded look-back keeps long texts linear.
    earlier = norm.rfind(verb, max(pos - 200, 0), max(pos - len(name), 0))
    if earlier < 0:
        return ""
    found = _OBJECT_AFTER.match(norm, earlier + len(verb))
    return found.group() if found else ""


def object_of_clause(clause: str) -> str:
    """The thing a clause acts on (实施两河圣山景区的基础设施建设 → 两河圣山景区基础设施建设)."""
    rest = LEADING_VERBS.sub("", clause.strip())
    if not rest or "、" in rest or len(rest) > 24 or QUANTITY_RE.search(rest):
        return ""
    return _INNER_DE.sub("", rest)


# 继续推进棚户区改造，完成800户的改造任务: the work the quota belongs to was named before.
_WORK_BEFORE = re.compile(r"([\u4e00-\u9fff]{2,8}?(?:改造|建设))(?:工程)?[，,。；]")
_QUOTA_ONLY = re.compile(r"的?(?:改造|建设|搬迁|安置)?任务")


def work_named_earlier(norm: str, pos: int, end: int) -> str:
    """The work a bare quota (N户的改造任务) counts, named earlier in the paragraph, else ``""``."""
    if not _QUOTA_ONLY.match(norm, pos, end):
        return ""
    works = list(_WORK_BEFORE.finditer(norm, max(0, pos - 80), pos))
    if not works:
        return ""
    return LEADING_VERBS.sub("", works[-1].group(1)) or works[-1].group(1)
