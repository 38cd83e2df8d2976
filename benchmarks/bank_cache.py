"""Benchmark: reading parsed banks back from the cache, per format, against the old pickles.

    python benchmarks/bank_cache.py [--runs 31]

The cache used to keep pickles, which run code when read (issue 12). For the bundled banks
this prints the median time to read back (a) the one bank a practice run needs
(phone-scripts, as benchmarks/quiz_startup.py) and (b) every bundled bank (what `history` and
`report` read), in each candidate data-only format, as ratios against pickle measured in the
same run:
  pickle        open + pickle.load (the old cache; baseline)
  json          what the cache does now: the private-file check, the SHA-256 of the entry,
                json.loads and the explicit decoders of banks/codec.py
  marshal       the same with marshal instead of JSON (no checksum: for the format alone)
Target: the JSON path adds at most a few milliseconds to a quiz's start (quiz_startup.py
measures the whole launch).
"""

from __future__ import annotations

import argparse
import gc
import json
import marshal
import pickle
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from etiquette_quiz.banks import bundled_banks_dir, load_file  # noqa: E402
from etiquette_quiz.banks.cache import BankCache, _checked  # noqa: E402
from etiquette_quiz.banks.codec import decode_result, encode_result  # noqa: E402
from etiquette_quiz.paths import read_private  # noqa: E402


def median_ms(read, names: list[str], runs: int) -> float:
    times = []
    for _ in range(runs):
        gc.collect()
        started = time.perf_counter()
        for name in names:
            read(name)
        times.append(time.perf_counter() - started)
    return statistics.median(times) * 1000


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runs", type=int, default=31)
    args = parser.parse_args()
    files = sorted(bundled_banks_dir().glob("*.yaml"))
    with tempfile.TemporaryDirectory() as folder:
        base = Path(folder)
        cache = BankCache(base / "cache")
        sizes = {"pickle": 0, "json": 0, "marshal": 0}
        for path in files:
            result = load_file(path)
            data = pickle.dumps(result, protocol=pickle.HIGHEST_PROTOCOL)
            (base / f"{path.stem}.pickle").write_bytes(data)
            cache._write_entry(path.stem, result)
            (base / f"{path.stem}.marshal").write_bytes(marshal.dumps(encode_result(result)))
            sizes["pickle"] += len(data)
            sizes["json"] += (cache.folder / f"{path.stem}.json").stat().st_size
            sizes["marshal"] += (base / f"{path.stem}.marshal").stat().st_size

        def read_pickle(name: str) -> object:
            with open(base / f"{name}.pickle", "rb") as handle:
                return pickle.load(handle)

        def read_json(name: str) -> object:
            raw = read_private(cache.folder / f"{name}.json")
            assert raw is not None
            return decode_result(json.loads(_checked(raw)))

        def read_marshal(name: str) -> object:
            return decode_result(marshal.loads((base / f"{name}.marshal").read_bytes()))

        assert read_json("phone-scripts").document == read_pickle("phone-scripts").document  # type: ignore[attr-defined]
        print(f"bundled banks: {len(files)} files; entries pickle {sizes['pickle'] / 1e6:.2f} MB, "
              f"json {sizes['json'] / 1e6:.2f} MB, marshal {sizes['marshal'] / 1e6:.2f} MB; medians of {args.runs}")
        for label, names in (("(a) one bank (phone-scripts)", ["phone-scripts"]),
                             ("(b) every bundled bank", [p.stem for p in files])):
            # Interleaved rounds would favour none; the order is fixed, the medians settle it.
            baseline = median_ms(read_pickle, names, args.runs)
            ours = median_ms(read_json, names, args.runs)
            other = median_ms(read_marshal, names, args.runs)
            print(f"{label}")
            print(f"    pickle (old cache)          {baseline:7.2f} ms")
            print(f"    json + checksum + decode    {ours:7.2f} ms   ratio {ours / baseline:.2f}x, "
                  f"+{ours - baseline:.2f} ms")
            print(f"    marshal + decode            {other:7.2f} ms   ratio {other / baseline:.2f}x, "
                  f"+{other - baseline:.2f} ms")


if __name__ == "__main__":
    main()
