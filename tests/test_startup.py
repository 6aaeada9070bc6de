"""What a one-off ``accordingto ask`` loads: the index and the query model, nothing that only
builds an index (each import costs every one-off question its time)."""

import json
import subprocess
import sys
import textwrap

# Modules that only building, updating or attributing needs.
NOT_FOR_ASKING = (
    "bm25s",
    "scipy",
    "tqdm",
    "spacy",
    "torch",
    "sentence_transformers",
    "transformers",
    "accordingto.attribution.collection",
    "accordingto.attribution.extract",
    "accordingto.attribution.parsing",
    "accordingto.attribution.reported",
    "accordingto.index.build",
    "accordingto.update",
)


def _run(script: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-c", textwrap.dedent(script)],
        capture_output=True,
        text=True,
        timeout=300,
    )


def test_a_one_off_question_imports_only_what_answering_needs(built_index_dir, tmp_path):
    modules = tmp_path / "modules.json"
    done = _run(
        f"""
        import json, sys
        from accordingto.cli import main
        try:
            main(["ask", "--json", "--index", {str(built_index_dir / "index")!r},
                  "--seeds", {str(built_index_dir / "seeds")!r},
                  "How many soldiers were killed?"])
        except SystemExit as end:
            assert not end.code, end.code
        with open({str(modules)!r}, "w") as out:
            json.dump(sorted(sys.modules), out)
        """
    )
    assert done.returncode == 0, done.stderr[-2000:]
    assert json.loads(done.stdout)["quotes"]  # the question was searched and answered
    loaded = set(json.loads(modules.read_text()))
    assert {"onnxruntime", "faiss", "accordingto.index.lexical"} <= loaded
    unneeded = sorted(
        m for m in loaded for heavy in NOT_FOR_ASKING if m == heavy or m.startswith(heavy + ".")
    )
    assert not unneeded


def test_the_builder_and_the_extractor_load_when_first_asked_for():
    done = _run(
        """
        import sys
        import accordingto.attribution as attribution
        import accordingto.index as index
        assert "accordingto.index.build" not in sys.modules
        assert "accordingto.attribution.extract" not in sys.modules
        assert "accordingto.attribution.collection" not in sys.modules
        from accordingto.index import assemble_index
        from accordingto.index.build import assemble_index as built
        assert assemble_index is built
        assert attribution.extract_statements.__module__ == "accordingto.attribution.extract"
        assert attribution.attribute_corpus.__module__ == "accordingto.attribution.collection"
        assert callable(attribution.load_nlp)
        for module in (index, attribution):
            try:
                module.no_such_name
            except AttributeError:
                pass
            else:
                raise AssertionError("an unknown name was found")
        print("lazy ok")
        """
    )
    assert done.returncode == 0, done.stderr[-2000:]
    assert "lazy ok" in done.stdout
