"""The command line's commands, a few lines each over the library; `cli.main` picks one and
translates its errors once.

- `parser`: every command's arguments, help and examples (`build_parser`), the option groups
  spelled once and read back once (`run_options`);
- `shell`: what every command shares: the program's name, exit codes, `say`, standard input and
  the up-front checks of extras, lexicons and templates;
- `extract`: `extract` on this machine's workers (a Dask cluster or URLs: `cluster.py`);
- `checks`: `text`, `schema`, `validate` and `evaluate`, which show or check what extract gives;
- `serve`: the HTTP service;
- `desk`: `review`, `export` and `learn`, the review desk and what it gives back.
"""
