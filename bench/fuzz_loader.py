"""Fuzz the SOP loader for a while: mutated seed SOPs, the loader's contract checked on each.

Run from the repository root: ``python bench/fuzz_loader.py --seconds 600``. Uses the
mutations and the contract of the test suite (tests/sop/hostile/mutations.py), driven
by ``random.Random(--seed)``. Each input has --limit seconds (SIGALRM) and the whole
process an address-space cap, so a hang or a memory blow-up is a violation, not a
stuck machine. Violating inputs are saved under --save. Prints figures and ends with
one JSON line of all of them; exits 1 when any input broke the contract.
"""

from __future__ import annotations

import argparse
import json
import random
import resource
import signal
import sys
import time
import traceback
from pathlib import Path
from types import FrameType

# Run as a script, the repository root is not on sys.path.
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bot.i18n import set_locale
from tests.sop.hostile.mutations import check_contract, mutate

MEMORY_CAP = 2 * 1024**3  # bytes of address space for the whole process


class RandomChooser:
    """Choices from a seeded random generator."""

    def __init__(self, seed: int) -> None:
        self._random = random.Random(seed)

    def below(self, n: int) -> int:
        """Return a whole number from 0 to n - 1."""
        return self._random.randrange(n)


class TooSlowError(Exception):
    """One input took longer than the per-input limit."""


def _alarm(_signum: int, _frame: FrameType | None) -> None:
    """Stop the input that ran past its time."""
    raise TooSlowError


def _arguments() -> argparse.Namespace:
    """Read the command line."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=60.0, help="how long to fuzz")
    parser.add_argument("--seed", type=int, default=2026, help="seed of the random generator")
    parser.add_argument("--limit", type=float, default=5.0, help="seconds allowed per input")
    parser.add_argument("--save", type=Path, default=Path("fuzz-violations"), help="where to")
    return parser.parse_args()


def _save(folder: Path, number: int, data: bytes, error: BaseException) -> None:
    """Keep a violating input and its traceback for a regression case."""
    folder.mkdir(parents=True, exist_ok=True)
    (folder / f"{number:06d}.yaml").write_bytes(data)
    (folder / f"{number:06d}.txt").write_text(
        "".join(traceback.format_exception(error)), encoding="utf-8"
    )


def main() -> int:
    """Fuzz until the time is up; print the figures; exit 1 on any violation."""
    args = _arguments()
    set_locale("en")
    resource.setrlimit(resource.RLIMIT_AS, (MEMORY_CAP, MEMORY_CAP))
    signal.signal(signal.SIGALRM, _alarm)
    chooser = RandomChooser(args.seed)
    counts = {"inputs": 0, "valid": 0, "refused": 0, "violations": 0, "too_slow": 0}
    slowest = 0.0
    kinds: dict[str, int] = {}
    began = time.perf_counter()
    while time.perf_counter() - began < args.seconds:
        data = mutate(chooser)
        counts["inputs"] += 1
        start = time.perf_counter()
        signal.setitimer(signal.ITIMER_REAL, args.limit)
        try:
            valid = check_contract(data) is not None
        except Exception as error:  # every exception is a finding to report
            counts["violations"] += 1
            counts["too_slow"] += isinstance(error, TooSlowError)
            kinds[type(error).__name__] = kinds.get(type(error).__name__, 0) + 1
            _save(args.save, counts["inputs"], data, error)
            continue
        finally:
            signal.setitimer(signal.ITIMER_REAL, 0)
            slowest = max(slowest, time.perf_counter() - start)
        counts["valid" if valid else "refused"] += 1
    elapsed = time.perf_counter() - began
    figures = {
        **counts,
        "seconds": round(elapsed, 1),
        "inputs_per_second": round(counts["inputs"] / elapsed, 1),
        "slowest_input_ms": round(slowest * 1e3, 1),
        "max_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1),
        "violation_kinds": kinds,
        "seed": args.seed,
    }
    print(f"{counts['inputs']:,} inputs in {elapsed:.0f} s ({figures['inputs_per_second']}/s):")
    print(f"  valid {counts['valid']:,}, refused with issues {counts['refused']:,}")
    print(f"  contract violations {counts['violations']} (too slow: {counts['too_slow']})")
    print(f"  slowest input {figures['slowest_input_ms']} ms, peak RSS {figures['max_rss_mb']} MB")
    print(json.dumps(figures, sort_keys=True))
    return 1 if counts["violations"] else 0


if __name__ == "__main__":
    sys.exit(main())
