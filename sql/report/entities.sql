-- entities: the most mentioned entities.
-- grain: one row per entity, the top {{ top }}. inputs: entities.
select
    name,
    label,
    n_mentions,
    n_documents
from entities
order by n_mentions desc, n_documents desc, name
limit {{ top }}
