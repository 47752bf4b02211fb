"""Benchmarks at a national awarding body's volume, on PostgreSQL (see ``bench/national.py``).

`copy` writes rows table by table with COPY; `world` and `history` generate the data set;
`plans` captures every query's plan; `pages` times the pages; `results_day` runs processing
with several workers.
"""
