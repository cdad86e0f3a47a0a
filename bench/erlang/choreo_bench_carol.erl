%%% Carol's implementation module for the memory benchmark: quote/2 counts
%%% itself, then blocks until the gate process (registered as
%%% choreo_bench_gate) exits, so that every session of a batch stays alive,
%%% all its roles waiting, while the benchmark measures memory.
-module(choreo_bench_carol).

-export([quote/2]).

-spec quote(term(), term()) -> term().
quote(Item, Qty) ->
    Gate = whereis(choreo_bench_gate),
    Ref = erlang:monitor(process, Gate),
    ok = counters:add(persistent_term:get(choreo_bench_blocked), 1, 1),
    receive
        {'DOWN', Ref, process, _, _} -> shipping_carol_impl:quote(Item, Qty)
    end.
