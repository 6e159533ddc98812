"""The visual designer: the library, the form editor, preview, review and publishing.

Register `designer.editor.routes.bp`. Routes are split by noun (views_*.py); `service`,
`review`, `outcomes`, `impact` and `impact_service` are the only modules that touch the
database session (and designer/history/import_review.py, for imports under review). The
pure modules (operations, conditions, checking, duplication) import nothing of Flask.
"""
