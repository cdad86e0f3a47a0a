%%% What both providers share: the `choreo` options of rebar.config, the
%%% .chor files of an application, and running the `choreo-erl` executable.
%%%
%%% Options, all optional:
%%%
%%%   {choreo, [{executable, "/abs/path/to/choreo-erl"},
%%%             {chor_dir, "chor"},            % where the .chor files are
%%%             {out_dir, "src/choreo_gen"},   % where their Erlang goes
%%%             {strict_choice, false}]}.      % choreo-erl --strict-choice
%%%
%%% The executable is, in this order: $CHOREO_ERL, the `executable` option
%%% (when that file exists), `choreo-erl` on the PATH.
-module(rebar3_choreo_lib).

-export([apps/1, options/2, chor_files/2, executable/1, run/3, abort/2]).

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
executable(#{executable := Configured}) ->
    case os:getenv("CHOREO_ERL") of
        Env when is_list(Env), Env =/= "" ->
            case os:find_executable(Env) of
                false -> abort("CHOREO_ERL=~ts is not an executable file", [Env]);
                Exe -> Exe
            end;
        _ ->
            from_config(Configured)
    end.

-spec from_config(string() | undefined) -> file:filename().
from_config(undefined) ->
    from_path();
from_config(Configured) ->
    case filelib:is_regular(Configured) of
        true ->
            Configured;
        false ->
            rebar_api:warn("choreo-erl is not at ~ts (rebar.config, {choreo, "
                           "[{executable, ...}]}); looking on the PATH",
                           [Configured]),
            from_path()
    end.

-spec from_path() -> file:filename().
from_path() ->
    case os:find_executable("choreo-erl") of
        false ->
            abort("choreo-erl was not found: put it on the PATH, or set "
                  "CHOREO_ERL=/path/to/choreo-erl, or set {choreo, [{executable, "
                  "\"/path/to/choreo-erl\"}]} in rebar.config", []);
        Exe ->
            Exe
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
