%%% A of tests/choreographies/within_offer.chor.
-module(within_offer_a_impl).
-export([nap/1]).

nap(Ms) -> timer:sleep(Ms), Ms.
