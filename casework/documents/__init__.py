"""Family and professional documents from records: preview, print, PDF, issue."""
