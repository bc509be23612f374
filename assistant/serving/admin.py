"""Admin routes: add or replace a document, remove one. Off unless ``ZHENGWUYUAN_ADMIN_TOKEN`` is set."""

from __future__ import annotations

import errno
import hmac
import logging
import re
import tempfile
from dataclasses import asdict
from pathlib import Path
from typing import Any

from fastapi import APIRouter, Depends, HTTPException, Request
from starlette.datastructures import UploadFile
from starlette.exceptions import HTTPException as StarletteHTTPException

from assistant.serving.deps import AssistantDep, CatalogDep, SettingsDep, WriterDep
from indexer.errors import DiskFull, WriteTimeout, ZhengwuyuanError
from indexer.index.catalog import IngestResult, UnknownDocument, WriterBusy
from indexer.parsing.identity.declared import Declaration, InvalidDeclaration, declaration
from indexer.parsing.readers import SUPPORTED_SUFFIXES, unsupported_type

__all__ = ["require_admin", "router"]

log = logging.getLogger("zhengwuyuan.api")
_DISK_FULL = "磁盘空间不足，本次写入已取消，现有知识库不受影响；请联系管理员清理空间后重试。"
_BAD_NAME = re.compile(r"[\x00-\x1f/\\]|\.\.")
_MAX_DECLARED_CHARS = 50


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
    request: Request, settings: SettingsDep, catalog: CatalogDep, assistant: AssistantDep, writer: WriterDep
) -> dict[str, Any]:
    """Stage the file, then write it in the low-priority worker (questions keep their CPU).

    Optional form fields ``region`` and ``year`` declare the document's place and year (they win over the
    file's own clues); an unknown place or a bad year is refused with 422 before anything is stored.
    The response's ``documents`` gives, per document id, its title, region, year and where each came from.
    """
    upload, declared = await _upload_fields(request)
    name = upload.filename or ""
    if _BAD_NAME.search(name) or len(name) > 200:
        raise HTTPException(400, detail="file：文件名不合法（不得含路径、“..”或控制字符）")
    if Path(name).suffix.lower() not in SUPPORTED_SUFFIXES:
        raise HTTPException(415, detail=f"file：{unsupported_type(Path(name).suffix.lower())}")
    with tempfile.TemporaryDirectory(prefix="zhengwuyuan-upload-") as folder:
        staged = Path(folder) / "upload"
        try:
            size = await _save(upload, staged, settings.max_upload_bytes)
        except OSError as exc:  # staging on a full disk
            raise _write_error(exc) from exc
        if size == 0:
            raise HTTPException(400, detail="file：文件为空")
        try:
            result = await writer.run(catalog.add, [(staged, name)], declared)
        except (WriterBusy, OSError, ZhengwuyuanError) as exc:
            raise _write_error(exc) from exc
    if result.failures:
        raise HTTPException(422, detail=f"file：{result.failures[0].problem}")
    assistant.kb.current()  # answerable as soon as this returns
    return _payload(result)


@router.delete("/{doc_id}", summary="删除文档（管理员）")
async def remove(doc_id: str, catalog: CatalogDep, assistant: AssistantDep, writer: WriterDep) -> dict[str, Any]:
    if len(doc_id) > 200:
        raise HTTPException(422, detail="doc_id：过长")
    try:
        result = await writer.run(catalog.remove, doc_id)
    except UnknownDocument as exc:
        raise HTTPException(404, detail=str(exc)) from exc
    except (OSError, ZhengwuyuanError) as exc:  # WriterBusy, the last document, a full disk
        raise _write_error(exc) from exc
    assistant.kb.current()
    return _payload(result)


async def _upload_fields(request: Request) -> tuple[UploadFile, Declaration]:
    try:
        form = await request.form(max_files=1, max_fields=5)
    except StarletteHTTPException:  # the body limit's 413, raised while the body streams
        raise
    except Exception as exc:  # malformed multipart, too many fields or files
        raise HTTPException(400, detail=f"file：无法解析上传内容（{exc}）") from exc
    upload = form.get("file")
    if not isinstance(upload, UploadFile) or not upload.filename:
        raise HTTPException(422, detail="file：请以 multipart 字段 file 上传一个文件")
    values: dict[str, str | None] = {}
    for field in ("region", "year"):
        value = form.get(field)
        if value is not None and (not isinstance(value, str) or len(value) > _MAX_DECLARED_CHARS):
            raise HTTPException(422, detail=f"{field}：须为不超过 {_MAX_DECLARED_CHARS} 字的文字")
        values[field] = value
    try:
        region = declaration(region=values["region"]).region
    except InvalidDeclaration as exc:
        raise HTTPException(422, detail=f"region：{exc}") from exc
    try:
        year = declaration(year=values["year"]).year
    except InvalidDeclaration as exc:
        raise HTTPException(422, detail=f"year：{exc}") from exc
    return upload, Declaration(region, year)


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


def _write_error(exc: BaseException) -> HTTPException:
    """Map a failed index write to a status: full disk 507, time budget 503, busy or refused 409.

    The writer leaves the served generation untouched in every case, so the
    message says so. A bare ``ENOSPC`` counts as :class:`DiskFull` too.
    """
    if isinstance(exc, DiskFull) or (isinstance(exc, OSError) and exc.errno in (errno.ENOSPC, errno.EDQUOT)):
        log.error("index write refused, disk full: %s", exc)
        return HTTPException(
            507, detail="磁盘空间不足，本次写入已取消，现有知识库不受影响；请联系管理员清理空间后重试。"
        )
    if isinstance(exc, WriteTimeout):
        log.error("index write abandoned: %s", exc)
        return HTTPException(503, detail=f"写入超时已取消，现有知识库不受影响：{exc}", headers={"Retry-After": "60"})
    if isinstance(exc, OSError):
        log.exception("index write failed")
        return HTTPException(500, detail="写入失败，现有知识库不受影响；请稍后再试。")
    return HTTPException(409, detail=str(exc))


def _payload(result: IngestResult) -> dict[str, Any]:
    payload = asdict(result)
    payload.pop("failures")
    return payload
