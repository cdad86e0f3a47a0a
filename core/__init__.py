"""What every stage shares: source spans, diagnostics, the deep-stack runner, Erlang names."""
