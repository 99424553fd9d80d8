"""One timed lifetimes 0.11.3 fit, run by ``bench/bench_clv.py`` in a fresh process with the
benchmark's own environment (``bench/.venv-lifetimes``; lifetimes is no dependency of
Bindung, and this file imports nothing from it).

    bench/.venv-lifetimes/bin/python bench/clv_lifetimes_child.py {bgnbd|gammagamma} DATA.csv
        [--weighted]

Reads the summary CSV, keeps the repeat customers for Gamma-Gamma, then times exactly one
call with the library's defaults:

* ``BetaGeoFitter().fit(frequency, recency, T)`` — input checks, BFGS on autograd's
  value-and-gradient, autograd Hessian (standard errors);
* ``GammaGammaFitter().fit(frequency, monetary_value)`` — the same for Gamma-Gamma.

``--weighted`` (BG/NBD only): identical (x, t_x, T) rows are merged first (numpy
``lexsort`` + ``reduceat``, the method Bindung uses; inside the timed span) and passed with
``weights=``, as lifetimes' docs suggest; the default is the call as users write it.

Prints one JSON line (parameters in Bindung's names: lifetimes' ``v`` is ``gamma``).
"""

from __future__ import annotations

import json
import resource
import sys
import time
from typing import Any


def rss_bytes() -> int:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024


def collapse(x: Any, t_x: Any, T: Any) -> tuple[Any, Any, Any, Any]:
    import numpy as np

    order = np.lexsort((T, t_x, x))
    x, t_x, T = x[order], t_x[order], T[order]
    new = np.empty(len(x), dtype=bool)
    new[0] = True
    new[1:] = (np.diff(x) != 0) | (np.diff(t_x) != 0) | (np.diff(T) != 0)
    starts = np.flatnonzero(new)
    w = np.add.reduceat(np.ones(len(x)), starts)
    return x[starts], t_x[starts], T[starts], w


def main() -> None:
    model, path = sys.argv[1], sys.argv[2]
    weighted = "--weighted" in sys.argv[3:]
    started = time.perf_counter()
    import autograd
    import lifetimes
    import numpy as np
    import pandas as pd
    import scipy
    from lifetimes import BetaGeoFitter, GammaGammaFitter

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

    rows = len(x)
    t0 = time.perf_counter()
    if model == "bgnbd":
        if weighted:
            cx, ct, cT, w = collapse(x, t_x, T)
            rows = len(cx)
            fitted: Any = BetaGeoFitter().fit(cx, ct, cT, weights=w)
        else:
            fitted = BetaGeoFitter().fit(x, t_x, T)
    elif model == "gammagamma":
        if weighted:
            raise SystemExit("--weighted: BG/NBD only (spend rows are all distinct)")
        fitted = GammaGammaFitter().fit(x, m)
    else:
        raise SystemExit(f"unknown model {model!r}")
    seconds = time.perf_counter() - t0

    rename = {"v": "gamma"}
    params = {rename.get(k, k): float(v) for k, v in fitted.params_.items()}
    se = {rename.get(k, k): float(v) for k, v in fitted.standard_errors_.items()}
    n = float(np.sum(fitted.data["weights"]))
    out = {
        "library": "lifetimes",
        "model": model,
        "weighted": weighted,
        "seconds": seconds,
        "params": params,
        "standard_errors": se,
        # lifetimes minimises the mean negative log-likelihood (penalizer 0 here)
        "log_likelihood": -float(fitted._negative_log_likelihood_) * n,
        "customers": n,
        "input_rows": len(x),
        "rows": rows,
        "rss_imports": rss_imports,
        "rss_before_fit": rss_data,
        "import_seconds": imported - started,
        "versions": {
            "python": sys.version.split()[0],
            "lifetimes": lifetimes.__version__,
            "autograd": getattr(autograd, "__version__", _dist_version("autograd")),
            "numpy": np.__version__,
            "scipy": scipy.__version__,
            "pandas": pd.__version__,
        },
    }
    print(json.dumps(out))


def _dist_version(name: str) -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version(name)
    except PackageNotFoundError:
        return "?"


if __name__ == "__main__":
    main()
