%%% `choreo-erl run`: runs one session of a compiled choreography and prints
%%% each role's result and every message the roles sent, in order.
%%%
%%% Started as `erl -noshell -run choreo_cli main Module Args Timeout [diagram]`,
%%% where Args is an Erlang term (a map from role to start arguments) as text;
%%% with `diagram` it also prints the session as a Mermaid sequence diagram
%%% (`choreo_diagram`).
-module(choreo_cli).

-export([main/1]).

-spec main([string()]) -> no_return().
main([Module, ArgsText, TimeoutText | Flags]) ->
    Mod = list_to_atom(Module),
    Timeout = case TimeoutText of
                  "infinity" -> infinity;
                  _ -> list_to_integer(TimeoutText)
              end,
    case parse_term(ArgsText) of
        {ok, Args} ->
            halt_with(run(Mod, Args, Timeout, lists:member("diagram", Flags)));
        {error, Why} ->
            io:format(standard_error, "error: --args is not an Erlang expression: ~ts~n", [Why]),
            erlang:halt(2)
    end.

run(Mod, Args, Timeout, Diagram) ->
    #{roles := Roles} = Mod:spec(),
    Opts = #{trace => self(), timeout => Timeout},
    Result = case Mod:start(Args, Opts) of
                 {ok, Session} -> Mod:await(Session, infinity);
                 {error, _} = Error -> Error
             end,
    Events = collect([]),
    Sends = [Event || #{kind := send} = Event <- Events],
    print_result(Result, [Role || {Role, _, _} <- Roles]),
    io:format("~nmessages (~b):~n", [length(Sends)]),
    Width = lists:max([0 | [length(atom_to_list(R)) || {R, _, _} <- Roles]]),
    Steps = [lists:flatten(io_lib:format("~w", [S])) || #{step := S} <- Sends],
    StepWidth = lists:max([0 | [length(S) || S <- Steps]]),
    lists:foreach(
      fun({N, #{role := From, peer := To, payload := Payload}, Step}) ->
              io:format("  ~3b. ~*ts -> ~*ts  step ~*ts  ~tP~n",
                        [N, -Width, atom_to_list(From), -Width, atom_to_list(To),
                         -StepWidth, Step, Payload, 12])
      end, lists:zip3(lists:seq(1, length(Sends)), Sends, Steps)),
    case Diagram of
        true -> io:format("~n~ts", [choreo_diagram:mermaid([R || {R, _, _} <- Roles], Events)]);
        false -> ok
    end,
    Result.

print_result({ok, Results}, Roles) ->
    io:format("results:~n"),
    [io:format("  ~ts => ~tp~n", [Role, maps:get(Role, Results)]) || Role <- Roles],
    ok;
print_result({error, Reason}, _Roles) ->
    io:format("session failed: ~tp~n", [Reason]).

collect(Acc) ->
    receive
        {choreo_trace, _Session, Event} -> collect([Event | Acc])
    after 0 ->
        lists:reverse(Acc)
    end.

%% The arguments are an Erlang expression, as in an example's `% run:` line
%% (`#{master => [lists:seq(1, 100)]}`), evaluated without bindings.
parse_term(Text) ->
    case erl_scan:string(Text ++ ".") of
        {ok, Tokens, _} ->
            case erl_parse:parse_exprs(Tokens) of
                {ok, Exprs} ->
                    try erl_eval:exprs(Exprs, erl_eval:new_bindings()) of
                        {value, Term, _} -> {ok, Term}
                    catch
                        Class:Reason -> {error, io_lib:format("~p:~p", [Class, Reason])}
                    end;
                {error, {_, _, Why}} -> {error, lists:flatten(erl_parse:format_error(Why))}
            end;
        {error, {_, _, Why}, _} ->
            {error, lists:flatten(erl_scan:format_error(Why))}
    end.

halt_with({ok, _}) -> erlang:halt(0);
halt_with(_) -> erlang:halt(1).
