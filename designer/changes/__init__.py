"""The change engine: semantic diff, change sets, merge, bundles (pure Python)."""
