"""Numbers that describe what a clause acts on (a scope, a condition, a policy), not a deliverable.

Each rule reads the frame a quantity stands in, not the words of one report: a count that
marks out the things another number in the same clause measures (推动N个领域项目投资突破M亿元), a
threshold that defines who qualifies (对销售额N万元以上且……的主体给予补助), the areas a pilot is
tried in (在N个省选择部分县, 选择N个县探索……), a package named by its size (N条路径), a count inside
a policy's description (将N项收费的免征范围扩大到……), the count of a size-class list just written
(A、B、C等N个百亿级产业), a count in front of a quoted slogan (四张“名片”), things already
designated at a rank that are supported (支持N个国家级X……), money that exists put to use
(用好N亿元基金), existing facilities kept running (推进N个中心高效运行), the situation the plan
starts from (目前已建成……, 全市共有……, 截至……) and those a work serves (惠及群众N万人).
"""

from __future__ import annotations

import re
from typing import Protocol

from supervisor.extract.segment import ITEM_MARK, part_start
from supervisor.extract.standing import RANGE_MARK, stands
from supervisor.extract.vocabulary import AREA_KINDS, alternation


class _Quantity(Protocol):
    start: int
    end: int
    unit: str
    is_count: bool


# What the scope's things reach: 项目投资突破2000亿元, 园区产值达到500亿元.
_MEASURED_AFTER_SCOPE = re.compile(
    r"[^、，,；;。：:\d]{1,20}?(?:突破|达到|达|超过|超|增长|提高到|提高至|实现|完成|不低于)$"
)
# 对……的经营主体给予补助: a condition of eligibility (对 as a preposition, not 对接, 针对 …).
_FOR_PREPOSITION = re.compile(r"(?<![针面应相核绝反])对(?![接标口外象于比照话])")
_ELIGIBLE_AFTER = re.compile(
    r"[^，,；;。]*?的[^，,；;。]{0,20}?(?:补助|奖励|补贴|奖补|贴息|扶持|资助)"
)
_JOINED_CONDITION = re.compile(r"(?:以上|以下)(?:且|并且|或)")
# 在13个省选择部分县市, 选择11个左右的县探索……: where a pilot is tried.
_AREA_AFTER = re.compile(rf"(?:左右)?的?[\u4e00-\u9fff]{{0,4}}?(?:{alternation(AREA_KINDS)})")
_PILOT_WORDS = re.compile(r"选择|选取|遴选|试点|探索|先行先试")
_SCOPE_MARK_BEFORE = re.compile(r"(?:在|选择|选取|遴选)$")
# 抓实……9条路径, 3条主线: ways and lines of work named by their number (a package of measures
# issued, 出台10条措施, stays a deliverable).
_PACKAGE_NOUN_AFTER = re.compile(r"[\u4e00-\u9fff]{0,4}?(?:路径|途径|原则|主线|思路)")
# 将18项收费的免征范围扩大到……: the count describes the policy's reach.
_POLICY_PARAMETER_AFTER = re.compile(
    r"[^，,；;。]{0,12}?的[\u4e00-\u9fff]{0,2}?(?:范围|标准|比例|期限|税率|额度|上限|下限|门槛)"
)
# 7个千亿级产业, 20个百亿级产业: a class of size named by a magnitude.
_SIZE_CLASS_AFTER = re.compile(r"[十百千万亿]{1,3}[\u4e00-\u9fff]?级")
_QUOTE_AFTER = re.compile(r"[“\"「‘]")
# 支持22个国家级载体延伸产业链: things already designated at a rank, supported in what they do.
_SUPPORT_BEFORE = re.compile(r"支持(?:[^，,；;。]{1,16}、){0,4}$")
_DESIGNATED_AFTER = re.compile(r"(?:国家|省|自治区|市|部)级")
# 用好1800亿元引导基金, 盘活300亿元存量资产: money or assets that exist, put to use.
_PUT_TO_USE_BEFORE = re.compile(r"(?:用好|用足|利用好|盘活)$")
# 用足用好9亿元新增专项债券: this year's new money is allocated, a target.
_NEW_MONEY_AFTER = re.compile(r"(?:新增|新发行|今年|年度)")


