"""One timed Bindung fit, run by ``bench/bench_clv.py`` in a fresh process (project .venv).

    .venv/bin/python bench/clv_bindung_child.py {bgnbd|gammagamma} DATA.csv [--profile]

Reads the summary CSV (columns frequency, recency, T, monetary), keeps the repeat customers
for Gamma-Gamma (the same rows the lifetimes child gets), then times exactly one call:

* ``BetaGeoModel().fit(frequency, recency, T)`` — validation, merging of identical
  (x, t_x, T) rows, L-BFGS-B, Newton polishing and the finite-difference Hessian (standard
  errors) are all inside that call;
* ``GammaGammaModel().fit(frequency, monetary)`` — validation, the spend/frequency
  correlation check, the search and the Hessian.

Prints one JSON line: seconds, parameters, standard errors, log-likelihood, rows, effort and
the process's peak RSS before the fit.  ``--profile`` wraps the model's internals with timers
(not used for the reported times) and measures what one weighted sum ``w @ v`` costs.
"""

from __future__ import annotations

import json
import resource
import sys
import time
from collections import defaultdict
from typing import Any


def rss_bytes() -> int:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024


def main() -> None:
    model, path = sys.argv[1], sys.argv[2]
    profile = "--profile" in sys.argv[3:]
    started = time.perf_counter()
    import numpy as np
    import pandas as pd
    import scipy

    import bindung.models
    from bindung.models import BetaGeoModel, GammaGammaModel

    imported = time.perf_counter()
    rss_imports = rss_bytes()
    df = pd.read_csv(path)
    x = df["frequency"].to_numpy(dtype=np.float64)
    t_x = df["recency"].to_numpy(dtype=np.float64)
    T = df["T"].to_numpy(dtype=np.float64)
    m = df["monetary"].to_numpy(dtype=np.float64)
    del df
    if model == "gammagamma":
        keep = x > 0
        x, m = x[keep], m[keep]
    rss_data = rss_bytes()

    timers: dict[str, list[float]] = defaultdict(lambda: [0.0, 0])
    if profile:
        _instrument(timers)

    t0 = time.perf_counter()
    if model == "bgnbd":
        fitted: Any = BetaGeoModel().fit(x, t_x, T)
    elif model == "gammagamma":
        fitted = GammaGammaModel().fit(x, m)
    else:
        raise SystemExit(f"unknown model {model!r}")
    seconds = time.perf_counter() - t0

    fit = fitted.fit_
    out: dict[str, Any] = {
        "library": "bindung",
        "model": model,
        "seconds": seconds,
        "search_seconds": fit.seconds,  # maximise(): L-BFGS-B + Newton + Hessian
        "params": fitted.params_,
        "standard_errors": fit.standard_errors,
        "covariance": fit.covariance,
        "log_likelihood": fit.log_likelihood,
        "customers": fit.n,
        "input_rows": len(x),
        "rows": fit.rows,  # distinct rows the likelihood ran on
        "iterations": fit.iterations,
        "evaluations": fit.evaluations,
        "rss_imports": rss_imports,
        "rss_before_fit": rss_data,
        "import_seconds": imported - started,
        "versions": {
            "python": sys.version.split()[0],
            "numpy": np.__version__,
            "scipy": scipy.__version__,
            "pandas": pd.__version__,
            "bindung": getattr(bindung, "__version__", "?"),
        },
    }
    if profile:
        out["profile"] = {k: {"seconds": v[0], "calls": v[1]} for k, v in timers.items()}
        out["weighted_sum"] = _weighted_sum_cost(fit.rows)
    print(json.dumps(out))


def _instrument(timers: dict[str, list[float]]) -> None:
    """Wrap the internals of the two fits with accumulating timers (inclusive times)."""
    from bindung.models import bgnbd, gammagamma, inputs, numeric

    def wrap(owner: Any, name: str, label: str) -> None:
        inner = getattr(owner, name)

        def timed(*args: Any, **kwargs: Any) -> Any:
            t = time.perf_counter()
            try:
                return inner(*args, **kwargs)
            finally:
                entry = timers[label]
                entry[0] += time.perf_counter() - t
                entry[1] += 1

        setattr(owner, name, timed)

    wrap(inputs, "customers", "validate inputs")
    wrap(inputs.Customers, "collapsed", "merge identical rows")
    wrap(gammagamma, "_repeaters", "validate inputs")
    wrap(gammagamma, "_correlation", "spend/frequency correlation")
    wrap(bgnbd, "_loglik", "log-likelihood")
    wrap(bgnbd, "_gradient", "gradient")
    wrap(gammagamma, "_loglik", "log-likelihood")
    wrap(gammagamma, "_gradient", "gradient")
    wrap(numeric, "minimize", "L-BFGS-B (incl. its evaluations)")
    wrap(numeric, "_newton", "Newton steps (incl. Hessians)")
    wrap(numeric, "hessian", "finite-difference Hessians")


def _weighted_sum_cost(rows: int) -> dict[str, float]:
    """Microseconds for one weighted sum over ``rows`` values: ``w @ v`` (BLAS ddot, threaded
    by OpenBLAS above a size threshold) against ``np.add.reduce(w * v)`` (no BLAS)."""
    import numpy as np

    rng = np.random.default_rng(0)
    w, v = rng.random(rows), rng.random(rows)
    out = {}
    for label, f in (("matmul", lambda: w @ v), ("multiply_sum", lambda: float(np.sum(w * v)))):
        f()
        t = time.perf_counter()
        for _ in range(200):
            f()
        out[label] = (time.perf_counter() - t) / 200 * 1e6
    return out


if __name__ == "__main__":
    main()
