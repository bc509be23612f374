"""Resources created once in the app's lifespan and handed to routes with ``Depends``."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Annotated

from fastapi import Depends, Request

from assistant.answering.answerer import Assistant
from assistant.conversation.dialogue import Dialogue
from assistant.conversation.store import ConversationStore
from assistant.serving.answer_cache import AnswerCache
from assistant.serving.answers import AnswerSource
from assistant.serving.limits import RateLimiter
from assistant.serving.privacy import QuestionLog
from assistant.serving.worker import LowPriorityWorker
from assistant.settings import Settings
from indexer.index.catalog import Catalog
from indexer.index.reader import Snapshot

__all__ = [
    "AssistantDep",
    "CatalogDep",
    "ConversationsDep",
    "DialogueDep",
    "Resources",
    "ResourcesDep",
    "SettingsDep",
    "SnapshotDep",
    "TodayDep",
    "WriterDep",
]


@dataclass
class Resources:
    """Everything the routes share, opened once at start-up."""

    settings: Settings
    assistant: Assistant
    catalog: Catalog
    rate_limiter: RateLimiter
    question_log: QuestionLog
    writer: LowPriorityWorker
    conversations: ConversationStore
    dialogue: Dialogue
    answers: AnswerSource
    answer_cache: AnswerCache


def get_resources(request: Request) -> Resources:
    resources: Resources = request.app.state.resources
    return resources


def get_settings(request: Request) -> Settings:
    settings: Settings = request.app.state.settings
    return settings


def get_assistant(resources: Annotated[Resources, Depends(get_resources)]) -> Assistant:
    return resources.assistant


def get_catalog(resources: Annotated[Resources, Depends(get_resources)]) -> Catalog:
    return resources.catalog


def get_writer(resources: Annotated[Resources, Depends(get_resources)]) -> LowPriorityWorker:
    return resources.writer


def get_conversations(resources: Annotated[Resources, Depends(get_resources)]) -> ConversationStore:
    """The one store of conversation states, made at start-up (never per request)."""
    return resources.conversations


def get_dialogue(resources: Annotated[Resources, Depends(get_resources)]) -> Dialogue:
    return resources.dialogue


def get_snapshot(assistant: Annotated[Assistant, Depends(get_assistant)]) -> Snapshot:
    """One snapshot per request: everything the request reads comes from one generation."""
    return assistant.kb.current()


def get_today() -> date:
    """The date task statuses are measured against (overridden in tests)."""
    return date.today()


ResourcesDep = Annotated[Resources, Depends(get_resources)]
SettingsDep = Annotated[Settings, Depends(get_settings)]
AssistantDep = Annotated[Assistant, Depends(get_assistant)]
CatalogDep = Annotated[Catalog, Depends(get_catalog)]
SnapshotDep = Annotated[Snapshot, Depends(get_snapshot)]
TodayDep = Annotated[date, Depends(get_today)]
ConversationsDep = Annotated[ConversationStore, Depends(get_conversations)]
DialogueDep = Annotated[Dialogue, Depends(get_dialogue)]
WriterDep = Annotated[LowPriorityWorker, Depends(get_writer)]
