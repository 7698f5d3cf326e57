"""Gold in the formats of the annotation tools analysts use: Label Studio JSON,
doccano JSONL and spaCy DocBin. Each keeps label, offsets and norm."""
from __future__ import annotations

import json
from pathlib import Path

FORMATS = ("label-studio", "doccano", "spacy")


def to_label_studio(doc_id: str, text: str, entities: list[dict]) -> list[dict]:
    results = []
    for i, e in enumerate(entities):
        region = f"{doc_id}-{i}"
        span = {"start": e["start"], "end": e["end"], "text": e["text"]}
        results.append({"id": region, "from_name": "label", "to_name": "text", "type": "labels",
                        "value": {**span, "labels": [e["label"]]}})
        results.append({"id": region, "from_name": "norm", "to_name": "text", "type": "textarea",
                        "value": {**span, "text": [e["norm"]]}})
    return [{"data": {"text": text, "doc_id": doc_id}, "annotations": [{"result": results}]}]


def latest_annotation(task: dict) -> dict:
    """The annotation a person last saved (Label Studio keeps every one,
    oldest first); cancelled ones do not count."""
    kept = [a for a in task.get("annotations") or [] if not a.get("was_cancelled")]
    if not kept:
        return {}
    return max(enumerate(kept), key=lambda ia: (ia[1].get("updated_at") or ia[1].get("created_at") or "", ia[0]))[1]


def from_label_studio(tasks: list[dict]) -> dict[str, tuple[str, list[dict]]]:
    documents = {}
    for task in tasks:
        text = task["data"]["text"]
        doc_id = task["data"].get("doc_id", "")
        labels, norms = {}, {}
        for result in latest_annotation(task).get("result", []):
            value = result["value"]
            if result.get("type") == "labels":
                labels[result["id"]] = (value["start"], value["end"], value["labels"][0])
            elif result.get("type") == "textarea":
                norms[result["id"]] = value["text"][0]
        entities = [{"label": label, "start": s, "end": e, "text": text[s:e], "norm": norms.get(rid, text[s:e])}
                    for rid, (s, e, label) in labels.items()]
        documents[doc_id] = (text, sorted(entities, key=lambda x: x["start"]))
    return documents


def to_doccano(doc_id: str, text: str, entities: list[dict]) -> list[dict]:
    # doccano keeps unknown keys; `norms` runs parallel to `label`.
    return [{"id": doc_id, "text": text, "label": [[e["start"], e["end"], e["label"]] for e in entities],
             "norms": [e["norm"] for e in entities]}]


def from_doccano(lines: list[dict]) -> dict[str, tuple[str, list[dict]]]:
    documents = {}
    for line in lines:
        text = line["text"]
        spans = line.get("label", [])
        norms = line.get("norms") or [None] * len(spans)
        if len(norms) != len(spans):
            raise ValueError(f"{len(spans)} labels but {len(norms)} norms in document {line.get('id', '')!r}")
        entities = [{"label": label, "start": s, "end": e, "text": text[s:e], "norm": norm or text[s:e]}
                    for (s, e, label), norm in zip(spans, norms)]
        documents[str(line.get("id", ""))] = (text, sorted(entities, key=lambda x: x["start"]))
    return documents


def to_docbin(doc_id: str, text: str, entities: list[dict]):
    import spacy
    from spacy.tokens import DocBin

    nlp = spacy.blank("en")
    doc = nlp.make_doc(text)
    spans = [doc.char_span(e["start"], e["end"], label=e["label"], kb_id=e["norm"], alignment_mode="expand") for e in entities]
    spans = [s for s in spans if s is not None]
    doc.ents = spacy.util.filter_spans(spans)
    # Token-aligned ents may widen a span (`Japan` in `Japan-`): keep the exact gold too.
    doc.user_data["polex_gold"] = {"doc_id": doc_id, "entities": entities}
    bin_ = DocBin(store_user_data=True)
    bin_.add(doc)
    return bin_


def from_docbin(data: bytes) -> dict[str, tuple[str, list[dict]]]:
    import spacy
    from spacy.tokens import DocBin

    documents = {}
    for doc in DocBin().from_bytes(data).get_docs(spacy.blank("en").vocab):
        exact = doc.user_data.get("polex_gold")
        if exact:
            documents[exact["doc_id"]] = (doc.text, [dict(e) for e in exact["entities"]])
        else:
            entities = [{"label": e.label_, "start": e.start_char, "end": e.end_char, "text": e.text,
                         "norm": e.kb_id_ or e.text} for e in doc.ents]
            documents[""] = (doc.text, entities)
    return documents


def export(fmt: str, doc_id: str, text: str, entities: list[dict], path: Path) -> None:
    if fmt == "label-studio":
        Path(path).write_text(json.dumps(to_label_studio(doc_id, text, entities), ensure_ascii=False, indent=1), encoding="utf-8")
    elif fmt == "doccano":
        Path(path).write_text("".join(json.dumps(x, ensure_ascii=False) + "\n" for x in to_doccano(doc_id, text, entities)), encoding="utf-8")
    elif fmt == "spacy":
        to_docbin(doc_id, text, entities).to_disk(path)
    else:
        raise ValueError(f"unknown format {fmt!r}; use one of {', '.join(FORMATS)}")


def load(fmt: str, path: Path) -> dict[str, tuple[str, list[dict]]]:
    path = Path(path)
    if fmt == "label-studio":
        return from_label_studio(json.loads(path.read_text(encoding="utf-8")))
    if fmt == "doccano":
        return from_doccano([json.loads(l) for l in path.read_text(encoding="utf-8").splitlines() if l.strip()])
    if fmt == "spacy":
        return from_docbin(path.read_bytes())
    raise ValueError(f"unknown format {fmt!r}; use one of {', '.join(FORMATS)}")
