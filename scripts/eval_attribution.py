"""Score statement extraction against gold speaker spans.

python scripts/eval_attribution.py GOLD.jsonl --seeds DIR [--misses] [--json]
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))

from accordingto.attribution import extract_corpus, load_nlp, score_attribution
from accordingto.corpus import load_corpus


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("gold", type=Path)
    parser.add_argument("--seeds", type=Path, required=True, help="folder of articles")
    parser.add_argument("--misses", action="store_true", help="print every missed span")
    parser.add_argument("--json", action="store_true", help="print the full result as JSON")
    args = parser.parse_args(argv)
    rows = [json.loads(line) for line in args.gold.read_text().splitlines() if line.strip()]
    articles = load_corpus(args.seeds)
    nlp = load_nlp()
    began = time.perf_counter()
    statements = extract_corpus(articles, nlp)
    seconds = time.perf_counter() - began
    result = score_attribution(statements, rows, {a.file: a.text for a in articles})
    if args.json:
        result["misses"] = [
            {"row": m["row"], "statement": m["statement"]} for m in result["misses"]
        ]
        print(json.dumps(result, ensure_ascii=False, indent=2))
        return 0
    count = sum(len(rows) for rows in statements.values())
    print(
        f"attributed {result['attributed']}/{result['spans']} spans "
        f"({100 * result['recall']:.1f}%), located {result['located']}; "
        f"{count} statements in {len(articles)} articles, extracted in {seconds:.2f}s"
    )
    if args.misses:
        for miss in result["misses"]:
            row, found = miss["row"], miss["statement"]
            got = (
                f"{found['kind']} speaker={found['speaker']!r} "
                f"canonical={found['speaker_canonical']!r} role={found['role']!r} "
                f"text={found['text'][:80]!r}"
                if found
                else "no statement"
            )
            print(f"- {row['file']} {row['span'][:60]!r} want {row['speaker']}: {got}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
