"""Words for people: counts with their noun ("1 claim", "1,204 claims")."""


def count(n: int, noun: str) -> str:
    """`n` with thousands separators and `noun`, plural unless `n` is 1."""
    return f"{n:,} {noun}{'' if n == 1 else 's'}"
