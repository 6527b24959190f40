"""Reading archives and dumps: a run over a web archive next to text files, reading a large crawl,
listing a large compressed dump. Each measurement is its own subcommand; `all` runs the three.

    python benchmarks/sources.py all [--bbc ../shared/data/bbc/txt] [--work /tmp/presstables-sources]
    python benchmarks/sources.py run [--docs 2225]                 # presstables run: .warc.gz vs .txt
    python benchmarks/sources.py warc [--warc-mb 1000] [--seconds 0] # read_inputs over a crawl
    python benchmarks/sources.py dump [--dump-mb 2000]             # a run's listing of a .jsonl.zst

- `run`: the BBC articles as `.txt` files and the same texts as news pages in one `.warc.gz`
  (a request, a response and a metadata record per page, as Common Crawl writes them), each
  through `presstables run --workers 1` into a new warehouse: wall time, peak memory of the
  largest process, documents parsed, the run's seconds per stage, and the ratio of the two. Then
  one pass of `read_inputs` alone over the archive: what one extraction of every page costs.
- `warc`: a crawl of about `--warc-mb` compressed (pages of 30–100 KB with a news site's
  boilerplate, images of random bytes, redirects, a few 404s), generated under `--work`, and
  `read_inputs` over it in a child process, without parsing: records/s, compressed MB/s and
  the child's peak memory at each quarter of the file (or of the `--seconds` budget, when given).
- `dump`: a `.jsonl.zst` of about `--dump-mb` compressed, generated (streamed) from BBC texts
  with their sentences shuffled and numbers changed, and what a run does with it before parsing
  (`plan_inputs` and `read_delta`: read every record, normalize and hash its text) in a child
  process: records/s and the child's peak memory at each quarter of the file.

Generated files are kept under `--work` and reused by later invocations with the same size and
seed (`--clean` removes them at the end).
"""

from __future__ import annotations

import argparse
import datetime as dt
import html
import io
import json
import os
import random
import re
import resource
import shutil
import subprocess
import sys
import threading
import time
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import Any, BinaryIO

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from throughput import DEFAULT_BBC, measure_tree  # noqa: E402

DEFAULT_WORK = Path("/tmp/presstables-sources")
SITE = "https://news.example.co.uk"
SECTIONS = {
    "business": "Business",
    "entertainment": "Entertainment & Arts",
    "politics": "Politics",
    "sport": "Sport",
    "tech": "Technology",
}
NAV = [
    "Home", "UK", "World", "Business", "Politics", "Technology", "Science", "Health", "Education",
    "Entertainment & Arts", "Sport", "Football", "Cricket", "Tennis", "Weather", "Travel", "Culture",
    "Climate", "Video", "Live", "In Pictures", "Reality Check", "Newsbeat", "Long Reads",
]  # fmt: skip
FOOTER = [
    "Terms of Use", "About us", "Privacy Policy", "Cookies", "Accessibility Help", "Parental Guidance",
    "Contact us", "Get Personalised Newsletters", "Why you can trust us", "Advertise with us",
]  # fmt: skip
AUTHORS = [
    "Sarah Mitchell", "James Holloway", "Priya Raman", "Tom Fairbairn", "Helen Okafor", "David Crane",
    "Laura Kinsella", "Mark Ellison", "Fiona Grant", "Rajesh Patel", "Claire Dunmore", "Owen Price",
]  # fmt: skip
CSS_NAMES = ["Heading", "Paragraph", "RichText", "Link", "Stack", "Grid", "Promo", "Image", "Byline", "Nav"]
PALETTE = ["#141414", "#3f3f42", "#545658", "#b80000", "#ffffff", "#f6f6f6", "#0071c3"]
SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[A-Z\"'(])")
NUMBER = re.compile(r"\d+")


@dataclass(frozen=True)
class Story:
    """A BBC article: its file's text, title and paragraphs, and what a news page shows of it."""

    name: str
    text: str
    title: str
    paragraphs: list[str]
    section: str

    @property
    def slug(self) -> str:
        return re.sub(r"[^a-z0-9]+", "-", self.title.lower()).strip("-")[:60]


