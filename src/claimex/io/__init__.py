"""Reading documents and writing claims."""
