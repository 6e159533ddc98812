"""Administration: accounts."""
