"""Counts of things that stand already, or that hold per unit, rather than the year's works.

Kept apart from ``describing.py`` (which reads scopes, conditions and policies) because these
rules read what the governing verb does to the counted things: a quota that holds for each
county (每个县至少建成N个X) has no total to track; things grown stronger (做优做强N个X, 建强N个X),
raised in level or effect (提升N个X建设水平, 发挥N个X试点作用), carried on (推进N个X试点), run
well (办好N个工作室) or developing (促进A、B等N个X发展) exist already; works paced or continued
(加快N个X改造进度, N条续建X) are under way; industries of a size class (N个万亿级产业), programmes
named by example and plans carried out are the period's frame; a count of the list just
written (A、B和C N件事, N个体系) restates it; a bound before the noun (营收过N亿元X企业)
defines a class.
"""

from __future__ import annotations

import re
from typing import Protocol

from supervisor.extract.vocabulary import RANGE_SEPARATORS, alternation


class _Quantity(Protocol):
    start: int
    end: int
    unit: str
    is_count: bool


# 每个县至少建成2个X: a quota for each unit of an area; the plan states no total to track.
_PLACE_KIND = (
    r"(?:县（市、区）|县\(市、区\)|县市区|县区|县|乡镇|乡|镇|村|街道|社区|园区|开发区|设区市|市|区)"
)
# 各县（市、区）至少建成1个X, 各乡镇均建成1个X, 各县每年重点培育至少10个X: the same quota
# written with 各.
_PER_UNIT_BEFORE = re.compile(
    rf"每(?:一)?个?{_PLACE_KIND}|各{_PLACE_KIND}(?:都|均)?(?:每年)?[\u4e00-\u9fff]{{0,6}}?(?:至少|各|均)"
)
# 做优做强5个国家集群, 建强2个国家级和22个省级中心: things grown stronger exist already (the
# verb may govern a list of ranks: N个国家级和M个省级X).
_STRENGTHENED_BEFORE = re.compile(
    r"(?:做优做强|做大做强|做强做优|做强做大|做优|做强|建强)(?:\d+个[^，,；;。\d]{1,6}?[和、])?$"
)
# 提升6个省级基地建设水平, 发挥3个试点作用: the level or effect of things that exist is raised.
_RAISING_BEFORE = re.compile(r"(?:提升|提高|发挥|增强|放大)[\u4e00-\u9fff]{0,4}$")
# 优化提升12个省级主导产业: industries and clusters that stand, raised.
_INDUSTRY_END = re.compile(r"(?:主导产业|特色产业|产业集群|集群|产业链)$")
_LEVEL_END = re.compile(
    r"(?:水平|质效|质量|效能|成效|能级|作用|效应|功能|竞争力|影响力|辐射力|带动力)$"
)
# 推进4个城市试点, 抓好A、B等5个林场试点建设: pilots designated already, carried on (新增、争创、
# 开展N个试点 are the year's works).
_CARRIED_ON_BEFORE = re.compile(r"(?:推进|推动|抓好|深化|办好|用好)")
_PILOT_END = re.compile(r"试点(?:建设|工作)?(?:任务)?$")
# 抓好7个省级重点承接平台建设, 推进2个国家级、3个省级X中心建设: things designated at a rank
# already, built on (新建、创建N个省级X are the year's new ones, and stay counted).
_RANKED_BUILT_ON_AFTER = re.compile(
    r"^[^，,；;。]{0,16}?(?:国家(?!级)|(?:国家|省|自治区)级)[^，,；;。]{0,16}?"
    r"(?:平台|中心|基地|园区|实验室|枢纽|示范区|集群|承载城市)建设$"  # (N个省级重点项目建设 stays)
)
# 抓好12个农业产业集群、100个示范园区: clusters and parks that stand, managed (抓好N个园区建设
# is a work, and stays counted).
_MANAGED_AFTER = re.compile(r"[^、，,；;。和及]{0,16}?(?:产业集群|集群|园区)(?=$|[、，,；;。和及])")
# 推动4家央企总部、4所高校、2所医院加快建设: works under way, pushed forward.
_PUSHING = re.compile(r"推动|推进|促进")
_PUSHED_END = re.compile(r"加快(?:建设|落地|推进|实施)$")
_NEW_WORK = re.compile(r"新建|新增|开工|启动|建成")
# 加快总投资52亿元的34个项目建设, 加快首批17个X改造进度, 抓好6条续建高铁建设: works under way,
# a set described by its investment, paced or continued (抓好总投资M亿元的N个重点项目 and
# 加快3个中心建设 stay the year's works: annotations count those).
_SPEEDED_SET_BEFORE = re.compile(r"加快(?:建设|推进)?总投资[^，,；;。]{1,12}?的$")
_SPEEDED_TOTAL_BEFORE = re.compile(r"加快(?:建设|推进)?总投资(?:约|超|超过)?$")
_SET_AFTER = re.compile(r"的(?:首批)?\d")
_PACE_END = re.compile(r"(?:进度|进程)$")
# 打造6个万亿级产业, 推动4个万亿级产业基地提质升级: industries of a size class, the standing
# aim of the period (新增2家千亿级园区 is the year's new ones, and stays counted).
_SIZE_CLASS_AFTER = re.compile(r"[十百千万]亿级")
# 推动A、B、C 3个产业集群达到1000亿级: a named list reaching a size class, the period's aim.
_REACHING_CLASS_END = re.compile(r"达到?[\d十百千万]+亿(?:元)?级$")
_NEW_BEFORE = re.compile(r"新(?:增|培育|认定|建|创建)[^，,；;。]{0,4}$")
# 实施A、B等9个重大专项: programmes named by example and counted (实施N项重大专项 stays a
# count); 实施……12个重点产业稳增长方案, 实施20个专项行动计划: plans carried out, as a package
# of measures.
_PROGRAMME_END = re.compile(r"(?:专项|方案)$")
_PLAN_END = re.compile(r"(?:方案|行动计划)$")
_CARRIED_OUT = re.compile(r"实施|落实|执行")
# 促进A、B、C等21个特色产业集群发展: things named by example, developing (推进A、B等6个园区建设
# stays the year's works).
_PROMOTING = re.compile(r"促进|推动|引导")
_DEVELOPING_END = re.compile(r"(?:发展|壮大|发展壮大)$")
# 办好8个名校长、41个名师工作室: things that exist, run well (as 建好N个平台); 办好N件/项民生实事
# is the year's list of works, and stays counted.
_RUN_WELL_BEFORE = re.compile(r"办好(?:\d+个[^，,；;。\d]{1,8}、)?$")
_WORKS_LIST_AFTER = re.compile(r"[^，,；;。]{0,8}?(?:实事|事项|工程)")
# 培育一批营收过百亿元企业: a bound on an attribute, written before the noun, defines the class
# counted (企业营收突破100亿元 is a target: the number ends its clause).
_CLASS_BOUND_BEFORE = re.compile(
    r"(?:营收|营业收入|销售收入|产值|规模|年产值)(?:过|超过|超|达)"
    r"(?:[^，,；;。]*、(?:过|超过|超))?$"  # 产值过50亿元的X园区、过100亿元的Y园区
)
_NOUN_AFTER = re.compile(r"(?!以上|以下|左右|、|和|及)[\u4e00-\u9fff]")
# 营业收入超50亿元、超100亿元产业集群6个和4个: bounds listed before the one noun.
_BOUND_LIST_AFTER = re.compile(r"、(?:过|超过|超|达)\d")
# 抓好A、B和C 3件事: the count of the list just written, as 三条主线 (N件民生实事 is a list of
# its own, and stays counted).
_MATTERS_AFTER = re.compile(r"(?:大|要|实)?事(?![项业])")
# 构建A、B、C 3个体系: abstract frames just listed, counted again (体系, 机制, 方面 …).
_FRAMES_AFTER = re.compile(r"(?:大)?(?:体系|机制|方面|环节|清单|板块)(?![\u4e00-\u9fff])")
_GOVERNING_VERB = re.compile(
    r"推进|推动|抓好|深化|办好|用好|新增|争创|开展|新建|建设|启动|实施|支持|打造|培育|创建|申报"
)
# 支持各市集中打造1—2个X: a small range after 各市 is each city's share.
_PER_UNIT_RANGE_BEFORE = re.compile(rf"各{_PLACE_KIND}[^，,；;。\d共]{{0,8}}$")
# 1—2个, 20%—40%: a range written out (the unit may stand after both numbers).
RANGE_MARK = re.compile(rf"\d[%‰]?\s?(?:{alternation(RANGE_SEPARATORS)})\s?\d")
# ……、全市达到30家以上: the total over the whole area follows the quota, and is a target.
_WHOLE_AREA = re.compile(r"全(?:市|县|省|区|国)|总计|累计|合计")


