"""Records: drafts saved as you type, conflicts shown not lost, submit and sign-off."""
