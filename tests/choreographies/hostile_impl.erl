%%% Callbacks for tests/test_hostile.py and others: Seller of failing_quote
%%% and generic_quote, and Carol of shipping, with a few hostile behaviours
%%% (`block`: a callback that never returns).
-module(hostile_impl).
-export([price/1, quote/2]).

%% failing_quote's and generic_quote's Seller.
price(slowish) -> timer:sleep(300), 10;
price(slow) -> timer:sleep(5000), 10;
price(crash) -> erlang:error(seller_crashed);
price(block) -> receive never_sent -> 10 end;
price(fake_result) -> exit({shutdown, {choreo_result, 99}});
price(_Title) -> 10.

%% shipping's Carol.
quote(fake_result, _Qty) -> exit({shutdown, {choreo_result, 99}});
quote(slowish, Qty) -> timer:sleep(300), Qty;
quote(crash, _Qty) -> error(carol_crashed);
quote(block, Qty) -> receive never_sent -> Qty end;
quote(_Item, Qty) -> Qty.