def load_stories(bbc: Path, limit: int | None = None) -> list[Story]:
    stories = []
    for path in sorted(bbc.glob("*.txt"))[:limit]:
        text = path.read_text(encoding="utf-8")
        title, _, body = text.partition("\n")
        paragraphs = [" ".join(p.split()) for p in re.split(r"\n\s*\n", body) if p.strip()]
        section = SECTIONS.get(path.stem.split("_")[0], "News")
        stories.append(Story(path.name, text, title.strip(), paragraphs, section))
    return stories


# --- news pages and crawls -----------------------------------------------------------------------


def news_page(story: Story, i: int, rng: random.Random, others: list[Story], size: int) -> tuple[str, bytes]:
    """The page a news site serves for a story, about `size` bytes: head with metadata, inline
    CSS and JSON-LD, a cookie banner, navigation, the article, related and most-read lists, a
    footer and the serialized state a JavaScript front end hydrates from. Returns (url, page)."""
    esc = html.escape
    url = f"{SITE}/{story.section.split()[0].lower()}/{story.slug}-{10_000_000 + i}"
    author = rng.choice(AUTHORS)
    published = dt.datetime(2004, 1, 1, 6) + dt.timedelta(minutes=rng.randrange(2 * 365 * 24 * 60))
    iso = published.isoformat() + "Z"
    summary = SENTENCE_END.split(story.paragraphs[0])[0] if story.paragraphs else story.title
    css = "".join(
        f".ssrcss-{rng.getrandbits(24):06x}-{rng.choice(CSS_NAMES)}{{margin:{rng.randrange(0, 24, 4)}px 0;"
        f"color:{rng.choice(PALETTE)};font-size:{rng.choice((12, 14, 16, 18, 24))}px}}\n"
        for _ in range(rng.randrange(60, 160))
    )
    ld = {
        "@context": "https://schema.org",
        "@type": "NewsArticle",
        "headline": story.title,
        "datePublished": iso,
        "author": {"@type": "Person", "name": author},
        "publisher": {"@type": "Organization", "name": "Daily Courier"},
        "mainEntityOfPage": url,
    }
    nav = "".join(f'<li><a href="/{n.split()[0].lower()}">{esc(n)}</a></li>' for n in NAV)
    related = rng.sample(others, 8)
    most_read = rng.sample(others, 10)
    paragraphs = [f"<p>{esc(p)}</p>" for p in story.paragraphs]
    figure = (
        f'<figure><img src="/images/{rng.getrandbits(64):016x}.jpg" alt="" width="976" height="549">'
        f"<figcaption>Image source, Getty Images</figcaption></figure>"
    )
    paragraphs.insert(min(2, len(paragraphs)), figure)
    head = (
        '<!DOCTYPE html>\n<html lang="en-GB">\n<head>\n<meta charset="utf-8">\n'
        f"<title>{esc(story.title)} - Daily Courier</title>\n"
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f'<meta name="description" content="{esc(summary)}">\n'
        f'<meta name="author" content="{esc(author)}">\n<meta name="date" content="{published:%Y-%m-%d}">\n'
        f'<meta property="og:title" content="{esc(story.title)}">\n<meta property="og:type" content="article">\n'
        f'<meta property="og:url" content="{url}">\n<meta property="article:published_time" content="{iso}">\n'
        f'<meta property="article:section" content="{esc(story.section)}">\n<link rel="canonical" href="{url}">\n'
        f'<link rel="stylesheet" href="/static/css/main.{rng.getrandbits(32):08x}.css">\n'
        f"<style>{css}</style>\n"
        f'<script type="application/ld+json">{json.dumps(ld)}</script>\n'
        f"<script>window.dataLayer=window.dataLayer||[];dataLayer.push({{'pageId':'{rng.getrandbits(64):016x}',"
        f"'section':'{story.section}','contentType':'article'}});</script>\n</head>\n"
    )
    body = (
        '<body class="article-page">\n<div class="cookie-banner"><p>We use cookies to give you the best online '
        "experience. Please let us know if you agree to all of these cookies.</p><button>Yes, I agree</button>"
        '<a href="/cookies">No, take me to settings</a></div>\n'
        f'<header class="site-header"><a class="logo" href="/">Daily Courier</a>'
        f'<nav class="primary-nav"><ul>{nav}</ul></nav></header>\n'
        f'<nav class="breadcrumb"><a href="/">Home</a> &gt; <a href="/{story.section.split()[0].lower()}">'
        f"{esc(story.section)}</a></nav>\n<main>\n<article>\n<h1>{esc(story.title)}</h1>\n"
        f'<p class="byline">By <a rel="author" href="/people/{author.lower().replace(" ", "-")}">{esc(author)}</a>'
        f'</p>\n<time datetime="{iso}">{published:%d %B %Y}</time>\n'
        + "\n".join(paragraphs)
        + '\n<div class="share">Share this story: Facebook, Twitter, Email</div>\n</article>\n'
        '<aside class="related"><h2>Related stories</h2><ul>'
        + "".join(f'<li><a href="/{o.slug}">{esc(o.title)}</a></li>' for o in related)
        + '</ul></aside>\n<section class="most-read"><h2>Most read</h2><ol>'
        + "".join(f'<li><a href="/{o.slug}">{esc(o.title)}</a></li>' for o in most_read)
        + "</ol></section>\n</main>\n<footer><ul>"
        + "".join(f'<li><a href="/{f.split()[0].lower()}">{esc(f)}</a></li>' for f in FOOTER)
        + "</ul><p>Copyright 2005 Daily Courier. We are not responsible for the content of external sites."
        "</p></footer>\n"
    )
    tail = f'<script src="/static/js/main.{rng.getrandbits(32):08x}.js" defer></script>\n</body></html>\n'
    # The state a front end hydrates from: teasers of other stories, until the page has its size.
    teasers: list[dict[str, Any]] = []
    room = size - len(head) - len(body) - len(tail)
    while room > 0:
        other = rng.choice(others)
        teaser = {
            "id": f"{rng.getrandbits(32):08x}",
            "headline": other.title,
            "summary": SENTENCE_END.split(other.paragraphs[0])[0] if other.paragraphs else "",
            "url": f"/{other.slug}-{rng.randrange(10_000_000, 99_999_999)}",
            "image": {"src": f"/images/{rng.randrange(10**8)}.jpg", "width": 976, "height": 549},
            "section": other.section,
            "lastUpdated": rng.randrange(1_100_000_000_000, 1_140_000_000_000),
        }
        teasers.append(teaser)
        room -= len(json.dumps(teaser)) + 2
    state = "<script>window.__INITIAL_STATE__=" + json.dumps({"teasers": teasers}) + ";</script>\n"
    return url, (head + body + state + tail).encode("utf-8")


