"""Database models. Only services (casework/*/service.py) use the session directly."""

from casework.models.accounts import ROLES, SignInAttempt, Team, User, UserSession
from casework.models.audit import AuditEvent, AuditEventCase
from casework.models.case_facts import CaseFact
from casework.models.caseloads import CaseComplexity, WorkerCapacity
from casework.models.cases import (
    PERSON_ROLES,
    BreakGlassGrant,
    Case,
    CaseAccess,
    CaseEvent,
    Involvement,
    Person,
)
from casework.models.designer import (
    DRAFT_STATES,
    DesignDraft,
    DraftApproval,
    DraftComment,
    DraftEdit,
    DraftView,
)
from casework.models.documents import IssuedDocument
from casework.models.family_context import ContextPerson, ContextService, FamilyContextUpload
from casework.models.library import FormVersion, PathwayVersion
from casework.models.records import RECORD_STATES, Record, RecordSave, StageInstance
from casework.models.rendered_documents import RenderedDocument
from casework.models.tasks import TASK_STATES, Job, Task
from casework.models.timing import TimeSpent

__all__ = [
    "DRAFT_STATES",
    "DesignDraft",
    "DraftApproval",
    "DraftComment",
    "DraftEdit",
    "DraftView",
    "PERSON_ROLES",
    "RECORD_STATES",
    "TASK_STATES",
    "ROLES",
    "AuditEvent",
    "AuditEventCase",
    "BreakGlassGrant",
    "Case",
    "CaseFact",
    "CaseComplexity",
    "CaseAccess",
    "CaseEvent",
    "ContextPerson",
    "ContextService",
    "FamilyContextUpload",
    "FormVersion",
    "IssuedDocument",
    "Job",
    "Involvement",
    "PathwayVersion",
    "Person",
    "Record",
    "RecordSave",
    "RenderedDocument",
    "SignInAttempt",
    "StageInstance",
    "Task",
    "Team",
    "TimeSpent",
    "User",
    "UserSession",
    "WorkerCapacity",
]
