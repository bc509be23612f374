from __future__ import annotations

import json
from datetime import date, timedelta

from assistant.serving.privacy import QuestionLog, mask


def test_mask_personal_identifiers():
    text = (
        "我的身份证110101199003071234，手机13812345678，卡号6222 0212 3456 7890 123，"
        "邮箱a.b@example.com，座机0531-83278192"
    )
    masked = mask(text)
    for secret in ("110101199003071234", "13812345678", "6222 0212 3456 7890 123", "a.b@example.com", "83278192"):
        assert secret not in masked
    assert "[身份证号]" in masked and "[手机号]" in masked and "[银行卡号]" in masked and "[邮箱]" in masked
    assert mask("哪些任务9月底前要完成？2024年12月底前") == "哪些任务9月底前要完成？2024年12月底前"


def test_log_is_masked_and_pruned(tmp_path):
    log = QuestionLog(tmp_path, retention_days=7)
    old = tmp_path / f"questions-{(date.today() - timedelta(days=30)).isoformat()}.jsonl"
    old.write_text("{}\n", encoding="utf-8")
    log.write("我的电话是13812345678，养老院信息公开吗", True, "what", "g1")
    assert not old.exists()
    entry = json.loads((tmp_path / f"questions-{date.today().isoformat()}.jsonl").read_text(encoding="utf-8"))
    assert "13812345678" not in entry["question"] and entry["generation"] == "g1"
