%%% The workers' callback of the scatter/gather benchmark (bench/scatter_gather.chor
%%% and its rival hw_scatter_gather): a trivial pure function.
-module(scatter_gather_workers_impl).

-export([f/1]).

-spec f(integer()) -> integer().
f(X) -> X + 1.