class Crawl:
    """A `.warc.gz` written as Common Crawl writes one: a warcinfo record, then for each fetch a
    request, its response and a metadata record, each its own gzip member."""

    def __init__(self, out: BinaryIO, name: str) -> None:
        from warcio.warcwriter import WARCWriter

        self.writer = WARCWriter(out, gzip=True)
        self.writer.write_record(
            self.writer.create_warcinfo_record(name, {"software": "presstables benchmarks", "format": "WARC 1.0"})
        )
        self.responses: Counter[str] = Counter()

    def fetch(self, uri: str, status: str, content_type: str, body: bytes, extra: tuple = ()) -> None:
        from warcio.statusandheaders import StatusAndHeaders

        host = uri.split("/")[2]
        request = StatusAndHeaders(
            f"GET /{uri.split('/', 3)[-1]} HTTP/1.1",
            [("Host", host), ("User-Agent", "CCBot/2.0 (https://commoncrawl.org/faq/)"), ("Accept", "*/*")],
            protocol="HTTP/1.1",
            is_http_request=True,
        )
        w = self.writer
        w.write_record(w.create_warc_record(uri, "request", payload=io.BytesIO(b""), http_headers=request))
        headers = StatusAndHeaders(
            status,
            [("Content-Type", content_type), ("Content-Length", str(len(body))), ("Server", "nginx"), *extra],
            protocol="HTTP/1.1",
        )
        w.write_record(w.create_warc_record(uri, "response", payload=io.BytesIO(body), http_headers=headers))
        meta = f"fetchTimeMs: {len(body) // 1000 + 40}\r\ncharset-detected: UTF-8\r\n".encode()
        w.write_record(
            w.create_warc_record(uri, "metadata", payload=io.BytesIO(meta), warc_content_type="application/warc-fields")
        )
        self.responses[status.split()[0] if not status.startswith("200") else content_type.split(";")[0]] += 1


