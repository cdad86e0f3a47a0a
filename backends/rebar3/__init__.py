"""The rebar3 integration: the `rebar3_choreo` plugin (Erlang, copied into each
project's `_checkouts/`), the project scaffold of `choreo-erl new`, and the
conservative `rebar.config` edits of `choreo-erl init`."""
