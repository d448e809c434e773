"""Spam planted the way SEO tools inject it, for tests/rules/test_spam.py and the measurements in docs/spam.md.

``plant_phrase`` pastes one brand-like keyword (place + product, as SEO keyword tools build them) into a
clean text 2–4 times at random character positions; ``plant_lines`` puts keyword-block lines drawn from
the data file's examples between paragraphs.  Both return the damaged text; the clean text is the truth.
"""

from __future__ import annotations

import random

#: place names SEO keyword tools prepend (provinces and large cities)
PLACES = (
    "浙江", "江苏", "广东", "深圳", "上海", "北京", "杭州", "苏州", "成都", "重庆", "武汉", "郑州",
    "济南", "青岛", "厦门", "福州", "长沙", "南京", "合肥", "昆明", "西安", "天津", "宁波", "东莞",
)
#: product and service nouns of commercial keywords; the last six are not heads in brand_heads.tsv
PRODUCTS = (
    "汽车品牌", "装修公司", "家具定制", "搬家公司", "网站建设", "婚纱摄影", "二手车", "瓷砖批发",
    "门窗厂家", "空调维修", "驾校", "留学中介公司", "钢材价格", "服装批发", "茶叶专卖", "白酒加盟",
    "净水器厂家", "显示屏报价", "广告公司", "礼品定制", "律师事务所电话", "旅行社", "轴承厂家", "鲜花快递",
    # not in the head list: recall on these is expected to be lower
    "光伏板", "数控机床", "不锈钢水箱", "电动叉车", "猫砂", "钓鱼竿",
)


def brand_phrase(rng: random.Random) -> str:
    return rng.choice(PLACES) + rng.choice(PRODUCTS)


def plant_phrase(text: str, phrase: str, times: int, rng: random.Random) -> str:
    """Insert ``phrase`` ``times`` times at distinct random positions strictly inside ``text``."""
    positions = sorted(rng.sample(range(1, len(text)), times))
    out = []
    last = 0
    for p in positions:
        out.append(text[last:p])
        out.append(phrase)
        last = p
    out.append(text[last:])
    return "".join(out)


def plant_lines(paragraphs: list[str], lines: list[str], rng: random.Random) -> str:
    """Join ``paragraphs`` with blank lines and put each of ``lines`` between two of them (or first)."""
    blocks = list(paragraphs)
    for line in lines:
        blocks.insert(rng.randrange(0, len(blocks) + 1), line)
    return "\n\n".join(blocks) + "\n"


def fake_gambling_notice(rng: random.Random, strong_terms: list[str]) -> str:
    """A fake notice as hacked portals carry it: a 'domain change' announcement with sign-up bait."""
    site = rng.choice(["澳门新葡京", "金沙", "威尼斯人", "太阳城", "皇冠"]) + rng.choice(["娱乐城", "官网", "平台"])
    games = "、".join(rng.sample(strong_terms, 4))
    return (
        f"关于{site}更换域名的公告\n\n尊敬的会员：为了给您提供更好的服务，{site}已全面升级。"
        f"{rng.choice(['新用户注册即送', '首次充值送', '每日签到领'])}{rng.randint(8, 88)}元彩金，"
        f"{rng.choice(['返水', '提款', '存款'])}秒到账。{games}应有尽有，"
        f"{rng.choice(['信誉第一', '安全稳定', '大额无忧'])}，欢迎{rng.choice(['登录', '注册', '下载APP'])}。\n"
    )


def crackdown_report(rng: random.Random, strong_terms: list[str]) -> str:
    """A police or 扫黄打非 report naming the same gambling terms (a hard negative)."""
    games = "、".join(rng.sample(strong_terms, 3))
    return (
        f"{rng.choice(['省公安厅', '市公安局', '全国“扫黄打非”办公室'])}通报，今年以来依法严厉打击网络赌博违法犯罪活动，"
        f"侦破以{games}等名义组织参赌的案件{rng.randint(10, 900)}起，抓获犯罪嫌疑人{rng.randint(10, 900)}名。"
        "警方提醒，不法分子常以“注册送彩金”为诱饵实施诈骗，群众要提高警惕，发现线索及时举报。\n"
    )
