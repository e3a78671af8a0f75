"""Known-answer evals: versioned cases (cases/*.jsonl), pure metrics, a harness that writes reports.

Entry point: `evals.harness.run_eval(service, ...)`, called by `sendqa eval`.
"""
