"""Teams and user accounts: creating, listing, disabling."""
