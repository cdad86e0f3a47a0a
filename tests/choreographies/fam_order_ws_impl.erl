-module(fam_order_ws_impl).
-export([answer/2]).

%% Waits D ms, then answers with its tag; a tag `crash' fails.
answer(_D, crash) -> erlang:error(member_failed);
answer(D, Tag) -> timer:sleep(D), Tag.
