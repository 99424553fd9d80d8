"""The report layer: numbers from metrics (and later models), labelled and laid out once for
every view (CLI, API, web pages, HTML and Excel)."""
