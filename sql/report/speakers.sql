-- speakers: the most quoted speakers, statements split by kind.
-- grain: one row per speaker, the top {{ top }}. inputs: speakers.
select
    speaker_name,
    n_statements,
    n_documents,
    n_direct,
    n_mixed,
    n_indirect
from speakers
order by n_statements desc, n_documents desc, speaker_name
limit {{ top }}
