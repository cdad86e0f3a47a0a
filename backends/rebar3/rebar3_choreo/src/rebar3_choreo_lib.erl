%%% What both providers share: the `choreo` options of rebar.config, the
%%% .chor files of an application, and running the `choreo-erl` executable.
%%%
%%% Options, all optional:
%%%
%%%   {choreo, [{executable, "choreo-erl"},        % a command or a path
%%%             {chor_dir, "chor"},            % where the .chor files are
%%%             {out_dir, "src/choreo_gen"},   % where their Erlang goes
%%%             {strict_choice, false}]}.      % choreo-erl --strict-choice
%%%
%%% The executable is, in this order: $CHOREO_ERL, the `executable' option,
%%% `choreo-erl' on the PATH; each may be a command name (looked up on the
%%% PATH) or a path. Never an absolute path to a virtualenv written by a tool:
%%% the project must build on any machine.
-module(rebar3_choreo_lib).

-export([apps/1, options/2, chor_files/2, executable/1, find_executable/1, version/1,
         run/3, abort/2]).

-export_type([options/0]).

-type options() :: #{executable := string() | undefined,
                     chor_dir := string(),
                     out_dir := string(),
                     strict_choice := boolean()}.

-define(KEYS, [executable, chor_dir, out_dir, strict_choice]).

%% The applications to work on: the one whose compile is hooked, or every
%% application of the project when run as `rebar3 choreo ...'.
-spec apps(rebar_state:t()) -> [rebar_app_info:t()].
apps(State) ->
    case rebar_state:current_app(State) of
        undefined -> rebar_state:project_apps(State);
        AppInfo -> [AppInfo]
    end.

-spec options(rebar_app_info:t(), rebar_state:t()) -> options().
options(AppInfo, State) ->
    Opts = case rebar_app_info:get(AppInfo, choreo, undefined) of
               undefined -> rebar_state:get(State, choreo, []);
               AppOpts -> AppOpts
           end,
    case is_list(Opts) of
        true -> ok;
        false -> abort("rebar.config: {choreo, Options} needs a list of options, "
                       "not ~tp", [Opts])
    end,
    _ = [rebar_api:warn("rebar.config: unknown choreo option ~tp (known: ~tp)",
                        [Key, ?KEYS])
         || {Key, _} <- Opts, not lists:member(Key, ?KEYS)],
    #{executable => string_opt(executable, Opts, undefined),
      chor_dir => string_opt(chor_dir, Opts, "chor"),
      out_dir => string_opt(out_dir, Opts, "src/choreo_gen"),
      strict_choice => proplists:get_value(strict_choice, Opts, false) =:= true}.

-spec string_opt(atom(), list(), Default) -> string() | Default.
string_opt(Key, Opts, Default) ->
    case proplists:get_value(Key, Opts, Default) of
        Default -> Default;
        Value when is_list(Value) -> Value;
        Value when is_binary(Value) -> unicode:characters_to_list(Value);
        Value -> abort("rebar.config: choreo option ~tp must be a string, not ~tp",
                       [Key, Value])
    end.

%% The .chor files of an application, relative to its directory, sorted.
-spec chor_files(file:filename(), options()) -> [file:filename()].
chor_files(AppDir, #{chor_dir := ChorDir}) ->
    lists:sort(filelib:wildcard(filename:join(ChorDir, "*.chor"), AppDir)).

%% The choreo-erl executable, or an abort that says how to provide one.
-spec executable(options()) -> file:filename().
executable(Opts) ->
    case find_executable(Opts) of
        {ok, Exe} -> Exe;
        {error, Why} -> abort("~ts", [Why])
    end.

%% The choreo-erl executable: $CHOREO_ERL, else the `executable' option,
%% else `choreo-erl' on the PATH. The first two may name a command (looked
%% up on the PATH) or a file. Never an error when nothing needs it: callers
%% run it only when a .chor file changed.
-spec find_executable(options()) -> {ok, file:filename()} | {error, string()}.
find_executable(#{executable := Configured}) ->
    case os:getenv("CHOREO_ERL") of
        Env when is_list(Env), Env =/= "" ->
            lookup(Env, "CHOREO_ERL=" ++ Env);
        _ when Configured =/= undefined ->
            case lookup(Configured, "") of
                {ok, _} = Found ->
                    Found;
                {error, _} ->
                    %% A project made by an older choreo-erl names the path of
                    %% the machine that made it: elsewhere, use the PATH.
                    rebar_api:warn("choreo-erl is not at ~ts (rebar.config, {choreo, "
                                   "[{executable, ...}]}); looking on the PATH",
                                   [Configured]),
                    lookup("choreo-erl", "choreo-erl")
            end;
        _ ->
            lookup("choreo-erl", "choreo-erl")
    end.

-spec lookup(string(), string()) -> {ok, file:filename()} | {error, string()}.
lookup(Command, Origin) ->
    case os:find_executable(Command) of
        false -> {error, not_found(Origin)};
        Exe -> {ok, Exe}
    end.

-spec not_found(string()) -> string().
not_found("choreo-erl") ->
    "choreo-erl was not found on the PATH. " ++ install_hint();
not_found(Origin) ->
    lists:flatten(io_lib:format("~ts is not an executable file or a command on the "
                                "PATH. ~ts", [Origin, install_hint()])).

-spec install_hint() -> string().
install_hint() ->
    "It generates the Erlang of chor/*.chor.\n"
    "  = help: install it from a checkout of choreo-erl (a Python package:\n"
    "          `pipx install /path/to/choreo-erl`) and put `choreo-erl`\n"
    "          on the PATH; or set CHOREO_ERL to the command; or name it in\n"
    "          rebar.config: {choreo, [{executable, \"/path/to/choreo-erl\"}]}\n"
    "  = note: a project that commits its generated Erlang (src/choreo_gen/ with\n"
    "          its choreo.manifest) builds without choreo-erl until a .chor file\n"
    "          changes (see docs/rebar3.md)".

%% The version of choreo-erl Exe, as it prints it (`choreo-erl 0.1.0').
-spec version(file:filename()) -> string().
version(Exe) ->
    case run(Exe, ["--version"], ".") of
        {0, Output} -> Output;
        {_, _} -> "unknown"
    end.

