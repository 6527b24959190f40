-- entity_delta: how the entity index changes with the documents a run adds (sign 1) and takes out
-- of the views (sign -1): mentions per entity and form, and documents per entity.
-- grain: one row per (entity_id, label, entity_name, text) or per entity_id (forms: n_documents
-- is null; documents: text is null).
-- inputs: changed_mentions.
with

named as (
    select * from changed_mentions where entity_id is not null
),

forms as (
    select
        entity_id,
        label,
        entity_name,
        text,
        sum(sign) as n_mentions,
    from named
    group by all
),

documents as (
    select
        entity_id,
        sum(sign) as n_documents,
    from (select distinct entity_id, doc_id, sign from named)
    group by entity_id
),

final as (
    select entity_id, label, entity_name, text, n_mentions, null::bigint as n_documents, from forms
    union all
    select entity_id, null, null, null, null, n_documents, from documents
)

select * from final
