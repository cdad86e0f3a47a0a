%%% Carol's implementation module in the `shipping` choreography: the
%%% functions that Carol's part calls. shipping_carol (generated from
%%% chor/shipping.chor) declares them as callbacks.
-module(shipping_carol_impl).
-behaviour(shipping_carol).

-export([quote/2]).

%% A flat fee plus a price per item.
-spec quote(Item :: term(), Qty :: non_neg_integer()) -> pos_integer().
quote(_Item, Qty) ->
    10 + 2 * Qty.
