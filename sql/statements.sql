-- statements: attributed speech, who said what (to whom), with spans of speaker, cue and content.
-- grain: one row per attributed statement. key: statement_id.
-- inputs: statements parquet, tombstones parquet (rows of documents no input holds any more),
-- entity_merges parquet (a speaker's entity mapped to its corpus-level entity and name).
with

rows as (
    select * from {{ source('statements') }}
),

dead as (
    select * from {{ source('tombstones') }}
),

merges as (
    select * from {{ source('entity_merges') }}
),

final as (
    select
        rows.statement_id,
        rows.doc_id,
        rows.statement_idx,
        rows.sentence_idx,
        rows.speaker,
        rows.speaker_start,
        rows.speaker_end,
        coalesce(merges.name, rows.speaker_name) as speaker_name,
        coalesce(merges.merged_entity_id, rows.speaker_entity_id) as speaker_entity_id,
        rows.speaker_resolution,
        rows.cue,
        rows.cue_lemma,
        rows.cue_start,
        rows.cue_end,
        rows.content,
        rows.content_start,
        rows.content_end,
        rows.kind,
        rows.addressee,
        rows.date_text,
        rows.date,
        rows.content_fragments,
        rows.quote,
    from rows
    anti join dead
        on dead.doc_id = rows.doc_id
        and dead.batch_id = rows.batch_id
    left join merges on merges.entity_id = rows.speaker_entity_id
)

select * from final
