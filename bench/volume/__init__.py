"""Benchmarks at a national awarding body's volume, on PostgreSQL (see ``bench/national.py``).

`catalogue`, `world`, `claims`, `trail` and `moderation` generate the national data set, `copy`
loads it table by table with COPY and `dataset` builds it once and finds it again; `plans`
captures every query's plan and `pages` times the pages; `results_data` builds the results-day
template, `results_day` runs its workers and `results_checks` looks for anything done twice.
"""
