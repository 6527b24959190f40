"""Inputs: find them, read them, and turn them into articles.

Every input either becomes an `Article` or a `Reject` with a reason code: nothing is dropped.

- `discovery`: list local folders and files (`scan`), names made printable;
- `remote`: list and open objects in stores (`s3://`, `gs://`, `az://`, `https://`) through fsspec;
- `formats`: which formats are read, told by file name;
- `readers`: open an input, undo its compression, read it by its format (`read_inputs`);
- `archives`: WARC and tar archives; `tables`: Parquet and CSV;
- `records`: articles from text, HTML pages and records; `text`: decoding and normalization.
"""

from flows.inputs.discovery import absolute_input, discover, printable, real_path, scan
from flows.inputs.formats import IGNORED_NAMES, kind_of
from flows.inputs.model import (
    Article,
    DecodeError,
    Fields,
    FileStat,
    InputUnreachable,
    Listing,
    Reject,
    doc_id_for,
)
from flows.inputs.readers import MAX_FILE_BYTES, read_inputs
from flows.inputs.text import decode_bytes, normalize_text, parse_date, title_of

__all__ = [
    "IGNORED_NAMES",
    "MAX_FILE_BYTES",
    "Article",
    "DecodeError",
    "Fields",
    "FileStat",
    "InputUnreachable",
    "Listing",
    "Reject",
    "absolute_input",
    "decode_bytes",
    "discover",
    "doc_id_for",
    "kind_of",
    "normalize_text",
    "parse_date",
    "printable",
    "real_path",
    "read_inputs",
    "scan",
    "title_of",
]
