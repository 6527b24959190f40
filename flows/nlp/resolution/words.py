"""Word lists of speaker resolution: which nouns name an organisation, an institution or a
document ("it"), and which plural nouns name people ("they")."""

from __future__ import annotations

import re

# Nouns by which an article refers back to an organisation it named ("the firm said").
COMPANY_NOUNS = frozenset(
    "firm company group bank carrier airline retailer maker manufacturer giant operator chain "
    "network broadcaster publisher studio club team agency union party campaign".split()
)
# Heads of singular noun phrases that an "it" may stand for: institutions, and the documents that
# "say" things ("the report ... it said", "his website ... it reads").
INSTITUTION_NOUNS = COMPANY_NOUNS | frozenset(
    "government ministry department council committee commission court board administration "
    "report study survey poll paper newspaper magazine journal editorial watchdog regulator "
    "organisation organization association body institute foundation "
    "website site page letter memo statement document ad advertisement video sign bill law plan "
    "book article post tweet email message passage release".split()
)

# Plural nouns that name people, for "they": the common ones, and the endings of the rest
# ("protesters", "economists", "Democrats" are entities already). Things do not speak, so "their
# arguments" or "the statements" never stand for "they".
PEOPLE_NOUNS = frozenset(
    "people persons police officials leaders members voters residents citizens critics analysts "
    "experts economists scientists lawmakers legislators senators congressmen congresswomen "
    "protesters supporters opponents activists campaigners workers employees staff aides advisers "
    "advisors parents children kids women men families fans players troops soldiers officers "
    "judges justices lawyers attorneys prosecutors doctors nurses teachers students farmers "
    "candidates ministers mps delegates donors investors traders bankers executives authorities "
    "researchers organisers organizers sources insiders observers colleagues allies rivals "
    "americans britons europeans immigrants refugees migrants muslims christians jews folks "
    "guys couples victims survivors witnesses owners users readers viewers listeners".split()
)
_PEOPLE_ENDINGS = re.compile(r"(?:ers|ors|ists|ians|eers|ees|men|women|ents|ants)$")
_NOT_PEOPLE = re.compile(
    r"(?:ments|numbers|matters|letters|papers|orders|centers|centres|powers|offers|members'"
    r"|computers|waters|borders|quarters|headquarters|terms|plants|grants|restaurants|errors)$"
)


def names_people(plural_head: str) -> bool:
    """Does a plural head noun name people ("protesters"), not things ("arguments")?"""
    word = plural_head.lower()
    if word in PEOPLE_NOUNS:
        return True
    return bool(_PEOPLE_ENDINGS.search(word)) and not _NOT_PEOPLE.search(word)
