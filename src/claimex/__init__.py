"""claimex: extract who said what from news text.

>>> import claimex
>>> claims = claimex.extract("“We will not back down,” said Ada Okoro.")
>>> claims[0].speaker.name, claims[0].type
('Ada Okoro', 'direct')
"""

from claimex._version import __version__
from claimex.api import extract, extract_many
from claimex.reports.speaker_stats import SpeakerRow, count_speakers
from claimex.schemas import SCHEMA_VERSION, Claim, Content, Cue, Span, Speaker

__all__ = [
    "SCHEMA_VERSION",
    "Claim",
    "Content",
    "Cue",
    "Span",
    "Speaker",
    "SpeakerRow",
    "__version__",
    "count_speakers",
    "extract",
    "extract_many",
]
