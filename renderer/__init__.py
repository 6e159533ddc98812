"""Convivial: the renderer turns definitions into screens and documents."""
