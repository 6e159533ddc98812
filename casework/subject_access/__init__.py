"""Subject access: everything held about one person, as a bundle for redaction review."""
