"""Admin routes: add or replace a document, remove one. Off unless ``ZHENGWUYUAN_ADMIN_TOKEN`` is set."""

from __future__ import annotations

import hmac
import re
import tempfile
from dataclasses import asdict
from pathlib import Path
from typing import Any

from fastapi import APIRouter, Depends, HTTPException, Request
from starlette.concurrency import run_in_threadpool
from starlette.datastructures import UploadFile

from assistant.serving.deps import AssistantDep, CatalogDep, SettingsDep
from indexer.errors import ZhengwuyuanError
from indexer.index.catalog import IngestResult, UnknownDocument, WriterBusy
from indexer.parsing.readers import SUPPORTED_SUFFIXES, unsupported_type

__all__ = ["require_admin", "router"]

_BAD_NAME = re.compile(r"[\x00-\x1f/\\]|\.\.")


def require_admin(request: Request, settings: SettingsDep) -> None:
    """Bearer token from ZHENGWUYUAN_ADMIN_TOKEN, compared in constant time; none configured → off."""
    token = settings.admin_token
    if token is None or not token.get_secret_value():
        raise HTTPException(403, detail="管理接口未启用：服务端未配置 ZHENGWUYUAN_ADMIN_TOKEN")
    scheme, _, given = request.headers.get("authorization", "").partition(" ")
    if scheme.lower() != "bearer" or not hmac.compare_digest(given.encode(), token.get_secret_value().encode()):
        raise HTTPException(401, detail="管理令牌缺失或错误", headers={"WWW-Authenticate": "Bearer"})


router = APIRouter(prefix="/api/documents", dependencies=[Depends(require_admin)])


@router.post("", summary="上传文档（管理员）", status_code=201)
async def upload(
    request: Request, settings: SettingsDep, catalog: CatalogDep, assistant: AssistantDep
) -> dict[str, Any]:
    upload = await _upload_field(request)
    name = upload.filename or ""
    if _BAD_NAME.search(name) or len(name) > 200:
        raise HTTPException(400, detail="file：文件名不合法（不得含路径、“..”或控制字符）")
    if Path(name).suffix.lower() not in SUPPORTED_SUFFIXES:
        raise HTTPException(415, detail=f"file：{unsupported_type(Path(name).suffix.lower())}")
    with tempfile.TemporaryDirectory(prefix="zhengwuyuan-upload-") as folder:
        staged = Path(folder) / "upload"
        size = await _save(upload, staged, settings.max_upload_bytes)
        if size == 0:
            raise HTTPException(400, detail="file：文件为空")
        try:
            result = await run_in_threadpool(catalog.add, [(staged, name)])
        except WriterBusy as exc:
            raise HTTPException(409, detail=str(exc)) from exc
    if result.failures:
        raise HTTPException(422, detail=f"file：{result.failures[0].problem}")
    assistant.kb.current()  # answerable as soon as this returns
    return _payload(result)


@router.delete("/{doc_id}", summary="删除文档（管理员）")
async def remove(doc_id: str, catalog: CatalogDep, assistant: AssistantDep) -> dict[str, Any]:
    if len(doc_id) > 200:
        raise HTTPException(422, detail="doc_id：过长")
    try:
        result = await run_in_threadpool(catalog.remove, doc_id)
    except UnknownDocument as exc:
        raise HTTPException(404, detail=str(exc)) from exc
    except ZhengwuyuanError as exc:  # WriterBusy, or the last document
        raise HTTPException(409, detail=str(exc)) from exc
    assistant.kb.current()
    return _payload(result)


async def _upload_field(request: Request) -> UploadFile:
    try:
        form = await request.form(max_files=1, max_fields=5)
    except HTTPException:
        raise
    except Exception as exc:  # malformed multipart, too many fields or files
        raise HTTPException(400, detail=f"file：无法解析上传内容（{exc}）") from exc
    upload = form.get("file")
    if not isinstance(upload, UploadFile) or not upload.filename:
        raise HTTPException(422, detail="file：请以 multipart 字段 file 上传一个文件")
    return upload


async def _save(upload: UploadFile, target: Path, limit: int) -> int:
    """Copy the upload in chunks, refusing it as soon as it passes ``limit`` bytes."""
    size = 0
    with open(target, "wb") as handle:
        while chunk := await upload.read(64 * 1024):
            size += len(chunk)
            if size > limit:
                raise HTTPException(413, detail=f"file：文件过大，上限 {limit // (1024 * 1024)} MB")
            handle.write(chunk)
    return size


def _payload(result: IngestResult) -> dict[str, Any]:
    payload = asdict(result)
    payload.pop("failures")
    return payload
