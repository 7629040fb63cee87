"""The checklist templates of DOMAIN.md §4, as data.

A template makes a year's checklist in one command. Its titles are stored as data, in
Chinese exactly as DOMAIN.md writes them (like anything a user types), whatever the
interface language. Pure: stdlib only.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class TemplateEntry:
    """One line of a template: its title, frequency and, for once/yearly, its due month."""

    title: str
    frequency: str
    due_month: int | None = None


@dataclass(frozen=True, slots=True)
class Template:
    """A checklist template: its kind code, the title pattern of a year's list, its entries."""

    kind: str
    title_pattern: str  # `{year}` is filled in
    entries: tuple[TemplateEntry, ...]

    def title(self, year: int) -> str:
        """The title of the checklist this template makes for `year`."""
        return self.title_pattern.format(year=year)


def _entry(title: str, frequency: str, due_month: int | None = None) -> TemplateEntry:
    return TemplateEntry(title, frequency, due_month)


IDEOLOGY = Template(
    kind="ideology",
    title_pattern="{year}年意识形态工作责任制清单",
    entries=(
        _entry('明确书记第一责任人、委员"一岗双责"分工，制定年度工作清单和落实方案', "once", 3),
        _entry("支委会专题研究意识形态工作", "half_yearly"),
        _entry("向上级党组织书面报告意识形态工作，向党员通报情况", "half_yearly"),
        _entry("开展意识形态领域形势分析研判，形成研判报告", "quarterly"),
        _entry('将意识形态内容纳入"三会一课"和理论学习', "quarterly"),
        _entry("开展意识形态专题培训或专题党课", "yearly"),
        _entry("管理宣传阵地（职工微信群、宣传栏、公众号）", "monthly"),
        _entry("报告会、讲座、对外发布材料审核报备", "quarterly"),
        _entry("网络舆情监测，更新舆情应对预案", "monthly"),
        _entry("排查苗头性、倾向性问题，重大情况及时报告", "quarterly"),
        _entry("书记述职中专题报告意识形态工作，纳入组织生活会", "yearly"),
        _entry("学习贯彻网络意识形态责任制实施细则", "yearly"),
        _entry("意识形态工作责任制落实情况自查和年度总结", "yearly", 12),
    ),
)

INTEGRITY = Template(
    kind="integrity",
    title_pattern="{year}年党风廉政建设责任清单",
    entries=(
        _entry('制定年度党风廉政建设责任清单，落实书记第一责任人、班子成员"一岗双责"', "once", 3),
        _entry("关键岗位人员签订廉洁从业承诺书", "yearly", 3),
        _entry("开展警示教育（观看警示片、通报典型案例）", "half_yearly"),
        _entry("元旦、春节、五一、国庆、中秋等节前廉洁提醒", "quarterly"),
        _entry("开展廉政谈话（书记与班子成员、关键岗位）", "half_yearly"),
        _entry("重点领域廉洁风险排查（物资采购、分包结算等）", "half_yearly"),
        _entry("落实中央八项规定精神自查", "quarterly"),
        _entry("向上级党组织报告党风廉政建设情况", "yearly", 12),
    ),
)

STABILITY = Template(
    kind="stability",
    title_pattern="{year}年风险防控与维稳工作清单",
    entries=(
        _entry('维稳"零报告"：有事报情况、无事报平安', "monthly"),
        _entry("核查农民工工资按时足额发放", "monthly"),
        _entry("排查矛盾纠纷和不稳定因素，建立台账", "quarterly"),
        _entry("重大节日、敏感节点前开展安全稳定排查", "quarterly"),
        _entry("更新突发事件应急预案并组织演练", "yearly", 6),
        _entry('书记履行维稳"第一责任人"职责情况报告', "yearly", 12),
    ),
)

TEMPLATES: dict[str, Template] = {
    template.kind: template for template in (IDEOLOGY, INTEGRITY, STABILITY)
}
TEMPLATE_KINDS = tuple(TEMPLATES)  # ideology, integrity, stability

__all__ = [
    "IDEOLOGY",
    "INTEGRITY",
    "STABILITY",
    "TEMPLATES",
    "TEMPLATE_KINDS",
    "Template",
    "TemplateEntry",
]