# 目前已建成……3万个, 全市共有15个乡镇, 依托现有12个园区: the situation the plan starts from.
_FACT_IN_CLAUSE = re.compile(
    r"已经|(?<![而不])已(?![知])|目前|现已"
    r"|(?:^|我市|全市|我省|全省|我区|全区|我县|全县|全国|我国)(?:拥有|共有)"
    r"|(?:^|依托|利用|立足|基于|发挥|整合|我市|全市|我省|全省|我区|全区|我县|全县)现有"
)
# 境内有A、B、C 3条高速且有5个出入口, 涉及我们的有12项: a bare 有 states what there is (力争有
# N家企业上市 is an aim, and stays counted); 与某地接壤120公里: where the place lies.
_THERE_IS_BEFORE = re.compile(
    r"(?<![拥共具没还占所现含保持])有(?:[^，,；;。\d有]{1,24}、[^，,；;。\d有]{1,12})?$|(?:接壤|毗邻|相距)$"
)
# (全年有50个项目竣工投产: a bare 有 after a time of the plan year states an aim.)
_AIM_BEFORE = re.compile(
    r"力争|确保|争取|实现|达到|新增|计划|预计|(?<![主重需只])要|将|使|全年|年内|今年|年底"
)
# 以3个片区、12个社区中心为重点: the focus of a work, not what it delivers.
_FOCUS_BEFORE = re.compile(r"(?<![加予难可所])以(?:[^，,；;。以]{1,16}、)*$")
# 围绕A、B等10个重点领域: the fields a work is organised around; 开展A、B等7个重点行业企业创A行动:
# the sectors an action covers.
_AROUND_BEFORE = re.compile(r"围绕[^，,；;。]*$")
_FIELDS_AFTER = re.compile(r"[\u4e00-\u9fff]{0,4}?(?:领域|方向|行业|板块)")
_SECTORS_OF_ACTION_AFTER = re.compile(r"[\u4e00-\u9fff]{0,4}?(?:行业|领域)[^，,；;。]{0,12}?行动$")
# 加快与A、B等总投资1540亿元的能源项目务实合作: partners' projects cooperated on.
_PARTNER_BEFORE = re.compile(r"与[^，,；;。]{1,30}$")
_COOPERATION_END = re.compile(r"合作$")
# 空置率30%—50%的“空心村”: a rate written before 的 defines the class of the things worked on.
_RATE_CLASS_BEFORE = re.compile(r"(?:率|比例|比重)$")
_FOCUS_AFTER = re.compile(r"[^，,；;。]{0,30}?为(?:重点|核心|突破口)")
# 新建水厂3座，惠及群众10万人: those a work serves are a population, the work is the target.
# (A等7个小区的节能改造 stays: a residential compound is the unit of the work.)
_VILLAGES_OF_WORK_AFTER = re.compile(r"[\u4e00-\u9fff]{0,2}?(?:行政村|村|乡镇|街道|社区|嘎查)的")
_LIVING_AFTER = re.compile(r"的(?:生活水平|生活质量|生活|收入水平|待遇)")
_SERVED_BEFORE = re.compile(r"(?:惠及|受益|受惠|造福)[\u4e00-\u9fff]{0,6}$")
# 加快建设……批复的6个基地: things approved or designated already.
_DESIGNATED_BEFORE = re.compile(r"(?:批复|获批|认定|命名|已建成)的$")
# 推动A、B、C 3个综保区高质量发展, 支持N个县率先高质量发展: things that exist, developing; the
# count is not a deliverable (推动N家X提档升级 is a work done on each, and stays counted).
_IMPROVING_VERB = re.compile(r"推动|促进|引导|支持")
_IMPROVING_END = re.compile(r"(?:高质量发展|做大做强|做优做强)$")
# 推动7个国家物流枢纽、4个国家基地提质升级: designations the nation made, improved (推动N家农庄
# 提档升级 is a work done on each, and stays counted).
# 推动2个国家级、5个省级示范基地提档升级: bases rated at a rank are designations too.
_NATIONAL_AFTER = re.compile(r"国家(?!级)|(?:国家|省|自治区)级")
_UPGRADED_END = re.compile(r"(?:提质升级|提档升级|提质增效|扩能提质)$")
# 推进5个医疗中心高效运行, 支持3个实验室高效运营: existing facilities kept running, as 稳妥运行
# N个点 (新建N座水厂并投入运行 is a work built, and stays counted).
_RUNNING_VERB = re.compile(r"推进|推动|促进|支持|保障|确保|保持")
_RUNNING_END = re.compile(r"(?:高效|稳定|稳妥|规范|正常|平稳)(?:运行|运营|运转)$")
# 全力抓好七项重点工作: a count of the work itself.
_GENERIC_WORK_AFTER = re.compile(r"(?:重点|主要|中心)(?:工作|任务|领域)")
# 加快A、某地3个煤制气、B等项目建设: a size inside a list of projects describes one of them.
_PROJECT_LIST_AFTER = re.compile(r"[^，,；;。]{0,60}?等(?:重点)?项目")
# 海拔1500米以上的学校, 3人制篮球场: an altitude or a format names the class of the thing.
_ALTITUDE_BEFORE = re.compile(r"海拔$")
_FORMAT_AFTER = re.compile(r"制")
_CLASS_BOUND_BEFORE = re.compile(r"(?:人口|坡度|高度)$")
_AS_OF = re.compile(r"截至|截止到|截止")
# 加快A、B等6条高铁建设, 加快A等4个国家基地建设: works under way named by example and counted
# after 等 (新建、推进、实施 A、B等5个园区 stay the year's works).
_GOVERNING_VERB = re.compile(
    r"加快|推进|推动|实施|开展|新建|建成|建设|完成|消除|支持|打造|培育|抓好|启动|开工|改造|治理"
)
# 壮大13条重点产业链: chains and clusters that exist, grown.
_GROWN_BEFORE = re.compile(r"(?:壮大|做强|做大|做优)")
_CHAIN_AFTER = re.compile(r"[^，,；;。]{0,8}?(?:产业链|产业集群)")
# 年运量150万吨以上的物流园区, 消除集体经济收入5万元以下的村: a bound on a measured attribute
# defines the class counted.
_CLASSED_NOUN_AFTER = re.compile(r"的(?!目标|水平|任务|要求)|(?:村|企业|项目|园区|集群|主体|户)")
_ATTRIBUTE_BOUND_BEFORE = re.compile(r"[\u4e00-\u9fff]{0,3}(?:运量|产量|产值|营收|用量|规模|收入)$")
# 实施……30项举措, 十大任务、56项具体行动: a package of measures carried out (出台10条措施 is
# a deliverable).
_CARRIED_OUT_BEFORE = re.compile(r"(?:实施|落实|执行|推进|推动|抓实)")
_MEASURES_AFTER = re.compile(r"[\u4e00-\u9fff]{0,2}?(?:举措|措施|具体行动)")
# 支持A、B、C等10个有条件的县发展成为……: places named by example and supported.
_SUPPORTED_LIST_BEFORE = re.compile(r"支持[^，,；;。]{1,40}、[^，,；;。]{1,20}等$")
# 尽快实现……100%: an aim without a date is not the year's target.
_AS_SOON_AS = re.compile(r"尽快")
# 高质量建好15个平台, 建好首批24个试点: things set up already, built well.
_BUILT_WELL_BEFORE = re.compile(r"建好(?:首批|第[一二三四五六七八九十]批)?$")
# 5.5%左右的预期增长目标与……衔接: a paragraph weighing the target restates it.
_TARGET_AFTER = re.compile(r"的?(?:预期)?(?:增长|发展)?目标")
# 确定4.5%左右的增长目标，……: the paragraph on how the target was set restates it.
_SETTING_BEFORE = re.compile(r"(?:确定|提出|设定|确立|定为|设置)$")
_SENTENCE_ENDS = "。！？；;\n"


