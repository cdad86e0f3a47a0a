%%% A's callback of tests/choreographies/crash_first.chor: fails as asked.
-module(crash_first_a_impl).
-export([boom/1]).

boom(error) -> error(a_crashed);
boom(throw) -> throw(a_threw);
boom(exit) -> exit(a_exited);
boom(X) -> X.
