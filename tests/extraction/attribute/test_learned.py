"""The learned cue model: deterministic training on a tiny gold set in the PolNeAR layout, loading, and
the combination rule (the lexicon proposes, the model vetoes or adds)."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from quotegraph.cli import main
from quotegraph.errors import ModelError
from quotegraph.extraction.attribute.learned import MODEL_FILE, CueModel, load_cue_model
from quotegraph.extraction.pipeline import Extractor
from quotegraph.model import RawDocument
from quotegraph.train.attribution import train_attribution

# Hand-written articles: "grumbled" (in no lexicon) is a cue every time, "walked", "opened" never are.
ARTICLES = {
    "a1": [
        ("Mayor Lena Ortiz", "grumbled", "that the bridge repairs would take another year"),
        ("The council", "said", "the budget was balanced"),
    ],
    "a2": [
        ("Coach Tom Reyes", "grumbled", "that the referees had ignored every foul"),
        ("The team", "said", "it would appeal the result"),
    ],
    "a3": [
        ("Senator Ada Kim", "grumbled", "that the hearing had been scheduled too late"),
        ("Her office", "said", "she would attend anyway"),
    ],
    "a4": [
        ("The union leader", "grumbled", "that the wage offer was far too low"),
        ("The company", "said", "talks would resume on Monday"),
    ],
}
FILLER = "Residents walked to the market after the library opened its doors."


def write_split(root: Path) -> Path:
    (root / "text").mkdir(parents=True)
    (root / "attributions").mkdir()
    for name, items in ARTICLES.items():
        text = f"Title of {name}\n\n"
        lines = []
        for k, (source, cue, content) in enumerate(items):
            s0 = len(text)
            c0 = s0 + len(source) + 1
            t0 = c0 + len(cue) + 1
            text += f"{source} {cue} {content}. {FILLER}\n\n"
            lines += [
                f"T{3 * k + 1}\tSource {s0} {s0 + len(source)}\t{source}",
                f"T{3 * k + 2}\tCue {c0} {c0 + len(cue)}\t{cue}",
                f"T{3 * k + 3}\tContent {t0} {t0 + len(content)}\t{content}",
                f"E{k + 1}\tAttribution:T{3 * k + 2} Content:T{3 * k + 3} Cue:T{3 * k + 2} Source:T{3 * k + 1}",
            ]
        (root / "text" / f"{name}.txt").write_text(text, encoding="utf-8")
        (root / "attributions" / f"{name}_ann1.ann").write_text("\n".join(lines) + "\n", encoding="utf-8")
    return root


@pytest.fixture(scope="module")
def tiny(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    base = tmp_path_factory.mktemp("learned")
    return write_split(base / "split"), base / "cache"


def _statements(ex: Extractor, text: str) -> list[dict]:
    (item,) = list(ex.extract_documents([RawDocument(source=None, text=text)]))
    assert not isinstance(item, Exception), item
    return item.to_dict()["statements"]


@pytest.mark.model
def test_training_is_deterministic_and_holds_no_text(tiny: tuple[Path, Path], tmp_path: Path) -> None:
    split, cache = tiny
    a = train_attribution(split, tmp_path / "a", l2=0.1, min_count=1, cache=cache)
    b = train_attribution(split, tmp_path / "b", l2=0.1, min_count=1, cache=cache)
    ja = (tmp_path / "a" / MODEL_FILE).read_text(encoding="utf-8")
    assert ja == (tmp_path / "b" / MODEL_FILE).read_text(encoding="utf-8")
    assert a["positives"] == b["positives"] == 8
    model = CueModel.load(tmp_path / "a")
    assert model.weights["l=grumble"] > 0 > model.weights["l=walk"]
    assert "the bridge repairs" not in ja and "Lena Ortiz" not in ja


@pytest.mark.model
def test_trained_model_adds_a_cue_the_lexicons_lack(tiny: tuple[Path, Path], tmp_path: Path) -> None:
    split, cache = tiny
    train_attribution(split, tmp_path / "m", l2=0.1, min_count=1, add=0.5, cache=cache)
    text = "Chef Marco Bellini grumbled that the new menu had been rushed into print."
    rules = _statements(Extractor(keep_text=True, attribution_model="none"), text)
    learned = _statements(Extractor(keep_text=True, attribution_model=str(tmp_path / "m")), text)
    assert not [s for s in rules if s["kind"] == "indirect"]
    (st,) = [s for s in learned if s["kind"] == "indirect"]
    assert st["cue"]["lemma"] == "grumble"
    assert "the new menu had been rushed" in st["text"]
    assert st["speaker"]["text"].endswith("Bellini")


@pytest.mark.model
def test_model_vetoes_a_lexicon_cue() -> None:
    text = "The harbor master, Ingrid Solberg, said the new pier would open in May."
    rules = _statements(Extractor(keep_text=True, attribution_model="none"), text)
    assert [s for s in rules if s["kind"] == "indirect"]
    veto = CueModel(weights={"l=say": -20.0}, keep=0.2, add=0.6)
    vetoed = _statements(Extractor(keep_text=True, attribution_model=veto), text)
    assert not [s for s in vetoed if s["kind"] == "indirect"]


@pytest.mark.model
def test_statement_model_drops_a_statement_it_scores_low() -> None:
    text = "The harbor master, Ingrid Solberg, said the new pier would open in May."
    keep_all = CueModel(weights={}, keep=0.0, add=1.1)
    assert [s for s in _statements(Extractor(keep_text=True, attribution_model=keep_all), text)]
    dropper = CueModel(weights={}, keep=0.0, add=1.1, statement_weights={"cl=say": -20.0}, drop=0.5)
    kept = _statements(Extractor(keep_text=True, attribution_model=dropper), text)
    assert not [s for s in kept if s["kind"] == "indirect"]


def test_decide_combines_lexicon_and_model() -> None:
    m = CueModel(weights={}, keep=0.2, add=0.6)
    assert m.decide(None, True) and not m.decide(None, False)
    assert m.decide(0.3, True) and not m.decide(0.1, True)
    assert m.decide(0.6, False) and not m.decide(0.5, False)


def test_default_model_is_packaged_and_none_means_rules(tmp_path: Path) -> None:
    default = load_cue_model("default")
    assert default is not None and len(default.weights) > 1000
    assert default.meta["articles"] == 840
    assert load_cue_model("none") is None
    with pytest.raises(ModelError):
        load_cue_model(tmp_path)


@pytest.mark.model
def test_cli_train_writes_a_model_folder(tiny: tuple[Path, Path], tmp_path: Path) -> None:
    split, _ = tiny
    out = tmp_path / "cli-model"
    res = CliRunner().invoke(main, ["train", "attribution", str(split), "--out", str(out)])
    assert res.exit_code == 0, res.output
    assert CueModel.load(out).meta["articles"] == 4


@pytest.mark.model
def test_probabilities_computed_on_demand_equal_those_of_every_candidate() -> None:
    """Attribution asks for a token's cue probability only when its rules consider the token; the lazy
    probabilities must be exactly those of candidate_features (what training sees)."""
    from quotegraph.extraction.analyze import load_model
    from quotegraph.extraction.attribute.learned import candidate_features, quote_mask

    model = load_cue_model("default")
    assert model is not None
    text = (
        'Mayor Ann Ruiz said the ferry would run again. "It is late," she added, and critics complained. '
        "According to the operator, the engines were replaced. The council hopes to vote on Monday."
    )
    doc = load_model()(text)
    mask = quote_mask(doc)
    lazy = model.probabilities(doc, mask)
    every = dict(candidate_features(doc, mask))
    assert every
    for i in range(len(doc)):
        expected = model.probability(every[i]) if i in every else None
        assert lazy.get(i) == expected, doc[i]


@pytest.mark.model
def test_packaged_selector_fills_only_the_contents_the_rules_miss() -> None:
    """'called for managers to reopen ...' (an infinitive after the object of 'for') has no piece the rules
    take as content; the packaged selector's best candidate fills the gap, while a cue the rules handle
    ('said the ...') keeps the rules' span."""
    from dataclasses import replace

    default = load_cue_model("default")
    assert default is not None and default.fill_only and default.select < 1.0
    off = replace(default, select=1.0, fill_only=False)
    gap = "The union called for managers to reopen the talks before the holiday."
    assert not [s for s in _statements(Extractor(keep_text=True, attribution_model=off), gap) if s["cue"]]
    (st,) = [s for s in _statements(Extractor(keep_text=True, attribution_model=default), gap) if s["cue"]]
    assert st["cue"]["lemma"] == "call" and "managers to reopen the talks" in st["text"]
    ruled = "The harbor master said the new pier would open in May."
    assert _statements(Extractor(keep_text=True, attribution_model=default), ruled) == _statements(
        Extractor(keep_text=True, attribution_model=off), ruled
    )
