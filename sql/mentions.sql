-- mentions: named-entity mentions, each linked to its entity.
-- grain: one row per entity mention. key: (doc_id, mention_idx).
-- inputs: mentions parquet, tombstones parquet (rows of documents no input holds any more),
-- entity_merges parquet (each document-level entity id mapped to its corpus-level entity).
with

rows as (
    select * from {{ source('mentions') }}
),

dead as (
    select * from {{ source('tombstones') }}
),

merges as (
    select * from {{ source('entity_merges') }}
),

final as (
    select
        rows.doc_id,
        rows.mention_idx,
        rows.sentence_idx,
        rows.start_char,
        rows.end_char,
        rows.text,
        rows.label,
        coalesce(merges.merged_entity_id, rows.entity_id) as entity_id,
        coalesce(merges.name, rows.entity_name) as entity_name,
    from rows
    anti join dead
        on dead.doc_id = rows.doc_id
        and dead.batch_id = rows.batch_id
    left join merges on merges.entity_id = rows.entity_id
)

select * from final
