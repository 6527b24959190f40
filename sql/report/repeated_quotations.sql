-- repeated_quotations: the remarks the most documents repeat, with who said them and how far
-- they spread.
-- grain: one row per quotation quoted by two documents or more, the top {{ top }}. inputs: quotations.
select
    speaker_name,
    text,
    n_documents,
    n_sources,
    n_occurrences,
    first_published,
    n_speakers,
    quotation_id
from quotations
where n_documents > 1
order by n_documents desc, n_sources desc, n_occurrences desc, first_published, quotation_id
limit {{ top }}
