"""Each role's home page: what that person came to do, first."""