def stands(norm: str, start: int, end: int, found: list[_Quantity], i: int) -> bool:
    """Whether ``found[i]`` (a quantity of the clause ``norm[start:end]``) counts what stands."""
    q = found[i]
    before = norm[start : q.start]
    if _CLASS_BOUND_BEFORE.search(before) and (
        _NOUN_AFTER.match(norm, q.end) or _BOUND_LIST_AFTER.match(norm, q.end)
    ):
        return True
    if not q.is_count:
        # 加快总投资52亿元的34个项目建设: the set's investment goes with the set
        return bool(_SPEEDED_TOTAL_BEFORE.search(before) and _SET_AFTER.match(norm, q.end))
    per_unit = list(_PER_UNIT_BEFORE.finditer(before))
    if per_unit and not _WHOLE_AREA.search(before, per_unit[-1].end()):
        return True
    if _STRENGTHENED_BEFORE.search(before):
        return True
    after = norm[q.end : end].strip()
    if _PROGRAMME_END.search(after) and before.endswith("等") and "、" in before:
        return True
    if q.unit == "件" and "、" in before and _MATTERS_AFTER.match(norm, q.end):
        return True
    if "、" in before and _FRAMES_AFTER.match(norm, q.end):
        return True
    if _RUN_WELL_BEFORE.search(before) and not _WORKS_LIST_AFTER.match(norm, q.end):
        return True
    named_by_example = before.endswith("等") and "、" in before
    if named_by_example and _PROMOTING.search(before) and _DEVELOPING_END.search(after):
        return True
    if _PLAN_END.search(after) and _CARRIED_OUT.search(before):
        return True
    if _SIZE_CLASS_AFTER.match(norm, q.end) and not _NEW_BEFORE.search(before):
        return True
    if _REACHING_CLASS_END.search(after):
        return True
    if _SPEEDED_SET_BEFORE.search(before) or after.startswith("续建"):
        return True
    if "加快" in before and _PACE_END.search(after):
        return True
    verbs = list(_GOVERNING_VERB.finditer(before))
    carried_on = bool(verbs) and _CARRIED_ON_BEFORE.fullmatch(verbs[-1].group()) is not None
    if carried_on and (_PILOT_END.search(after) or _RANKED_BUILT_ON_AFTER.match(after)):
        return True
    if verbs and verbs[-1].group() == "抓好" and _MANAGED_AFTER.match(after):
        return True
    if _PUSHING.search(before) and not _NEW_WORK.search(before) and _PUSHED_END.search(after):
        return True
    if before.rstrip().endswith("加快") and _RANKED_BUILT_ON_AFTER.match(after):
        return True  # 加快3家省级X基地建设: designated at a rank, under way
    if _PER_UNIT_RANGE_BEFORE.search(before) and RANGE_MARK.search(norm, q.start, q.end):
        return True  # 支持各市集中打造1—2个X: how many each city builds
    raised = _RAISING_BEFORE.search(before.strip()) is not None
    return raised and (_LEVEL_END.search(after) or _INDUSTRY_END.search(after)) is not None
