"""Reports for the paper: participant characteristics (table 1), methods figures, COREQ, quote bank."""
