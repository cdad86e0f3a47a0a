%%% Carol's implementation module for the `contract_shipping` fixture: a copy
%%% of examples/shipping_carol_impl.erl under a name of the fixtures.
-module(contract_shipping_carol_impl).
-behaviour(contract_shipping_carol).

-export([quote/2]).

%% A flat fee plus a price per item.
-spec quote(term(), non_neg_integer()) -> non_neg_integer().
quote(_Item, Qty) -> 10 + 2 * Qty.
