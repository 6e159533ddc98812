"""The Children in Need census: built from recorded answers through the statutory items
that form questions carry (`statutory: {return: cin_census, item: ...}`)."""
