"""`python -m extractor`: the same command as `decision-extractor` (the distribution's name)."""

from .cli import entry_point

if __name__ == "__main__":
    entry_point()
