"""Request models of the API; limits that settings change are checked by the routes at run time."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field

__all__ = ["AskRequest"]


class AskRequest(BaseModel):
    """``POST /api/ask`` body. The question's length limit is ``ZHENGWUYUAN_MAX_QUESTION_CHARS``."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    question: str = Field(
        min_length=1, max_length=5000, description="问题（默认上限 500 字，见 ZHENGWUYUAN_MAX_QUESTION_CHARS）"
    )
    top_k: int | None = Field(default=None, ge=1, le=50, description="返回的引用条数（1–50，默认 ZHENGWUYUAN_TOP_K）")
    region: str | None = Field(default=None, max_length=30, description="地区过滤，如 章丘区")
    year: int | None = Field(default=None, ge=2000, le=2100, description="年份过滤")
    conversation_id: str | None = Field(
        default=None,
        max_length=64,
        pattern=r"^[A-Za-z0-9_-]*$",
        description=(
            "对话 id：传空字符串开始新的对话，之后传上一次回答返回的 conversation_id 即可追问"
            "（未知或已过期时开始新的对话）；省略时是单独的一问（与 ask --json 相同，不记对话）"
        ),
    )
