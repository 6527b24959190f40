-- quotations: one row per distinct quotation across the corpus, however many documents repeat it:
-- who said it (chosen across its occurrences), who published it first, how far it spread.
-- grain: one row per quotation. key: quotation_id.
-- inputs: quotation_occurrences, documents (URL and source, for the publisher).
with

occurrences as (
    select * from quotation_occurrences
),

documents_seen as (
    select
        doc_id,
        -- the publisher: the URL's host, else the folder of the input
        coalesce(
            nullif(regexp_extract(url, '^[A-Za-z][A-Za-z0-9+.-]*://(?:www\.)?([^/:?#]+)', 1), ''),
            regexp_replace(source, '/[^/]*$', '')
        ) as publisher,
    from documents
),

attributed as (
    select
        occurrences.*,
        documents_seen.publisher,
        -- a speaker resolved to a name, not a bare pronoun
        occurrences.speaker_name is not null
            and lower(occurrences.speaker_name) not in (
                'he', 'she', 'they', 'it', 'we', 'i', 'you', 'him', 'her', 'them', 'us'
            ) as resolved,
    from occurrences
    left join documents_seen on documents_seen.doc_id = occurrences.doc_id
),

votes as (
    select
        quotation_id,
        speaker_name,
        any_value(speaker_entity_id) filter (where speaker_entity_id is not null) as speaker_entity_id,
        bool_or(resolved) as resolved,
        count(*) as n,
    from attributed
    where speaker_name is not null
    group by quotation_id, speaker_name
),

chosen as (
    select
        quotation_id,
        -- resolved names over pronouns, then the most frequent, then the first by name
        arg_min(speaker_name, (not resolved, -n, speaker_name)) as speaker_name,
        arg_min(speaker_entity_id, (not resolved, -n, speaker_name)) as speaker_entity_id,
        count(*) filter (where resolved) as n_speakers,
        list_sort(list(speaker_name) filter (where resolved)) as speaker_names,
    from votes
    group by quotation_id
),

grouped as (
    select
        quotation_id,
        arg_max(quote, (len(quote), -coalesce(epoch(published), 0), statement_id)) as text,
        count(*) as n_occurrences,
        count(distinct doc_id) as n_documents,
        count(distinct publisher) as n_sources,
        min(published) as first_published,
        arg_min(doc_id, (published is null, published, doc_id)) as first_doc_id,
        max(published) as last_published,
    from attributed
    group by quotation_id
),

final as (
    select
        grouped.quotation_id,
        grouped.text,
        chosen.speaker_name,
        chosen.speaker_entity_id,
        grouped.n_occurrences,
        grouped.n_documents,
        grouped.n_sources,
        grouped.first_published,
        grouped.first_doc_id,
        grouped.last_published,
        coalesce(chosen.n_speakers, 0) as n_speakers,
        coalesce(chosen.speaker_names, []) as speaker_names,
    from grouped
    left join chosen on chosen.quotation_id = grouped.quotation_id
)

select * from final