def write_pages(path: Path, stories: list[Story], seed: int) -> None:
    """Every story as one news page, nothing else: the archive a run compares with text files."""
    rng = random.Random(seed)
    tmp = path.with_suffix(".part")
    with tmp.open("wb") as out:
        crawl = Crawl(out, path.name)
        for i, story in enumerate(stories):
            url, page = news_page(story, i, rng, stories, rng.randrange(30_000, 100_000))
            crawl.fetch(url, "200 OK", "text/html; charset=utf-8", page)
    tmp.rename(path)


def write_crawl(path: Path, stories: list[Story], target_bytes: int, seed: int) -> Counter[str]:
    """A crawl of about `target_bytes` compressed: pages of the stories in turn (shuffled each
    round), with images of random bytes, redirects and a few 404s among them."""
    rng = random.Random(seed)
    tmp = path.with_suffix(".part")
    i = 0
    started = time.perf_counter()
    with tmp.open("wb") as out:
        crawl = Crawl(out, path.name)
        while out.tell() < target_bytes:
            order = rng.sample(stories, len(stories))
            for story in order:
                url, page = news_page(story, i, rng, stories, rng.randrange(30_000, 100_000))
                crawl.fetch(url, "200 OK", "text/html; charset=utf-8", page)
                roll = rng.random()
                if roll < 0.12:
                    image = b"\xff\xd8\xff\xe0" + rng.randbytes(rng.randrange(8_000, 80_000))
                    crawl.fetch(f"{SITE}/images/{rng.getrandbits(64):016x}.jpg", "200 OK", "image/jpeg", image)
                elif roll < 0.17:
                    crawl.fetch(
                        f"http://news.example.co.uk/{story.slug}",
                        "301 Moved Permanently",
                        "text/html",
                        b"<html><body>Moved</body></html>",
                        (("Location", url),),
                    )
                elif roll < 0.18:
                    crawl.fetch(f"{url}/comments", "404 Not Found", "text/html", b"<html><body>Not found</body></html>")
                i += 1
                if i % 5_000 == 0:
                    print(f"  generating: {out.tell() / 1e6:,.0f} MB, {i:,} pages", flush=True)
                if out.tell() >= target_bytes:
                    break
    tmp.rename(path)
    print(f"  generated in {time.perf_counter() - started:.0f} s", flush=True)
    return crawl.responses


def varied_record(story: Story, i: int, rng: random.Random, stories: list[Story]) -> dict[str, Any]:
    """A dump record from a story: its paragraphs in another order, their sentences shuffled, a
    sentence of another story added, and about half of its numbers changed."""
    sentences = [SENTENCE_END.split(p) for p in story.paragraphs]
    extra = rng.choice(stories)
    if extra.paragraphs:
        sentences.append(rng.sample(SENTENCE_END.split(rng.choice(extra.paragraphs)), 1))
    rng.shuffle(sentences)
    paragraphs = []
    for paragraph in sentences:
        rng.shuffle(paragraph)
        paragraphs.append(" ".join(paragraph))
    text = "\n\n".join([story.title, *paragraphs])
    text = NUMBER.sub(lambda m: str(rng.randrange(10 ** len(m.group())) if rng.random() < 0.5 else m.group()), text)
    published = dt.date(2004, 1, 1) + dt.timedelta(days=rng.randrange(730))
    return {
        "id": f"{i:09d}",
        "url": f"{SITE}/{story.slug}-{i}",
        "title": story.title,
        "published": published.isoformat(),
        "author": rng.choice(AUTHORS),
        "source": "courier",
        "text": text,
    }


