"""Plain words for what an audit entry records. Auditors never read action codes.

A test finds every action the code writes and fails if one has no words here.
"""

from __future__ import annotations

ACTION_WORDS = {
    # Looking at a child's data
    "case_viewed": "Looked at the case",
    "time_refused": "Sent time spent recording that could not be counted",
    "work_list_viewed": "Looked at their work list",
    "cases_listed": "Saw the list of cases",
    "cases_searched": "Searched for a child",
    "add_person_page_viewed": "Opened the page to add a person to the case",
    "add_service_page_viewed": "Opened the page to add a service to the case",
    "add_task_page_viewed": "Opened the page to add a task to the case",
    "lead_worker_page_viewed": "Opened the page to give the case to another worker",
    "record_viewed": "Looked at a record",
    "record_printed": "Printed a record",
    "document_previewed": "Looked at a document",
    "document_printed": "Printed a document",
    "document_downloaded": "Downloaded a document",
    "issue_page_viewed": "Opened the page to issue a document",
    "issued_document_downloaded": "Downloaded an issued document",
    "viewers_listed": "Looked at who has seen the case",
    "case_named_people_viewed": "Looked at who can see a restricted case",
    "subject_access_searched": "Searched for a person to answer a subject access request",
    "subject_access_exported": "Exported everything held about a person (subject access)",
    # Emergency access to a restricted case: auditors review every one
    "break_glass": "Broke the glass: saw a restricted case they are not named on",
    "break_glass_no_case": "Tried to break the glass on a case that does not exist",
    "census_built": "Built the children in need census",
    "census_checked": "Checked the children in need census",
    "census_downloaded": "Downloaded the children in need census",
    "family_context_viewed": "Looked at other services' records about the family",
    "family_context_previewed": "Checked family context files before importing",
    "family_context_review_viewed": "Looked at family context people held for review",
    "chronology_viewed": "Looked at the case's chronology",
    "chronology_printed": "Printed the case's chronology",
    "chronology_downloaded": "Downloaded the case's chronology",
    "case_notes_searched": "Searched a case's notes and records",
    # Refusals
    "case_access_refused": "Was refused a case",
    "case_not_found": "Asked for a case that does not exist",
    "access_denied": "Was refused a page",
    "method_refused": "Sent a request the page does not accept",
    "csrf_failed": "Sent a form that failed its security check",
    # Changing a child's data
    "case_opened": "Opened a case",
    "person_added": "Added a person to the case",
    "involvement_added": "Added a service to the case",
    "case_person_named": "Named someone who can see a restricted case",
    "case_person_removed": "Removed someone from a restricted case",
    "case_person_named_by_administrator": "Named someone on a restricted case nobody could open",
    "record_started": "Started a record",
    "note_started": "Started a case note",
    "record_saved": "Saved answers in a record",
    "record_submitted": "Sent a record for sign-off",
    "record_authorised": "Signed off a record",
    "record_returned": "Returned a record for changes",
    "record_completed": "Completed a record",
    "record_moved_version": "Moved a record to a newer form",
    "task_created": "A task was added to the case",
    "task_completed": "A task on the case was done",
    "case_reassigned": "Gave the case to another worker",
    "case_complexity_set": "Set how complex the case is, for caseload weighting",
    "caseloads_viewed": "Looked at the team's caseloads",
    "team_viewed": "Looked at a team's figures (as a manager's manager)",
    "document_issued": "Issued a document",
    "family_context_imported": "Imported family context from other services",
    "family_context_refused": "Had family context files refused",
    "family_context_match_confirmed": "Confirmed a family context match",
    "family_context_match_rejected": "Rejected a family context match",
    # Signing in and accounts
    "sign_in": "Signed in",
    "sign_in_failed": "Failed to sign in",
    "sign_in_throttled": "Was stopped from signing in (too many attempts)",
    "sign_out": "Signed out",
    "session_expired": "Was signed out after being idle",
    "password_changed": "Changed their password",
    "password_change_failed": "Failed to change their password",
    "temporary_password_set": "Gave someone a temporary password",
    "user_created": "Created an account",
    "user_enabled": "Re-enabled an account",
    "user_disabled": "Disabled an account",
    # The audit log itself
    "audit_log_viewed": "Looked at the audit log",
    "audit_log_searched": "Searched the audit log",
    "audit_log_exported": "Downloaded audit log entries",
    # Forms and pathways
    "version_published": "Published a form or pathway version",
    "design_draft_started": "Started a design draft",
    "design_proposed": "Proposed a design for review",
    "design_approved": "Approved a design",
    "design_published": "Published a design",
    "design_resubmitted": "Sent a design back for approval after making the changes asked for",
    "design_changes_requested": "Asked for changes to a design and sent it back to its author",
    "design_rejected": "Rejected a design: it will not be published",
    "design_withdrawn": "Withdrew their design from review to go on editing it",
    "design_discarded": "Discarded a design draft",
    "library_import_submitted": "Sent changes from another council for approval",
    "change_specification_downloaded": "Downloaded a change specification",
    "library_import_uploaded": "Uploaded another council's pathway",
    "library_import_previewed": "Looked at another council's changes",
    "library_import_refused": "Had another council's file refused",
    "library_import_cancelled": "Cancelled an import from another council",
    "library_import_choices_saved": "Saved choices about another council's changes",
    "library_import_published": "Published changes from another council",
    "library_import_publish_repeated": "Tried to publish an import again",
    "library_import_sync_failed": "Had an import fail to publish",
}


# Entries an auditor must review: the search can show only these, the home page counts them.
BREAK_GLASS_ACTIONS = ("break_glass", "break_glass_no_case")


def words_for(action: str) -> str:
    """The plain words, or the code made readable for an action added since."""
    return ACTION_WORDS.get(action) or action.replace("_", " ").capitalize()


def action_choices() -> list[tuple[str, str]]:
    return sorted(((code, words) for code, words in ACTION_WORDS.items()), key=lambda c: c[1])
