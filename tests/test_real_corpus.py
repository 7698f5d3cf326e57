"""Real documents listed by meta files, brought in from a copy elsewhere."""
import hashlib
import json

from pipeline.real_corpus import bring, missing_documents


def test_only_listed_documents_with_the_recorded_hash_are_brought(tmp_path):
    real, copy = tmp_path / "real", tmp_path / "copy"
    real.mkdir()
    copy.mkdir()
    for doc_id, content in (("good", b"Japan"), ("changed", b"Kenya"), ("gone", b"Chile")):
        meta = {"format": "txt", "sha256": hashlib.sha256(content).hexdigest(), "split": "test"}
        (real / f"{doc_id}.meta.json").write_text(json.dumps(meta))
    (copy / "good.txt").write_bytes(b"Japan")
    (copy / "changed.txt").write_bytes(b"Kenya, edited")
    (copy / "unlisted.txt").write_bytes(b"Peru")
    assert bring(copy, real) == (1, 2)
    assert (real / "good.txt").read_bytes() == b"Japan"
    assert sorted(p.name for p in real.iterdir() if not p.name.endswith(".meta.json")) == ["good.txt"]
    assert [name for name, _ in missing_documents(real)] == ["changed.txt", "gone.txt"]
