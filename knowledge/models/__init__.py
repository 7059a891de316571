"""ORM tables. These classes never leave the knowledge layer."""

from knowledge.models.accounts import Account, Contact, Feature, TeamMember
from knowledge.models.api_keys import ApiKey
from knowledge.models.audit import AuditEntry
from knowledge.models.base import Base
from knowledge.models.conversation import ConversationTurn
from knowledge.models.documents import Note, Playbook, PlaybookVersion
from knowledge.models.outcomes import Subscription, Ticket
from knowledge.models.retrieval import EmbeddingCache, PassageFeedback, QuestionLog
from knowledge.models.slack import (
    SlackDigestItem,
    SlackEvent,
    SlackFeedback,
    SlackReply,
    SlackThread,
)
from knowledge.models.usage import UsageFeatureDaily, UsageUserDaily, ValueMetric

__all__ = [
    "Account",
    "ApiKey",
    "AuditEntry",
    "Base",
    "Contact",
    "ConversationTurn",
    "EmbeddingCache",
    "Feature",
    "Note",
    "PassageFeedback",
    "Playbook",
    "PlaybookVersion",
    "QuestionLog",
    "SlackDigestItem",
    "SlackEvent",
    "SlackFeedback",
    "SlackReply",
    "SlackThread",
    "Subscription",
    "TeamMember",
    "Ticket",
    "UsageFeatureDaily",
    "UsageUserDaily",
    "ValueMetric",
]
