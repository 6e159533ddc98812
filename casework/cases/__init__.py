"""Cases: the child, the family and network, services involved, the timeline."""
