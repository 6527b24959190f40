-- entity_cooccurrence: pairs of entities named in the same sentence.
-- grain: one row per pair of entities (entity_id_a < entity_id_b). key: (entity_id_a, entity_id_b).
-- inputs: mentions, entities (a pair counts once per sentence, however often either is named in it).
with

all_mentions as (
    select * from mentions
),

all_entities as (
    select * from entities
),

per_sentence as (
    select distinct
        doc_id,
        sentence_idx,
        entity_id,
    from all_mentions
    where entity_id is not null
),

pairs as (
    select
        a.entity_id as entity_id_a,
        b.entity_id as entity_id_b,
        a.doc_id,
        a.sentence_idx,
    from per_sentence as a
    inner join per_sentence as b
        on b.doc_id = a.doc_id
        and b.sentence_idx = a.sentence_idx
        and b.entity_id > a.entity_id
),

counted as (
    select
        entity_id_a,
        entity_id_b,
        count(*) as n_sentences,
        count(distinct doc_id) as n_documents,
    from pairs
    group by entity_id_a, entity_id_b
),

final as (
    select
        counted.entity_id_a,
        entity_a.name as name_a,
        entity_a.label as label_a,
        counted.entity_id_b,
        entity_b.name as name_b,
        entity_b.label as label_b,
        counted.n_sentences,
        counted.n_documents,
    from counted
    inner join all_entities as entity_a on entity_a.entity_id = counted.entity_id_a
    inner join all_entities as entity_b on entity_b.entity_id = counted.entity_id_b
)

select * from final
