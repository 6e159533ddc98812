"""The form editor: sections and questions, the properties panel, preview, YAML."""
