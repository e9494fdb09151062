"""Code lists used by roster columns: main-product fields, R&D institution levels, honours…

Each code list is declared once here; the roster schema, the rules and the readers all use it.
"""

from __future__ import annotations

from types import MappingProxyType

from attrs import frozen

__all__ = [
    "ProductField",
    "PRODUCT_FIELDS",
    "FIELD_GROUPS",
    "RD_INSTITUTION_LEVELS",
    "CHAIN_ROLES",
    "AWARD_LEVELS",
    "MAKERS_CHINA",
    "INFO_SYSTEMS",
    "HONOURS",
    "PROVINCE_CODES",
    "fields_in_group",
]


@frozen
class ProductField:
    """One of the 20 main-product fields (fields.md) or ``other``."""

    code: str
    name: str
    group: str | None
    aliases: tuple[str, ...] = ()


#: Groups of main-product fields: 工业“六基”, 制造强国战略十大重点产业, 网络强国建设.
FIELD_GROUPS = MappingProxyType(
    {
        "six_foundations": "工业“六基”",
        "ten_industries": "制造强国战略十大重点产业",
        "cyber_power": "网络强国建设",
    }
)

PRODUCT_FIELDS: tuple[ProductField, ...] = (
    ProductField("basic_parts", "核心基础零部件", "six_foundations"),
    ProductField("components", "核心基础元器件", "six_foundations", ("元器件",)),
    ProductField("key_software", "关键基础软件", "six_foundations", ("关键软件",)),
    ProductField("basic_processes", "先进基础工艺", "six_foundations"),
    ProductField("basic_materials", "关键基础材料", "six_foundations"),
    ProductField("tech_foundation", "产业技术基础", "six_foundations"),
    ProductField("next_gen_it", "新一代信息技术产业", "ten_industries", ("新一代信息技术",)),
    ProductField("cnc_robotics", "高档数控机床和机器人", "ten_industries"),
    ProductField("aerospace", "航空航天装备", "ten_industries"),
    ProductField("marine", "海洋工程装备及高技术船舶", "ten_industries"),
    ProductField("rail", "先进轨道交通装备", "ten_industries"),
    ProductField("nev", "节能与新能源汽车", "ten_industries"),
    ProductField("power_equipment", "电力装备", "ten_industries"),
    ProductField("agri_machinery", "农机装备", "ten_industries"),
    ProductField("new_materials", "新材料", "ten_industries"),
    ProductField("medical_devices", "高性能医疗器械", "ten_industries"),
    ProductField("info_infrastructure", "信息基础设施", "cyber_power"),
    ProductField("core_tech", "关键核心技术", "cyber_power"),
    ProductField("cybersecurity", "网络安全", "cyber_power"),
    ProductField("data_security", "数据安全", "cyber_power"),
    ProductField("other", "其他", None, ("其他领域", "不属于以上")),
)


def fields_in_group(group: str) -> frozenset[str]:
    """The codes of one field group (``six_foundations``…)."""
    if group not in FIELD_GROUPS:
        raise ValueError(f"unknown field group {group!r}")
    return frozenset(f.code for f in PRODUCT_FIELDS if f.group == group)


#: 研发机构级别.
RD_INSTITUTION_LEVELS = MappingProxyType(
    {"national": "国家级", "provincial": "省级", "city": "市级", "below_city": "市级以下", "none": "未建立"}
)
#: 产业链作用.
CHAIN_ROLES = MappingProxyType(
    {
        "gap_filled": "补短板/锻长板/填空白取得实际成效",
        "foundation_or_leader_supplier": "属于六基、中华老字号或服务重点龙头企业",
        "none": "不属于以上情况",
    }
)
#: 科技奖励级别.
AWARD_LEVELS = MappingProxyType({"national": "国家级", "provincial": "省级", "none": "无"})
#: 创客中国全国排名组.
MAKERS_CHINA = MappingProxyType({"top50": "全国50强", "top500": "全国500强", "none": "无"})
#: 信息系统 (core business supported by an information system).
INFO_SYSTEMS = frozenset({"CAX", "CAM", "MES", "ERP", "OA", "CRM", "SRM", "SCM"})
#: 有效荣誉 counted by the innovative-SME direct condition D2.
HONOURS = MappingProxyType(
    {
        "hnte": "高新技术企业",
        "national_innovation_demo": "国家级技术创新示范企业",
        "ip_advantage": "知识产权优势企业",
        "ip_demo": "知识产权示范企业",
    }
)
#: Province-level division codes (first two digits of 行政区划代码), mainland China.
PROVINCE_CODES = MappingProxyType(
    {
        "11": "北京市", "12": "天津市", "13": "河北省", "14": "山西省", "15": "内蒙古自治区",
        "21": "辽宁省", "22": "吉林省", "23": "黑龙江省", "31": "上海市", "32": "江苏省",
        "33": "浙江省", "34": "安徽省", "35": "福建省", "36": "江西省", "37": "山东省",
        "41": "河南省", "42": "湖北省", "43": "湖南省", "44": "广东省", "45": "广西壮族自治区",
        "46": "海南省", "50": "重庆市", "51": "四川省", "52": "贵州省", "53": "云南省",
        "54": "西藏自治区", "61": "陕西省", "62": "甘肃省", "63": "青海省", "64": "宁夏回族自治区",
        "65": "新疆维吾尔自治区",
    }
)  # fmt: skip
