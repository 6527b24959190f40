-- entity_delta: how the entity index changes with the documents a run adds (sign 1) and takes out
-- of the views (sign -1): mentions per entity and form, and documents per entity.
-- grain: one row per (entity_id, label, entity_name, text) or per entity_id (forms: n_documents
-- is null; documents: text is null).
-- inputs: mentions (the segments that hold the changed documents), changes (doc_id, batch_id, sign).
with

changed_mentions as (
    select
        mentions.entity_id,
        mentions.label,
        mentions.entity_name,
        mentions.text,
        mentions.doc_id,
        changes.sign,
    from mentions
    inner join changes
        on changes.doc_id = mentions.doc_id
        and changes.batch_id = mentions.batch_id
    where mentions.entity_id is not null
),

forms as (
    select
        entity_id,
        label,
        entity_name,
        text,
        sum(sign) as n_mentions,
    from changed_mentions
    group by all
),

documents as (
    select
        entity_id,
        sum(sign) as n_documents,
    from (select distinct entity_id, doc_id, sign from changed_mentions)
    group by entity_id
),

final as (
    select entity_id, label, entity_name, text, n_mentions, null::bigint as n_documents, from forms
    union all
    select entity_id, null, null, null, null, n_documents, from documents
)

select * from final
