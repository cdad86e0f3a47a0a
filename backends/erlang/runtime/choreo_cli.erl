%%% `choreo-erl run`: runs one session of a compiled choreography and prints
%%% each role's result and every message the roles sent, in order.
%%%
%%% Started as `erl -noshell -run choreo_cli main Module ArgsFile Timeout [diagram]`,
%%% where ArgsFile holds the start arguments as the text of a literal Erlang term
%%% (a map from role to its list of start arguments; it is parsed, never
%%% evaluated); with `diagram` it also prints the session as a Mermaid sequence
%%% diagram (`choreo_diagram`). Before the session it warns about callbacks that
%%% a role's implementation module does not export. Exit status: 0 when the
%%% session ends well, 1 when it fails, 2 when the arguments are wrong.
-module(choreo_cli).

-export([main/1, parse_args/1]).

-spec main([string()]) -> no_return().
main([Module, ArgsFile, TimeoutText | Flags]) ->
    ok = io:setopts(standard_io, [{encoding, unicode}]),
    ok = io:setopts(standard_error, [{encoding, unicode}]),
    Mod = list_to_atom(Module),
    Timeout = case TimeoutText of
                  "infinity" -> infinity;
                  _ -> list_to_integer(TimeoutText)
              end,
    {ok, ArgsBin} = file:read_file(ArgsFile),
    ArgsText = unicode:characters_to_list(ArgsBin),
    %% A role family's entry is checked by the session (a count or argument
    %% lists, see choreo_runtime:validate/3).
    Families = maps:get(families, Mod:spec(), []),
    case check_args(parse_term(ArgsText), Families) of
        {ok, Args} ->
            warn_missing_callbacks(Mod:spec()),
            halt_with(run(Mod, Args, Timeout, lists:member("diagram", Flags)));
        {error, Message} ->
            io:format(standard_error, "error: ~ts~n", [Message]),
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
    Width = lists:max([0 | [length(atom_to_list(R)) || {R, _, _} <- Roles]]
                      ++ [length(name(R)) || #{role := R} <- Sends]),
    Steps = [lists:flatten(io_lib:format("~w", [S])) || #{step := S} <- Sends],
    StepWidth = lists:max([0 | [length(S) || S <- Steps]]),
    lists:foreach(
      fun({N, #{role := From, peer := To, payload := Payload}, Step}) ->
              io:format("  ~3b. ~*ts -> ~*ts  step ~*ts  ~tP~n",
                        [N, -Width, name(From), -Width, name(To),
                         -StepWidth, Step, Payload, 12])
      end, lists:zip3(lists:seq(1, length(Sends)), Sends, Steps)),
    case Diagram of
        true ->
            %% A family is drawn member by member, as they first appear.
            Families = maps:get(families, Mod:spec(), []),
            io:format("~n~ts", [choreo_diagram:mermaid([R || {R, _, _} <- Roles,
                                                             not lists:member(R, Families)],
                                                        Events)]);
        false -> ok
    end,
    Result.

%% A role's name, or a member's (`{workers,2}').
name({Family, I}) -> lists:flatten(io_lib:format("{~ts,~b}", [Family, I]));
name(Role) -> atom_to_list(Role).

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

%% @doc The start arguments from the text of `--args': a literal map from role to
%% its list of arguments, or a message that says what to write instead. The text
%% is parsed, never evaluated, so nothing in it can run.
-spec parse_args(string()) -> {ok, #{atom() => list()}} | {error, iodata()}.
parse_args(Text) ->
    check_args(parse_term(Text), []).

parse_term(Text) ->
    Allowed = "it may hold only atoms, numbers, strings, binaries, lists, tuples "
              "and maps, e.g. '#{alice => [book, 2]}'",
    case erl_scan:string(Text ++ " .") of
        {ok, Tokens, _} ->
            case erl_parse:parse_term(Tokens) of
                {ok, Term} ->
                    {ok, Term};
                {error, {_, _, Why}} ->
                    {error, io_lib:format("--args is not a literal Erlang term (~ts); ~ts",
                                          [erl_parse:format_error(Why), Allowed])}
            end;
        {error, {_, _, Why}, _} ->
            {error, io_lib:format("--args is not an Erlang term (~ts); ~ts",
                                  [erl_scan:format_error(Why), Allowed])}
    end.

%% A map from role to its list of start arguments (a role family's entry is
%% left to the session).
check_args({ok, Args}, Families) when is_map(Args) ->
    case [{Role, Value} || {Role, Value} <- maps:to_list(Args),
                           not is_atom(Role)
                               orelse not (is_list(Value) orelse lists:member(Role, Families))] of
        [] ->
            {ok, Args};
        [{Role, _} | _] when not is_atom(Role) ->
            {error, io_lib:format("--args names a role ~tp: roles are atoms, "
                                  "e.g. '#{alice => [book, 2]}'", [Role])};
        [{Role, Value} | _] ->
            {error, io_lib:format(
                      "--args gives `~tp` the start argument ~tp, not a list of them: "
                      "write `~tp => [~tp]`", [Role, Value, Role, Value])}
    end;
check_args({ok, Args}, _Families) ->
    {error, io_lib:format("--args is ~tp, not a map from role to its start arguments: "
                          "write e.g. '#{alice => [book, 2]}'", [Args])};
check_args(Error, _Families) ->
    Error.

%% A role's implementation module must export each callback of the role's
%% behaviour; say which are missing before the session crashes on them.
warn_missing_callbacks(#{roles := Roles, impl := Impls}) ->
    lists:foreach(
      fun({Role, RoleMod, _}) ->
              _ = code:ensure_loaded(RoleMod),
              Callbacks = case erlang:function_exported(RoleMod, behaviour_info, 1) of
                              true -> RoleMod:behaviour_info(callbacks);
                              false -> []
                          end,
              Impl = maps:get(Role, Impls, undefined),
              case code:ensure_loaded(Impl) of
                  {module, Impl} ->
                      [io:format(standard_error,
                                 "warning: role `~ts` calls ~ts:~ts/~b, which is not exported "
                                 "(a callback of `~ts`; is it missing or misspelled?)~n",
                                 [Role, Impl, F, A, RoleMod])
                       || {F, A} <- Callbacks -- Impl:module_info(exports)];
                  _ when Callbacks =/= [] ->
                      io:format(standard_error,
                                "warning: role `~ts` calls ~ts, but there is no module `~ts` "
                                "(write ~ts.erl beside the .chor file, or pass --impl-dir)~n",
                                [Role, string:join([io_lib:format("~ts/~b", [F, A])
                                                    || {F, A} <- Callbacks], ", "),
                                 Impl, Impl]);
                  _ ->
                      ok
              end
      end, Roles);
warn_missing_callbacks(_) ->
    ok.

%% The crash reports go to a file (see `choreo-erl run --crash-reports`): write
%% them out before the VM stops.
halt_with(Result) ->
    _ = (catch logger_std_h:filesync(default)),
    case Result of
        {ok, _} -> erlang:halt(0);
        _ -> erlang:halt(1)
    end.
