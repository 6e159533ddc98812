"""The audit trail you can prove: the hash chain, the auditor's search, who has looked."""
