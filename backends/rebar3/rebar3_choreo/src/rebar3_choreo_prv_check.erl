%%% `rebar3 choreo check': runs `choreo-erl check' on the .chor files of
%%% each application and fails with its located messages. Writes nothing.
-module(rebar3_choreo_prv_check).

-export([init/1, do/1, format_error/1]).

-spec init(rebar_state:t()) -> {ok, rebar_state:t()}.
init(State) ->
    Provider = providers:create(
                 [{name, check},
                  {namespace, choreo},
                  {module, ?MODULE},
                  {bare, true},
                  {deps, [{default, app_discovery}]},
                  {example, "rebar3 choreo check"},
                  {opts, [{explain, $e, "explain", {boolean, false},
                           "Show how each role learns each choice."}]},
                  {short_desc, "Check the .chor files."},
                  {desc, "Runs `choreo-erl check` on the .chor files of each "
                         "application (chor/ by default): syntax, roles, "
                         "variables, calls. Fails with the located message of "
                         "every error. Writes nothing."}]),
    {ok, rebar_state:add_provider(State, Provider)}.

-spec do(rebar_state:t()) -> {ok, rebar_state:t()}.
do(State) ->
    {Args, _} = rebar_state:command_parsed_args(State),
    Explain = case proplists:get_value(explain, Args, false) of
                  true -> ["--explain"];
                  _ -> []
              end,
    lists:foreach(fun(AppInfo) -> check_app(AppInfo, Explain, State) end,
                  rebar3_choreo_lib:apps(State)),
    {ok, State}.

-spec format_error(term()) -> iolist().
format_error(Reason) ->
    io_lib:format("~tp", [Reason]).

-spec check_app(rebar_app_info:t(), [string()], rebar_state:t()) -> ok.
check_app(AppInfo, Explain, State) ->
    AppDir = rebar_app_info:dir(AppInfo),
    Opts = rebar3_choreo_lib:options(AppInfo, State),
    Flags = Explain ++ case Opts of
                           #{strict_choice := true} -> ["--strict-choice"];
                           #{} -> []
                       end,
    case rebar3_choreo_lib:chor_files(AppDir, Opts) of
        [] ->
            #{chor_dir := ChorDir} = Opts,
            rebar_api:info("No .chor files in ~ts", [filename:join(AppDir, ChorDir)]);
        Files ->
            Exe = rebar3_choreo_lib:executable(Opts),
            case rebar3_choreo_lib:run(Exe, ["check" | Files] ++ Flags, AppDir) of
                {0, Output} ->
                    Output =/= "" andalso rebar_api:console("~ts", [Output]),
                    rebar_api:info("Checked ~ts: no errors", [lists:join(", ", Files)]);
                {_, Output} ->
                    rebar3_choreo_lib:abort("choreo-erl found errors in the "
                                            "choreographies of ~ts:~n~ts",
                                            [rebar_app_info:name(AppInfo), Output])
            end
    end.
