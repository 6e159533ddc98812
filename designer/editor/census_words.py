"""Plain names for the statutory returns and census items a question can feed.

A working group reads "Date of the referral", not the Department for Education's item
code "CINreferralDate"; the code stays in the definition (and its Advanced view) for
whoever builds the return. Names follow the census guide
(`../shared/domain/cin-census.md`, beside the repository).
"""

from __future__ import annotations

RETURNS = {"cin_census": "the children in need census"}

CENSUS_ITEMS = {
    # The child
    "UPN": "Unique pupil number",
    "FormerUPN": "Former unique pupil number",
    "UPNunknown": "Why the unique pupil number is not known",
    "PersonBirthDate": "Child's date of birth",
    "ExpectedPersonBirthDate": "Baby's due date",
    "Sex": "Child's sex",
    "GenderCurrent": "Child's gender",
    "PersonDeathDate": "Date the child died",
    "Ethnicity": "Ethnicity",
    "Disability": "Disabilities",
    # The episode of need
    "CINreferralDate": "Date of the referral",
    "ReferralSource": "Who made the referral",
    "PrimaryNeedCode": "The child's main need",
    "CINclosureDate": "Date the case closed",
    "ReasonForClosure": "Why the case closed",
    "ReferralNFA": "Whether the referral led to no further action",
    # Assessments, plans, enquiries and conferences
    "AssessmentActualStartDate": "Date the assessment started",
    "AssessmentInternalReviewDate": "Date the assessment was reviewed",
    "AssessmentAuthorisationDate": "Date the assessment was authorised",
    "AssessmentFactors": "Factors found at assessment",
    "CINPlanStartDate": "Date the child in need plan started",
    "CINPlanEndDate": "Date the child in need plan ended",
    "S47ActualStartDate": "Date the child protection enquiry started",
    "InitialCPCtarget": "Date the first child protection conference was due",
    "DateOfInitialCPC": "Date of the first child protection conference",
    "ICPCnotRequired": "Whether a first child protection conference was not needed",
    "CPPstartDate": "Date the child protection plan started",
    "CPPendDate": "Date the child protection plan ended",
    "CPPreviewDate": "Date of a child protection review",
    "InitialCategoryOfAbuse": "First category of abuse",
    "LatestCategoryOfAbuse": "Latest category of abuse",
    "NumberOfPreviousCPP": "Number of earlier child protection plans",
}


def return_name(ident: str | None) -> str:
    """'the children in need census', or 'a statutory return' for one we do not know."""
    return RETURNS.get(ident or "", "a statutory return")


def item_name(code: str | None) -> str:
    """The census item's plain name; an item we have no name for is 'an item of the return'
    rather than its code."""
    return CENSUS_ITEMS.get(code or "", "an item of the return")
