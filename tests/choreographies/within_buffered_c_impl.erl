%%% C of tests/choreographies/within_buffered.chor: each message after a nap.
-module(within_buffered_c_impl).
-export([nap/1]).

nap(N) -> timer:sleep(200), N.
