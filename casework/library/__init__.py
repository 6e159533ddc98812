"""Published form and pathway versions in the database, synced from the library folder."""
