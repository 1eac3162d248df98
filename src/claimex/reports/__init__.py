"""Reports over claims: evaluation against gold, and speaker statistics."""
