%%% Carol's implementation module for the failure tests of choreo_runtime:
%%% the item that Alice orders says how the quote goes wrong.
-module(contract_test_carol_impl).
-behaviour(contract_shipping_carol).

-export([quote/2]).

%% `crash` raises; `{sleep, Ms}` answers after Ms milliseconds; anything
%% else is quoted as contract_shipping_carol_impl does.
-spec quote(term(), non_neg_integer()) -> non_neg_integer().
quote(crash, _Qty) ->
    erlang:error(out_of_stock);
quote({sleep, Ms}, Qty) ->
    ok = timer:sleep(Ms),
    10 + 2 * Qty;
quote(_Item, Qty) ->
    10 + 2 * Qty.
