%%% The workers' callback for the standing-memory measure of the scatter/gather
%%% benchmark (choreo_bench_families): f/1 counts itself, then blocks until the
%%% gate process (registered as scatter_gather_gate) exits, so that every
%%% member of the session is alive and waiting while its memory is measured.
-module(scatter_gather_gated).

-export([f/1]).

-spec f(integer()) -> integer().
f(X) ->
    Ref = erlang:monitor(process, whereis(scatter_gather_gate)),
    ok = counters:add(persistent_term:get(scatter_gather_gated), 1, 1),
    receive
        {'DOWN', Ref, process, _, _} -> scatter_gather_workers_impl:f(X)
    end.