def write_dump(path: Path, stories: list[Story], target_bytes: int, seed: int) -> tuple[int, int]:
    """A `.jsonl.zst` of about `target_bytes`, written as the records are made (zstd level 3, as
    the `zstd` command writes). Returns (records, uncompressed bytes)."""
    import zstandard

    rng = random.Random(seed)
    tmp = path.with_suffix(".part")
    n = raw = 0
    started = time.perf_counter()
    with tmp.open("wb") as out, zstandard.ZstdCompressor(level=3).stream_writer(out, closefd=False) as writer:
        while out.tell() < target_bytes:
            lines = []
            for _ in range(1_000):
                lines.append(json.dumps(varied_record(rng.choice(stories), n, rng, stories), ensure_ascii=False))
                n += 1
            chunk = ("\n".join(lines) + "\n").encode("utf-8")
            raw += len(chunk)
            writer.write(chunk)
            if n % 200_000 == 0:
                print(f"  generating: {out.tell() / 1e6:,.0f} MB compressed, {n:,} records", flush=True)
    tmp.rename(path)
    print(f"  generated in {time.perf_counter() - started:.0f} s", flush=True)
    return n, raw


# --- child processes: what is measured -----------------------------------------------------------


def peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def rss_mb() -> float:
    with open("/proc/self/statm") as statm:
        return int(statm.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") / 2**20


def child_read(path: Path, seconds: float) -> None:
    """Iterate `read_inputs` over an archive; a line at each quarter of the file (or of the time
    budget), then the totals as JSON."""
    from flows.inputs import Article, read_inputs

    size = path.stat().st_size
    print(f"after imports: peak {peak_mb():.0f} MB", flush=True)
    reasons: Counter[str] = Counter()
    articles = 0
    offset = 0
    quarter = 1
    started = time.perf_counter()

    def line(label: str) -> None:
        elapsed = time.perf_counter() - started
        n = articles + sum(reasons.values())
        print(
            f"{label:>5}: {elapsed:7.1f} s, {offset / 1e6:8,.0f} MB read ({offset / size:4.0%}), "
            f"{articles:>8,} articles, {sum(reasons.values()):>7,} rejects, {n / elapsed:6,.1f} records/s, "
            f"{offset / 1e6 / elapsed:5.2f} MB/s, rss {rss_mb():4.0f} MB, peak {peak_mb():4.0f} MB",
            flush=True,
        )

    stopped = False
    for item in read_inputs(path):
        where = item.source.rpartition("#")[2]
        if where.isdigit():
            offset = int(where)
        if isinstance(item, Article):
            articles += 1
        else:
            reasons[item.reason] += 1
        elapsed = time.perf_counter() - started
        progress = elapsed / seconds if seconds else offset / size
        if quarter < 4 and progress >= quarter / 4:
            line(f"{quarter * 25}%")
            quarter += 1
        if seconds and elapsed >= seconds:
            stopped = True
            break
    if not stopped:
        offset = size
    line("100%")
    total = {
        "seconds": time.perf_counter() - started,
        "bytes": offset,
        "articles": articles,
        "rejects": dict(reasons),
        "stopped": stopped,
        "peak_mb": peak_mb(),
    }
    print("RESULT " + json.dumps(total), flush=True)


def child_list(path: Path, work: Path) -> None:
    """What a run does with an input before parsing: plan, then read every record (normalize and
    hash its text) into the delta file. A thread notes the peak as the file is read."""
    from flows import catalog as catalogs
    from flows.state import plan_inputs, read_delta
    from flows.warehouse import Warehouse

    store = Warehouse(work / "warehouse")
    store.ensure_layout()
    catalog = catalogs.load(store.root)
    size = path.stat().st_size
    print(f"after imports: peak {peak_mb():.0f} MB", flush=True)
    started = time.perf_counter()
    plan = plan_inputs(store, catalog, [path], "benchmark", full=False)
    planned = time.perf_counter()
    print(f" plan: {planned - started:7.1f} s, peak {peak_mb():4.0f} MB", flush=True)
    done = threading.Event()

    def watch() -> None:
        quarter = 1
        while not done.wait(0.2) and quarter < 4:
            position = read_position(path)
            if position is not None and position >= quarter * size / 4:
                elapsed = time.perf_counter() - planned
                print(
                    f"{quarter * 25:>4}%: {elapsed:7.1f} s, {position / 1e6:8,.0f} MB read, "
                    f"{position / 1e6 / elapsed:5.2f} MB/s, rss {rss_mb():4.0f} MB, peak {peak_mb():4.0f} MB",
                    flush=True,
                )
                quarter += 1

    watcher = threading.Thread(target=watch, daemon=True)
    watcher.start()
    rows = read_delta(plan, work / "delta.parquet")
    done.set()
    watcher.join()
    elapsed = time.perf_counter() - planned
    print(
        f"100%: {elapsed:7.1f} s, {size / 1e6:8,.0f} MB read, {size / 1e6 / elapsed:5.2f} MB/s, "
        f"rss {rss_mb():4.0f} MB, peak {peak_mb():4.0f} MB",
        flush=True,
    )
    listed_peak = peak_mb()
    import pyarrow.parquet as pq

    # After the peak is taken: the rows with a reason are rejects.
    delta = pq.ParquetFile(work / "delta.parquet")
    rejects = sum(len(b) - b.column(0).null_count for b in delta.iter_batches(columns=["reason"]))
    result = {
        "seconds": elapsed,
        "plan_seconds": planned - started,
        "rows": rows,
        "rejects": rejects,
        "row_groups": delta.metadata.num_row_groups,
        "footer_mb": delta.metadata.serialized_size / 1e6,
        "peak_mb": listed_peak,
    }
    print("RESULT " + json.dumps(result), flush=True)


def read_position(path: Path) -> int | None:
    """Where this process is in `path`: the offset of the descriptor that has it open."""
    target = str(path.resolve())
    for fd in os.listdir("/proc/self/fd"):
        try:
            if os.readlink(f"/proc/self/fd/{fd}") == target:
                with open(f"/proc/self/fdinfo/{fd}") as info:
                    return int(info.readline().split()[1])
        except OSError:
            continue
    return None


@dataclass
class Child:
    lines: list[str]
    result: dict[str, Any]
    seconds: float
    peak_mb: float


def run_child(args: list[str], echo: bool = True) -> Child:
    """This script's child subcommand in a new process, its lines shown as they come (`echo`); its
    peak resident memory from `wait4` (the child's own ru_maxrss)."""
    started = time.perf_counter()
    proc = subprocess.Popen(
        [sys.executable, __file__, *args], stdout=subprocess.PIPE, text=True, bufsize=1, env=dict(os.environ)
    )
    assert proc.stdout is not None
    lines, result = [], {}
    for line in proc.stdout:
        if line.startswith("RESULT "):
            result = json.loads(line[len("RESULT ") :])
            continue
        lines.append(line.rstrip("\n"))
        if echo:
            print("  " + lines[-1], flush=True)
    _, status, usage = os.wait4(proc.pid, 0)
    proc.returncode = os.waitstatus_to_exitcode(status)
    if proc.returncode != 0:
        raise SystemExit(f"child {args[0]} failed ({proc.returncode})")
    return Child(lines, result, time.perf_counter() - started, usage.ru_maxrss / 1024)


# --- the measurements ----------------------------------------------------------------------------


def measure_run(args: argparse.Namespace) -> None:
    stories = load_stories(args.bbc, args.docs)
    folder = args.work / f"run-{len(stories)}"
    shutil.rmtree(folder, ignore_errors=True)
    texts = folder / "txt"
    texts.mkdir(parents=True)
    for story in stories:
        shutil.copy(args.bbc / story.name, texts / story.name)
    warc = folder / "pages.warc.gz"
    write_pages(warc, stories, args.seed)
    words = sum(len(s.text.split()) for s in stories)
    print(
        f"\n== presstables run, --workers {args.workers}: {len(stories):,} BBC articles ({words:,} words) as .txt files "
        f"({dir_bytes(texts) / 1e6:.1f} MB) and as news pages in one .warc.gz ({warc.stat().st_size / 1e6:.1f} MB, "
        f"{warc_raw_bytes(warc) / 1e6:.0f} MB of pages), each into a new warehouse",
        flush=True,
    )
    presstables = str(Path(sys.executable).with_name("presstables"))
    results = {}
    for name, corpus in (("txt files", texts), ("warc.gz pages", warc)):
        os.sync()  # files just written are on disk, so their write-back does not land in the run's time
        cmd = [presstables, "run", str(corpus), "--warehouse", str(folder / f"wh-{corpus.name}")]
        measure = measure_tree(name, [*cmd, "--workers", str(args.workers), "--json"], dict(os.environ))
        summary = json.loads(measure.output)
        results[name] = (measure, summary)
        print(f"  {name}: {measure.seconds:.1f} s, peak {measure.peak_mb:.0f} MB", flush=True)

    print(f"\n{'input':<16} {'wall s':>8} {'peak MB':>8} {'new':>6} {'rejected':>8} {'parsed':>7}  run's stages, s")
    print("-" * 100)
    for name, (measure, summary) in results.items():
        stages = ", ".join(f"{k} {v:.1f}" for k, v in summary["seconds"].items() if v >= 0.05)
        print(
            f"{name:<16} {measure.seconds:>8.1f} {measure.peak_mb:>8.0f} {summary['new']:>6,} "
            f"{summary['rejected']:>8,} {summary['parsed']:>7,}  {stages}"
        )
    (t, ts), (w, ws) = results.values()
    print(f"warc.gz / txt: wall {w.seconds / t.seconds:.2f}×, peak {w.peak_mb / t.peak_mb:.2f}×")
    # A run extracts each page twice: to list it (read stage), and again when its batch is parsed.
    child = run_child(["child-read", str(warc), "--seconds", "0"], echo=False)
    extra = {stage: ws["seconds"].get(stage, 0.0) - ts["seconds"].get(stage, 0.0) for stage in ("read", "parse")}
    print(
        f"one pass of read_inputs over the archive alone (a child process, no parsing): "
        f"{child.result['seconds']:.1f} s for {child.result['articles']:,} pages, peak {child.peak_mb:.0f} MB; "
        f"the warc.gz run's stages over the txt run's: read {extra['read']:+.1f} s, parse {extra['parse']:+.1f} s"
    )
    if not args.keep:
        shutil.rmtree(folder, ignore_errors=True)


def measure_warc(args: argparse.Namespace) -> None:
    stories = load_stories(args.bbc)
    path = args.work / f"crawl-{args.warc_mb}mb-{args.seed}.warc.gz"
    print(f"\n== read_inputs over a crawl of about {args.warc_mb:,} MB (.warc.gz), no parsing", flush=True)
    if not path.exists():
        args.work.mkdir(parents=True, exist_ok=True)
        responses = write_crawl(path, stories, args.warc_mb * 1_000_000, args.seed)
        print("  responses: " + ", ".join(f"{n:,} {kind}" for kind, n in responses.most_common()), flush=True)
    size = path.stat().st_size
    print(f"{path}: {size / 1e6:,.0f} MB compressed", flush=True)
    budget = f"a budget of {args.seconds:.0f} s" if args.seconds else "the whole file"
    print(f"iterating read_inputs in a child process over {budget}; peak = the child's ru_maxrss so far", flush=True)
    child = run_child(["child-read", str(path), "--seconds", str(args.seconds)])
    r = child.result
    records = r["articles"] + sum(r["rejects"].values())
    print(
        f"records/s {records / r['seconds']:,.1f} ({r['articles'] / r['seconds']:,.1f} articles/s, "
        f"{r['articles']:,} articles, rejects {json.dumps(r['rejects'])}); {r['bytes'] / 1e6 / r['seconds']:.2f} MB/s "
        f"of the compressed file; peak {child.peak_mb:.0f} MB (wait4)"
    )
    if r["stopped"]:
        print(
            f"stopped at the {args.seconds:.0f} s budget, {r['bytes'] / size:.0%} of the file read "
            f"(a full pass would take about {size / (r['bytes'] / r['seconds']) / 60:.0f} min here)"
        )
    if args.clean:
        path.unlink()


def measure_dump(args: argparse.Namespace) -> None:
    stories = load_stories(args.bbc)
    path = args.work / f"dump-{args.dump_mb}mb-{args.seed}.jsonl.zst"
    info = path.with_suffix(".json")
    print(
        f"\n== a run's listing of a .jsonl.zst dump of about {args.dump_mb:,} MB (plan_inputs + read_delta)", flush=True
    )
    if not path.exists() or not info.exists():
        args.work.mkdir(parents=True, exist_ok=True)
        n, raw = write_dump(path, stories, args.dump_mb * 1_000_000, args.seed)
        info.write_text(json.dumps({"records": n, "uncompressed": raw}))
    made = json.loads(info.read_text())
    size = path.stat().st_size
    print(
        f"{path}: {size / 1e6:,.0f} MB compressed, {made['uncompressed'] / 1e6:,.0f} MB uncompressed "
        f"({made['uncompressed'] / size:.1f}×), {made['records']:,} records",
        flush=True,
    )
    work = args.work / "listing"
    shutil.rmtree(work, ignore_errors=True)
    work.mkdir(parents=True)
    child = run_child(["child-list", str(path), "--work", str(work)])
    r = child.result
    print(
        f"{r['rows']:,} records ({r['rejects']:,} rejects) in {r['seconds']:.1f} s: {r['rows'] / r['seconds']:,.0f} "
        f"records/s, {made['uncompressed'] / 1e6 / r['seconds']:.1f} MB/s uncompressed; peak {r['peak_mb']:.0f} MB "
        f"when listed ({child.peak_mb:.0f} MB by wait4, with the reject count after it); the run's delta file "
        f"has {r['row_groups']:,} row groups, whose metadata its writer keeps until it writes the footer "
        f"({r['footer_mb']:.1f} MB)"
    )
    shutil.rmtree(work, ignore_errors=True)
    if args.clean:
        path.unlink()
        info.unlink()


def dir_bytes(folder: Path) -> int:
    return sum(p.stat().st_size for p in folder.rglob("*") if p.is_file())


def warc_raw_bytes(path: Path) -> int:
    import gzip

    with gzip.open(path, "rb") as stream:
        return sum(len(chunk) for chunk in iter(lambda: stream.read(1 << 20), b""))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("--bbc", type=Path, default=DEFAULT_BBC)
    common.add_argument("--work", type=Path, default=DEFAULT_WORK, help="where generated inputs go")
    common.add_argument("--seed", type=int, default=1)
    common.add_argument("--keep", action="store_true", help="keep the run measurement's corpus and warehouses")
    common.add_argument("--clean", action="store_true", help="remove the generated crawl and dump at the end")
    run = argparse.ArgumentParser(add_help=False)
    run.add_argument("--docs", type=int, default=2225, help="BBC articles in the run comparison")
    run.add_argument("--workers", type=int, default=1)
    warc = argparse.ArgumentParser(add_help=False)
    warc.add_argument("--warc-mb", type=int, default=1000, help="the crawl's compressed size")
    warc.add_argument(
        "--seconds", type=float, default=0, help="stop the crawl pass after this long (0: read the whole file)"
    )
    dump = argparse.ArgumentParser(add_help=False)
    dump.add_argument("--dump-mb", type=int, default=2000, help="the dump's compressed size")
    commands = parser.add_subparsers(dest="command", required=True)
    commands.add_parser("run", parents=[common, run], help="presstables run: .warc.gz of pages vs .txt files")
    commands.add_parser("warc", parents=[common, warc], help="read_inputs over a large crawl")
    commands.add_parser("dump", parents=[common, dump], help="a run's listing of a large .jsonl.zst")
    commands.add_parser("all", parents=[common, run, warc, dump], help="the three, one after another")
    reader = commands.add_parser("child-read")
    reader.add_argument("path", type=Path)
    reader.add_argument("--seconds", type=float, default=0)
    lister = commands.add_parser("child-list")
    lister.add_argument("path", type=Path)
    lister.add_argument("--work", type=Path, required=True)
    args = parser.parse_args(argv)

    if args.command == "child-read":
        child_read(args.path, args.seconds)
    elif args.command == "child-list":
        child_list(args.path, args.work)
    else:
        if args.command in ("run", "all"):
            measure_run(args)
        if args.command in ("warc", "all"):
            measure_warc(args)
        if args.command in ("dump", "all"):
            measure_dump(args)
    return 0


if __name__ == "__main__":
    sys.exit(main())
