"""Verifying an index: every stored offset still points at the words it claims to.

A quote is only worth citing if ``article[start:end]`` is exactly its text, both in the
copy the index keeps and in the article file it was read from.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path

from .corpus import CorpusError, content_hash, read_article_text
from .index import ARTICLES, PASSAGES, STATEMENTS, BrokenIndex, read_manifest, recorded_source


@dataclass
class VerifyReport:
    """What a verification checked and every mismatch it found."""

    articles: int = 0
    passages: int = 0
    statements: int = 0
    references: int = 0
    files_checked: int = 0
    problems: list[str] = field(default_factory=list)

    def summary(self) -> str:
        """One line of counts and the verdict."""
        checked = (
            f"{self.passages} passages, {self.statements} statements and {self.references} "
            f"cross-references in {self.articles} articles ({self.files_checked} article files "
            "read)"
        )
        if self.problems:
            return f"FAILED: {len(self.problems)} problem(s) in {checked}."
        return f"OK: every offset matches its text: {checked}."


def verify_index(folder: Path | str) -> VerifyReport:
    """Check every passage, statement and restatement offset of the index at ``folder``.

    Offsets are checked against the article text stored in the index and against the
    article files of the folder the index records as its source, when that folder exists.
    """
    folder = Path(folder)
    report = VerifyReport()
    try:
        manifest = read_manifest(folder)
        stored = {row["file"]: row for row in _rows(folder / ARTICLES)}
        passages = list(_rows(folder / PASSAGES))
        statements = list(_rows(folder / STATEMENTS))
    except (BrokenIndex, OSError, ValueError, KeyError) as error:
        report.problems.append(f"the index at {folder} cannot be read: {error}")
        return report
    report.articles = len(stored)
    texts = {file: row.get("text", "") for file, row in stored.items()}
    for file, row in stored.items():
        if content_hash(texts[file]) != row.get("content_hash"):
            report.problems.append(f"{file}: the stored text does not match its own hash")
    on_disk = _article_files(manifest, folder, stored, report)
    spans = {p["id"]: p for p in passages}
    for passage in passages:
        report.passages += 1
        _check(report, "passage", passage, texts, on_disk)
        for other in passage.get("also", []):
            report.references += 1
            if other not in spans or spans[other]["file"] == passage["file"]:
                report.problems.append(
                    f"passage {passage['id']}: its restatement {other} is not another "
                    "article's passage"
                )
    for statement in statements:
        report.statements += 1
        _check(report, "statement", statement, texts, on_disk)
    if manifest.get("passages") != len(passages):
        report.problems.append("the manifest's passage count differs from the passages stored")
    if manifest.get("statements") != len(statements):
        report.problems.append("the manifest's statement count differs from the statements")
    return report


def _article_files(manifest: dict, folder: Path, stored: dict, report: VerifyReport) -> dict:
    source = recorded_source(manifest, folder)
    if source is None or not source.is_dir():
        return {}
    found = {}
    for file, row in stored.items():
        path = source / file
        try:
            text = read_article_text(path)
        except CorpusError as error:
            report.problems.append(f"{file}: the article file {path} is unusable: {error}")
            continue
        report.files_checked += 1
        if content_hash(text) != row.get("content_hash"):
            report.problems.append(f"{file}: the article file has changed since it was indexed")
            continue
        found[file] = text
    return found


def _check(report: VerifyReport, what: str, row: dict, texts: dict, on_disk: dict) -> None:
    file, start, end, text = row.get("file"), row.get("start"), row.get("end"), row.get("text")
    label = f"{what} {row.get('id', '')} in {file} [{start}:{end}]".replace("  ", " ")
    if file not in texts:
        report.problems.append(f"{label}: no such article in the index")
        return
    if not (isinstance(start, int) and isinstance(end, int) and 0 <= start <= end):
        report.problems.append(f"{label}: the offsets are not a span")
        return
    if texts[file][start:end] != text:
        report.problems.append(f"{label}: the stored article text differs at these offsets")
    if file in on_disk and on_disk[file][start:end] != text:
        report.problems.append(f"{label}: the article file differs at these offsets")


def _rows(path: Path):
    with path.open(encoding="utf-8") as handle:
        for line in handle:
            if line.strip():
                yield json.loads(line)
