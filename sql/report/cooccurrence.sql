-- cooccurrence: how often two of the most co-occurring entities are named in one sentence.
-- grain: one row per pair of the top {{ top }} entities. inputs: entity_cooccurrence.
with pairs as (
    select * from entity_cooccurrence
),

ends as (
    select entity_id_a as entity_id, name_a as name, n_sentences from pairs
    union all
    select entity_id_b as entity_id, name_b as name, n_sentences from pairs
),

top_entities as (
    select entity_id, any_value(name) as name, sum(n_sentences) as weight
    from ends
    group by entity_id
    order by weight desc, name, entity_id
    limit {{ top }}
)

select
    pairs.name_a,
    pairs.name_b,
    pairs.n_sentences,
    pairs.n_documents,
    a.weight as weight_a,
    b.weight as weight_b,
    pairs.entity_id_a,
    pairs.entity_id_b
from pairs
inner join top_entities as a on a.entity_id = pairs.entity_id_a
inner join top_entities as b on b.entity_id = pairs.entity_id_b
order by pairs.n_sentences desc, pairs.name_a, pairs.name_b
