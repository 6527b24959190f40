"""Speakers resolved to names without a coreference model: `speakers` holds the rules, `genders`
which pronoun a person takes, `phrases` the noun phrases of the parse that resolution weighs."""

from flows.nlp.resolution.phrases import Phrase, noun_phrases
from flows.nlp.resolution.speakers import PRONOUNS, Resolution, SpeakerResolver

__all__ = ["PRONOUNS", "Phrase", "Resolution", "SpeakerResolver", "noun_phrases"]
