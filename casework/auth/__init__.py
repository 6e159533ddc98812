"""Signing in and out, server-side sessions, throttling and lockout."""
