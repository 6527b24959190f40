-- labels: entity mentions by label.
-- grain: one row per label. inputs: mentions.
select
    label,
    count(*) as n_mentions,
    count(distinct entity_id) as n_entities,
    count(distinct doc_id) as n_documents
from mentions
group by label
order by n_mentions desc, label