%% Runs Exe with Args in Dir; returns its exit status and its output
%% (stdout and stderr together, in order).
-spec run(file:filename(), [string()], file:filename()) ->
          {non_neg_integer(), string()}.
run(Exe, Args, Dir) ->
    rebar_api:debug("Running ~ts ~ts (in ~ts)", [Exe, lists:join(" ", Args), Dir]),
    Port = try
               open_port({spawn_executable, Exe},
                         [{args, Args}, {cd, Dir}, exit_status, stderr_to_stdout,
                          binary, use_stdio, hide])
           catch
               error:Reason ->
                   abort("could not run ~ts: ~ts", [Exe, file:format_error(Reason)])
           end,
    collect(Port, []).

-spec collect(port(), iodata()) -> {non_neg_integer(), string()}.
collect(Port, Acc) ->
    receive
        {Port, {data, Data}} ->
            collect(Port, [Acc, Data]);
        {Port, {exit_status, Status}} ->
            Bin = iolist_to_binary(Acc),
            Text = case unicode:characters_to_list(Bin) of
                       List when is_list(List) -> List;
                       _ -> binary_to_list(Bin)
                   end,
            {Status, string:trim(Text, trailing)}
    end.

%% Stops rebar3 with a message. rebar_api:abort/2 prints the message as is;
%% an {error, _} from a hook would be reported as "command not found".
-spec abort(io:format(), [term()]) -> no_return().
abort(Format, Args) ->
    rebar_api:abort(Format, Args).
