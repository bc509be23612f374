"""The words follow-ups are read by: references, ordinals, fields, list refinements, and words that carry nothing.

One vocabulary, not one rule per dialogue: each list is a class of words people
use (written the way they type — typos such as 啥时侯, 他 for 它), so a wording
never seen before still reads the same when it is built from these words.
Questions arrive normalised (simplified characters, half-width), so only
simplified forms are listed.
"""

from __future__ import annotations

import re

from assistant.conversation.state import Field

__all__ = [
    "ANY_PLACE",
    "COUNT",
    "FIELD_WORDS",
    "FILLER",
    "FROM_END",
    "LAST",
    "MORE",
    "ORDINAL",
    "REFERENCE",
    "REFINE_MARK",
    "SORT",
    "STATUS_WORDS",
    "chinese_number",
]


def _words(words: str) -> re.Pattern[str]:
    """One pattern for a space-separated word list, longest first (so 上面那条 wins over 那条)."""
    return re.compile("|".join(sorted({re.escape(w) for w in words.split()}, key=len, reverse=True)))


# Words that point back at something already said: pronouns, demonstratives, "the one above".
REFERENCE = _words(
    "它们 它 他 她 这项 这条 这个 这件 这一项 这一条 这事 这些 该项 该条 "
    "该任务 此项 此条 那项 那条 那个 那件 那些 那一项 上面那条 上面那个 "
    "上面那项 上面的 上面说的 上述 上一条 上一个 上个 前面那个 前面那条 前面说的 刚才说的 "
    "刚才那个 刚才那条 刚刚说的 刚刚那个 刚才 刚刚 以上 其 本项 这个任务 "
    "这项任务 这项工作 那个任务 这个工作 该项工作"
)
_CN_DIGITS = {"零": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
# 第二条, 第2项, 第十二个, 2号; 头一个; the measure word is optional after 第.
ORDINAL = re.compile(
    r"第\s*([0-9]{1,3}|[零一二两三四五六七八九十]{1,3})(?![0-9零一二两三四五六七八九十])"
    r"(?!\s*(?:季|批|次|年|部分|章|轮|届|期|方|类|种|阶段|步|产业|名))\s*(?:条|项|个|件|点|号|行|位|款)?|头一(?:条|项|个)"
)
LAST = re.compile(r"最后(?:一|那)?(?:条|项|个|件)")
FROM_END = re.compile(r"倒数第\s*([0-9]{1,3}|[一二两三四五六七八九十]{1,3})\s*(?:条|项|个|件)?")

# What is asked about a task. Order matters where words overlap: a partner question is not a who question.
FIELD_WORDS: tuple[tuple[Field, re.Pattern[str]], ...] = (
    (
        "partner",
        _words(
            "配合 协办 协助 协同 参与单位 还有哪些单位 还有哪些部门 还有谁 其他单位 "
            "其他部门 别的单位 别的部门 一起负责 配合单位 协办单位 责任单位还有 配和 协作 参加"
        ),
    ),
    ("lead", _words("牵头 牵投 主办 主责 负总责 带头 主管单位 主要负责 挑头 领头")),
    (
        "who",
        _words(
            "谁负责 谁来 谁管 谁干 谁做 谁弄 谁办 归谁 谁 哪个部门 哪些部门 "
            "哪个单位 哪些单位 什么部门 什么单位 啥部门 啥单位 哪家 责任单位 负责单位 "
            "负责部门 部门 单位 负责"
        ),
    ),
    (
        "when",
        _words(
            "什么时候 啥时候 啥时侯 什么时侯 时侯 何时 几时 多会儿 多久 时限 期限 "
            "截止 截至 到期 完成时间 完成日期 时间要求 时间节点 时间 日期 哪天 几月 "
            "几号 多长时间 啥时 啥时后 什么时后 时后 几点 完成了吗 完成了没 完成没 办完了吗 弄完了吗 做完了吗 when"
        ),
    ),
    (
        "source",
        _words(
            "出处 出自 哪个文件 哪份文件 什么文件 啥文件 来源 文件里 文件哪里 在哪 "
            "哪里规定 依据 哪一条 第几条 文号 哪个文 哪一年 哪年 哪个地方的 哪里的 什么地方的"
        ),
    ),
    (
        "text",
        _words(
            "原文 原问 怎么写的 咋写的 怎么写 咋写 具体内容 具体要求 内容是 说的啥 "
            "说的什么 写的什么 写的啥 条文 全文 怎么规定 咋规定 具体怎么 啥内容 "
            "什么内容 讲的啥 讲的什么 原话 要求是 怎么要求"
        ),
    ),
    (
        "detail",
        _words(
            "要求 哪些内容 做什么 做些什么 干什么 干啥 要做啥 要干啥 详细 具体说说 "
            "具体讲讲 展开 说说 讲讲 介绍一下 介绍下 细说 详情 怎么回事 咋回事 "
            "啥意思 什么意思 具体点 具体一点 看看"
        ),
    ),
)

# Refinements of the last list.
REFINE_MARK = _words(
    "其中 里面 里头 这些 那些 当中 中间 这里面 这其中 只看 只要 就看 仅看 "
    "光看 单看 筛 过滤 挑出 哪些是 有哪些是 只列 只显示 只留"
)
STATUS_WORDS: tuple[tuple[str, re.Pattern[str]], ...] = (
    (
        "upcoming",
        _words("未到期 还没到期 没到期 尚未到期 没过期 还没过期 未逾期 没逾期 没有逾期"),
    ),
    (
        "overdue",
        _words("逾期 超期 过期 过了期限 过了时限 已经过了 已过期 没按时 未按时 延期 已到期 到期了 超时"),
    ),
    ("ongoing", _words("长期 持续性 常态化 长期坚持 持续推进 没有截止 没有期限 无固定")),
)
ANY_PLACE = _words("全部 都要 都看 都行 都可以 所有 各地 随便 不限 无所谓 都列")
COUNT = _words("一共多少 总共多少 共多少 多少项 几项 多少个 多少条 几条 一共几 总共几 有多少")
SORT = _words(
    "按时间 按时限 按截止 按日期 按完成时间 按期限 按先后 排序 排一下 排个序 "
    "排列 先后 从早到晚 早的在前 由近到远 按到期 排排 排下"
)
MORE = re.compile(
    r"^(?:那)?(?:还有(?:吗|么|嘛|没|没有|呢|其他的|别的|其他|更多)?|更多|下一页|下页|继续|接着说?|接着来|后面的?|"
    r"后面还有没有|后面还有吗|后面呢|剩下的|其余的|其他的呢|别的呢|再来点?|再多点|再列几(?:条|个|项)|再给几(?:条|个|项)|"
    r"再来几(?:条|个|项)|再说几(?:条|个|项)|多说几(?:条|个|项)|往下|翻页)"
    r"(?:吗|么|嘛|没|没有|呢|的|了)*$"
)

# Words that carry no topic of their own: particles, fillers, verbs of doing, "the one", punctuation.
FILLER = _words(
    "那么 那 呢 吗 么 嘛 啊 呀 吧 哦 噢 嗯 哈 了 的 得 地 是 有 要 "
    "需要 应该 能 会 去 来 再 又 也 还 都 就 请问 请 问一下 问下 一下 "
    "下 我想 想 知道 告诉我 给我 帮我 麻烦 说 讲 看 查 查查 完成 完工 "
    "弄完 弄好 办完 做完 搞定 搞完 干完 落实 执行 开展 做 干 弄 搞 办 "
    "好 完 公开 发布 公布 推进 如果是 换成 换到 改成 换 情况 怎么样 咋样 "
    "如何 怎样 那边 这边 的话 要是 呢 任务 工作 事项 事儿 事情 事 条 项 个 件 一 哪 "
    "些 要求 什么 啥 怎么 咋 多少 几 吗 呗 哈 谢谢 好的 对 嗯嗯 还是 "
    "具体 一共 总共 现在 目前 已经 没有 没 不 可以 在 和 与 跟 及 或 "
    "按 时候 时 为 被 由 给 把 让 用 回答 刚 最后 地方 地区 区域 年份 年度"
)


def chinese_number(text: str) -> int | None:
    """二 → 2, 十二 → 12, 二十 → 20, 12 → 12; None when it is not a small number."""
    if text.isdigit():
        return int(text)
    if not text or any(ch not in _CN_DIGITS and ch != "十" for ch in text):
        return None
    if "十" not in text:
        return _CN_DIGITS[text] if len(text) == 1 else None
    tens, _, units = text.partition("十")
    high = _CN_DIGITS.get(tens, 0) if tens else 1
    low = _CN_DIGITS.get(units, 0) if units else 0
    return high * 10 + low
