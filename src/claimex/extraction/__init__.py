"""Extraction: from a parsed Doc to claims (quotes, the three matchers, conflicts, speakers,
claim assembly)."""
