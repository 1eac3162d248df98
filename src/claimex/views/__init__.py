"""Views of claims for people: the article with its claims highlighted (terminal and HTML)."""