def describes(norm: str, start: int, end: int, found: list[_Quantity], i: int) -> bool:
    """Whether ``found[i]`` (a quantity of the clause ``norm[start:end]``) only describes."""
    q = found[i]
    before = norm[start : q.start]
    after = norm[q.end : end]
    sentence = part_start(norm, _SENTENCE_ENDS, q.start)
    if stands(norm, start, end, found, i):
        return True
    if _FACT_IN_CLAUSE.search(ITEM_MARK.sub("", before.strip())) or _AS_OF.search(
        norm, sentence, q.start
    ):
        return True
    if q.is_count and _DESIGNATED_BEFORE.search(before):
        return True
    if _THERE_IS_BEFORE.search(before) and not _AIM_BEFORE.search(before):
        return True
    if q.is_count and _FOCUS_BEFORE.search(before) and _FOCUS_AFTER.match(after):
        return True
    if q.is_count and _AROUND_BEFORE.search(before) and _FIELDS_AFTER.match(after):
        return True
    if q.is_count and _SECTORS_OF_ACTION_AFTER.match(after.strip()):
        return True
    bound = norm[q.start : q.end].endswith(("以上", "以下"))
    if (
        _RATE_CLASS_BEFORE.search(before)
        and _CLASSED_NOUN_AFTER.match(after)
        and (bound or RANGE_MARK.search(norm, q.start, q.end))
    ):
        return True  # (完成森林覆盖率35%的目标 stays: a single value before 的 is the target)
    partners = _PARTNER_BEFORE.search(before) and _COOPERATION_END.search(after.strip())
    if partners and q.unit.endswith("元"):  # (与20家企业开展战略合作 stays: partners to win)
        return True
    if (
        q.is_count
        and _IMPROVING_VERB.search(before)
        and _IMPROVING_END.search(norm[q.end : end].strip())
    ):
        return True
    if (
        q.is_count
        and _IMPROVING_VERB.search(before)
        and _NATIONAL_AFTER.match(after)
        and _UPGRADED_END.search(after.strip())
    ):
        return True
    if q.is_count and _RUNNING_VERB.search(before) and _RUNNING_END.search(after.strip()):
        return True
    if q.is_count and _GENERIC_WORK_AFTER.match(after):
        return True
    listed = _PROJECT_LIST_AFTER.match(norm, q.end, end) if q.is_count else None
    if listed is not None and "、" in listed.group() and "、" in before:
        return True
    if _ALTITUDE_BEFORE.search(before) or (q.unit == "人" and _FORMAT_AFTER.match(after)):
        return True
    if _CLASS_BOUND_BEFORE.search(before) and bound:
        return True  # 人口5000人以上的行政村, 坡度25度以上的耕地: the bound defines a class
    if bound and _CLASSED_NOUN_AFTER.match(after) and _ATTRIBUTE_BOUND_BEFORE.search(before):
        return True  # 集体经济年收入10万元以上(的)村: the bound names the villages counted
    if q.is_count and before.endswith("等") and "、" in norm[sentence : q.start]:
        verbs = list(_GOVERNING_VERB.finditer(norm, sentence, q.start))
        if verbs and verbs[-1].group() == "加快":
            return True
    if q.is_count and _GROWN_BEFORE.search(before) and _CHAIN_AFTER.match(after):
        return True
    carried_out = _CARRIED_OUT_BEFORE.search(before) is not None
    if q.unit in ("项", "条") and carried_out and _MEASURES_AFTER.match(after):
        return True
    if (not before.strip() or _SETTING_BEFORE.search(before)) and _TARGET_AFTER.match(after):
        return True
    if q.is_count and _SUPPORTED_LIST_BEFORE.search(before) and _AREA_AFTER.match(after):
        return True
    if _AS_SOON_AS.search(before) or (q.is_count and _BUILT_WELL_BEFORE.search(before)):
        return True
    if q.unit.endswith(("人", "户")) and _LIVING_AFTER.match(after):
        return True  # 提高低保边缘2600人的生活水平: those whose living is raised
    if q.is_count and before.endswith("等") and _VILLAGES_OF_WORK_AFTER.match(after):
        return True  # 启动A村等四个村的棚户区改造: the places of a work named by example
    if q.unit.endswith(("人", "户", "人次")) and _SERVED_BEFORE.search(before):
        return True
    if not before.strip() and start > sentence:
        # 全市共有15个乡镇，200个行政村: a clause opening with a number continues the one before
        previous = part_start(norm, "，,", start - 1, sentence)
        if _FACT_IN_CLAUSE.search(norm[previous : start - 1]):
            return True
    later = found[i + 1] if i + 1 < len(found) else None
    if (
        q.is_count
        and later is not None
        and not later.is_count
        and _MEASURED_AFTER_SCOPE.match(norm[q.end : later.start])
        # 培育60个营业收入超过5亿元的联合体: a bound before 的 defines the things counted
        and not norm.startswith("的", later.end)
    ):
        return True  # the count marks out the things whose measure is the target
    if _JOINED_CONDITION.match(norm, q.end):
        return True  # 2万元以上且……: one condition of several that define a group
    if _FOR_PREPOSITION.search(before) and _ELIGIBLE_AFTER.match(after):
        return True
    if (
        q.is_count
        and _SCOPE_MARK_BEFORE.search(before)
        and _AREA_AFTER.match(after)
        and _PILOT_WORDS.search(norm, start, end)
    ):
        return True
    if q.is_count and _SUPPORT_BEFORE.search(before) and _DESIGNATED_AFTER.match(after):
        return True
    if _PUT_TO_USE_BEFORE.search(before) and not _NEW_MONEY_AFTER.match(after):
        return True
    if q.unit in ("条", "项") and _PACKAGE_NOUN_AFTER.match(after):
        return True
    if q.is_count and _POLICY_PARAMETER_AFTER.match(after):
        return True
    if q.is_count and _SIZE_CLASS_AFTER.match(after) and "、" in before:
        return True  # the list written before is counted again by its size class
    return q.is_count and not norm[q.start].isdigit() and _QUOTE_AFTER.match(after) is not None
