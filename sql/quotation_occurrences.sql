-- quotation_occurrences: each statement that quotes words, with the quotation it belongs to
-- across the corpus and how it matched it.
-- grain: one row per direct or mixed statement with quoted words. key: statement_id.
-- inputs: statements (the view: speakers resolved), statements parquet (quote keys, computed when
-- the document was parsed), documents (publication dates), tombstones parquet.
-- Matching: statements with the same normalized words are one form (under seven words, one
-- form per speaker: a short phrase is too common to say who said it). A form joins a longer form
-- whose words contain its own (a trimmed part; under seven words, only when the speakers do not
-- disagree), or one it shares seven 4-word shingles with, ten words in common or more (a word or
-- two changed, or two trims that overlap); a shorter common run is a shared phrase, not a shared
-- remark. Each form joins the longest form it matches, and that form's own choice (two hops).
-- Quotes under four words have no shingles: they group on the same words by the same speaker.
with

keyed as (
    select rows.statement_id, rows.quote_keys,
    from {{ source('statements') }} as rows
    anti join {{ source('tombstones') }} as dead
        on dead.doc_id = rows.doc_id
        and dead.batch_id = rows.batch_id
    where rows.quote_keys is not null
),

dated as (
    select doc_id, published, from {{ source('documents') }}
    anti join {{ source('tombstones') }} as dead using (doc_id, batch_id)
),

quoted as (
    select
        statements.statement_id,
        statements.doc_id,
        statements.quote,
        statements.speaker_name,
        statements.speaker_entity_id,
        dated.published,
        keyed.quote_keys[1] as form_hash,
        keyed.quote_keys[2:] as shingles,
        -- who said it, for telling short quotes apart: the entity, else the name; '' when the
        -- speaker is unknown or a bare pronoun
        case
            when statements.speaker_entity_id is not null then statements.speaker_entity_id
            when lower(statements.speaker_name) in (
                'he', 'she', 'they', 'it', 'we', 'i', 'you', 'him', 'her', 'them', 'us'
            ) then ''
            else coalesce(lower(statements.speaker_name), '')
        end as speaker_key,
        trim(regexp_replace(
            regexp_replace(lower(statements.quote), '\.\.\.|…', ' ', 'g'), '[^\pL\pN_]+', ' ', 'g'
        )) as words,
    from statements
    inner join keyed on keyed.statement_id = statements.statement_id
    left join (select distinct on (doc_id) doc_id, published from dated) as dated
        on dated.doc_id = statements.doc_id
),

occurrences as (
    select
        *,
        len(string_split(words, ' ')) as n_words,
        case
            when n_words >= 7 then printf('%016x', form_hash)
            else left(md5(printf('%016x', form_hash) || '|' || speaker_key), 16)
        end as form_key,
    from quoted
),

-- One row per distinct normalized quote: what is matched.
forms as (
    select
        form_key,
        any_value(shingles) as shingles,
        any_value(words) as words,
        any_value(n_words) as n_words,
        list_distinct(list(speaker_key)) as speakers,
        -- shown as the form first published (then the lowest statement id)
        arg_min(quote, (published is null, published, statement_id)) as text,
    from occurrences
    group by form_key
),

form_shingles as (
    select form_key, unnest(shingles) as shingle, from forms
),

shared as (
    select a.form_key as form_a, b.form_key as form_b, count(*) as n_shared,
    from form_shingles as a
    inner join form_shingles as b
        on a.shingle = b.shingle
        and a.form_key <> b.form_key
    group by all
),

links as (
    select shared.form_a, shared.form_b,
    from shared
    inner join forms as a on a.form_key = shared.form_a
    inner join forms as b on b.form_key = shared.form_b
    where shared.n_shared >= 7
        -- a part of seven words or more; a shorter one (its form has one speaker) only when the
        -- speakers do not disagree: either is unknown, or the longer form's include it
        or (contains(a.words, b.words) and (
            b.n_words >= 7 or b.speakers[1] = '' or list_contains(a.speakers, '')
            or list_contains(a.speakers, b.speakers[1])
        ))
        or (contains(b.words, a.words) and (
            a.n_words >= 7 or a.speakers[1] = '' or list_contains(b.speakers, '')
            or list_contains(b.speakers, a.speakers[1])
        ))
    union all
    select form_key, form_key, from forms
),

-- The longest form each form matches (then the earlier shown text, then the lower key).
choice as (
    select
        links.form_a,
        arg_max(links.form_b, (forms.n_words, forms.text, forms.form_key)) as form_b,
    from links
    inner join forms on forms.form_key = links.form_b
    group by links.form_a
),

roots as (
    select first.form_a as form_key, second.form_b as root_key,
    from choice as first
    inner join choice as second on second.form_a = first.form_b
),

final as (
    select
        occurrences.statement_id,
        roots.root_key as quotation_id,
        occurrences.doc_id,
        occurrences.quote,
        occurrences.speaker_name,
        occurrences.speaker_entity_id,
        occurrences.published,
        case
            when occurrences.quote = root.text then 'exact'
            when occurrences.form_key = roots.root_key then 'normalised'
            when contains(root.words, occurrences.words) then 'contained'
            else 'near'
        end as match,
    from occurrences
    inner join roots on roots.form_key = occurrences.form_key
    inner join forms as root on root.form_key = roots.root_key
)

select * from final
