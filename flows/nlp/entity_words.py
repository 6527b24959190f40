"""Word lists the entity rules read (`flows.nlp.entity_rules`), in one place.

All lower-case; multi-word entries are joined by single spaces. Names are matched on their words
with dots removed ("U.S." → "us").
"""

from __future__ import annotations

# Countries and the home nations and territories that field national sides. In sports reports a
# country is its national side, and news (and CoNLL) keep it a place: only clubs and other teams
# named after a town or county become organisations.
COUNTRIES = frozenset(
    name.strip()
    for name in """
    afghanistan, albania, algeria, andorra, angola, argentina, armenia, australia, austria, azerbaijan,
    bahamas, bahrain, bangladesh, barbados, belarus, belgium, belize, benin, bermuda, bhutan, bolivia, bosnia,
    botswana, brazil, brunei, bulgaria, burkina faso, burma, burundi, cambodia, cameroon, canada, cape verde,
    chad, chile, china, colombia, congo, costa rica, croatia, cuba, cyprus, czech republic, czechoslovakia,
    denmark, dominican republic, ecuador, egypt, el salvador, england, eritrea, estonia, ethiopia, faroe islands,
    fiji, finland, france, gabon, gambia, georgia, germany, ghana, great britain, greece, guatemala, guinea,
    guyana, haiti, holland, honduras, hong kong, hungary, iceland, india, indonesia, iran, iraq, ireland,
    republic of ireland, israel, italy, ivory coast, jamaica, japan, jordan, kazakhstan, kenya, korea,
    north korea, south korea, kosovo, kuwait, kyrgyzstan, laos, latvia, lebanon, lesotho, liberia, libya,
    liechtenstein, lithuania, luxembourg, macedonia, madagascar, malawi, malaysia, mali, malta, mauritania,
    mauritius, mexico, moldova, monaco, mongolia, montenegro, morocco, mozambique, myanmar, namibia, nepal,
    netherlands, new zealand, nicaragua, niger, nigeria, northern ireland, norway, oman, pakistan, palestine,
    panama, papua new guinea, paraguay, peru, philippines, poland, portugal, puerto rico, qatar, romania,
    russia, rwanda, samoa, san marino, saudi arabia, scotland, senegal, serbia, sierra leone, singapore,
    slovakia, slovenia, somalia, south africa, spain, sri lanka, sudan, suriname, sweden, switzerland, syria,
    taiwan, tajikistan, tanzania, thailand, togo, tonga, trinidad, trinidad and tobago, tunisia, turkey,
    turkmenistan, uganda, ukraine, united arab emirates, uae, united kingdom, uk, united states, us, usa,
    america, uruguay, uzbekistan, venezuela, vietnam, wales, yemen, yugoslavia, zaire, zambia, zimbabwe,
    soviet union, ussr, west germany, east germany, gb
    """.split(",")
)

# Words that mark a report on sport. Two different ones in a document (or a results line) turn on
# the team rules, so a town in a business or politics story stays a place.
SPORTS_WORDS = frozenset(
    "soccer football cricket rugby baseball basketball hockey tennis golf athletics cycling boxing squash "
    "league division championship championships standings cup tournament match matches fixture fixtures "
    "innings wicket wickets inning innings homer homered halftime half-time goal goals scorer scorers "
    "semifinal semi-final quarter-final quarterfinal striker midfielder goalkeeper batsman bowler pitcher "
    "quarterback premiership bundesliga serie playoff play-off coach squad champions relay marathon sprint".split()
)

# Nouns right after a team's name: "Surrey captain Chris Lewis", "Norwich striker Keith O'Neill",
# "Derbyshire 's Australian captain".
TEAM_ROLES = frozenset(
    "captain coach manager striker midfielder defender goalkeeper keeper forward winger skipper "
    "batsman bowler all-rounder seamer spinner opener pitcher quarterback fullback full-back playmaker "
    "chairman player players teammate team-mate fans supporters squad boss stadium".split()
)
# Nouns right before a team's name: "first division side Nice", "Belgian club Standard Liege",
# "title rivals Essex".
TEAM_NOUNS = frozenset("club side team rivals champions leaders holders outfit".split())
# Verbs of a result between two teams: "Leicestershire beat Somerset", "the Padres blanked the Expos".
RESULT_VERBS = frozenset(
    "beat beats defeated defeats thrashed thrash edged edge downed blanked routed crushed hammered "
    "trounced overcame outscored eliminated whipped swept".split()
)
# Nouns of a result before "over"/"against"/"to" and a team: "75-19 victory over Gloucester".
RESULT_NOUNS = frozenset("victory victories win wins winners defeat defeats draw loss triumph".split())
# Verbs before a team as their object or after "for": "joined Newcastle", "homered for Cleveland".
TEAM_MOVES = frozenset("joined join joins signed transferred loaned moved".split())
SCORED_FOR = frozenset("scored homered equalised equalized played plays playing".split())

# Words that end only organisations' names: "Pirelli SpA", "Kia Motor Corp", "Gold Fields Ltd".
ORG_SUFFIXES = frozenset(
    "inc corp corporation co ltd limited plc llc ag sa nv bv gmbh spa srl ab asa oy oyj bhd pty kk "
    "group holdings holding bancorp bankcorp airlines airways".split()
)
# Words right after a company's name: "Ericsson spokesman Per Zetterquist", "Cofinec CEO".
COMPANY_ROLES = frozenset(
    "spokesman spokeswoman spokesperson chairman chairwoman ceo cfo shareholders shares stock "
    "subsidiary executives directors board".split()
)
# Nouns after a company's possessive: "Magna 's traditional strength", "Comelf 's six-month output".
COMPANY_POSSESSIONS = frozenset(
    "shares stock profit profits earnings revenue revenues sales output results subsidiary unit "
    "stake takeover bid chairman shareholders".split()
)

# News agencies, by the names wire copy gives them.
NEWS_AGENCIES = frozenset(
    "reuters ap afp upi interfax itar-tass tass tanjug xinhua kyodo ansa dpa pti irna mena bernama "
    "antara yonhap anatolia pap ctk mti bta kuna wafa petra ria novosti efe jiji".split()
)
# Nouns that make the name beside them a news organisation: "the Yugoslav news agency Tanjug",
# "the Sereipheap Thmei newspaper", "the daily Le Monde".
NEWS_NOUNS = frozenset("agency newspaper newspapers daily weekly magazine tabloid broadcaster".split())

# Nouns before "of" and a place: "the town of Tavildara", "the state of Michoacan".
PLACE_NOUNS = frozenset(
    "town city village port province region state district county capital island suburb municipality republic".split()
)
