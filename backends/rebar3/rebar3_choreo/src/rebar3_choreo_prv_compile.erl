%%% `rebar3 choreo compile': regenerates the Erlang of an application's
%%% choreographies (chor/*.chor) into its out_dir (src/choreo_gen), which
%%% rebar3 then compiles with the rest of src/.
%%%
%%% The out_dir belongs to the plugin. A manifest there records the digest
%%% of every .chor file and the modules generated from them. When a .chor
%%% file is added, changed or removed, `choreo-erl compile' runs on all of
%%% them into a staging directory under _build; then only the modules whose
%%% text changed are rewritten (so rebar3 recompiles only those), and the
%%% modules no .chor file generates any more are deleted. When nothing
%%% changed, choreo-erl is not run at all (nor needed: a project that commits
%%% its out_dir with the manifest builds without it).
%%%
%%% The runtime (choreo_runtime, choreo_diagram, ...) is a dependency of the
%%% project: when the application `choreo_runtime' is among the project's
%%% dependencies (_checkouts/choreo_runtime or a hex or path dependency), the
%%% modules it has are not copied to the out_dir.
-module(rebar3_choreo_prv_compile).

-export([init/1, do/1, format_error/1]).

-define(MANIFEST, "choreo.manifest").
-define(MANIFEST_VSN, 2).

-type manifest() :: #{inputs := [{file:filename(), binary()}],
                      flags := [string()],
                      modules := [file:filename()],
                      choreo_erl := string()}.

-spec init(rebar_state:t()) -> {ok, rebar_state:t()}.
init(State) ->
    Provider = providers:create(
                 [{name, compile},
                  {namespace, choreo},
                  {module, ?MODULE},
                  {bare, true},
                  {deps, [{default, install_deps}]},
                  {example, "rebar3 choreo compile"},
                  {opts, [{force, $f, "force", {boolean, false},
                           "Regenerate even if no .chor file changed."}]},
                  {short_desc, "Generate the Erlang of the changed .chor files."},
                  {desc, "Runs `choreo-erl compile` on the .chor files of each "
                         "application (chor/ by default) when any of them "
                         "changed, and writes the modules whose text changed "
                         "to src/choreo_gen/. An error in a .chor file stops "
                         "the build with its located message."}]),
    {ok, rebar_state:add_provider(State, Provider)}.

-spec do(rebar_state:t()) -> {ok, rebar_state:t()}.
do(State) ->
    {Args, _} = rebar_state:command_parsed_args(State),
    Force = proplists:get_value(force, Args, false) =:= true,
    lists:foreach(fun(AppInfo) -> compile_app(AppInfo, Force, State) end,
                  rebar3_choreo_lib:apps(State)),
    {ok, State}.

-spec format_error(term()) -> iolist().
format_error(Reason) ->
    io_lib:format("~tp", [Reason]).

%%--------------------------------------------------------------------
%% Internal
%%--------------------------------------------------------------------

-spec compile_app(rebar_app_info:t(), boolean(), rebar_state:t()) -> ok.
compile_app(AppInfo, Force, State) ->
    AppDir = rebar_app_info:dir(AppInfo),
    Opts = rebar3_choreo_lib:options(AppInfo, State),
    #{out_dir := OutRel} = Opts,
    OutDir = filename:join(AppDir, OutRel),
    Files = rebar3_choreo_lib:chor_files(AppDir, Opts),
    Inputs = [{File, erlang:md5(read(filename:join(AppDir, File)))} || File <- Files],
    Flags = case Opts of
                #{strict_choice := true} -> ["--strict-choice"];
                #{} -> []
            end,
    Old = read_manifest(OutDir),
    case not Force andalso up_to_date(Inputs, Flags, Old, OutDir) of
        true ->
            rebar_api:debug("choreo: ~ts is up to date", [OutRel]);
        false when Files =:= [], Old =:= none ->
            ok;
        false ->
            Exe = case Files of
                      [] -> none;
                      _ -> needed_executable(Opts, OutRel, Inputs, Old)
                  end,
            Name = rebar_app_info:name(AppInfo),
            Staging = filename:join([rebar_dir:base_dir(State), "choreo",
                                     binary_to_list(Name)]),
            Generated = generate(Name, AppDir, Files, Flags, Staging, Exe),
            Modules = Generated -- runtime_modules(Staging, Generated, State),
            check_clashes(AppDir, OutRel, Modules),
            Changed = sync(Staging, OutDir, OutRel, Modules, old_modules(Old)),
            forget_beams(Changed, Name, State),
            write_manifest(OutDir, #{inputs => Inputs, flags => Flags,
                                     modules => Modules,
                                     choreo_erl => version(Exe)})
    end.

%% The executable, or an abort that says which .chor changed and how to get
%% choreo-erl (the committed generated code is stale).
-spec needed_executable(rebar3_choreo_lib:options(), file:filename(),
                        [{file:filename(), binary()}], manifest() | none) ->
          file:filename().
needed_executable(Opts, OutRel, Inputs, Old) ->
    case rebar3_choreo_lib:find_executable(Opts) of
        {ok, Exe} ->
            Exe;
        {error, Why} ->
            rebar3_choreo_lib:abort("~ts/ is out of date (~ts) and must be generated "
                                    "again.~n~ts",
                                    [OutRel, stale(Inputs, Old), Why])
    end.

-spec stale([{file:filename(), binary()}], manifest() | none) -> string().
stale(_Inputs, none) ->
    "it has no manifest";
stale(Inputs, #{inputs := OldInputs}) ->
    Changed = [F || {F, _} = I <- Inputs, not lists:member(I, OldInputs)],
    Removed = [F || {F, _} <- OldInputs, not lists:keymember(F, 1, Inputs)],
    case {Changed, Removed} of
        {[], []} -> "generated with other options, or files of it are missing";
        _ -> lists:flatten(lists:join(", ", [F ++ " changed" || F <- Changed]
                                             ++ [F ++ " removed" || F <- Removed]))
    end.

-spec version(file:filename() | none) -> string().
version(none) -> "none";
version(Exe) -> rebar3_choreo_lib:version(Exe).

%% The generated modules that the application choreo_runtime, a dependency
%% of the project, already has: they are not copied. A module of the
%% dependency that differs from what this choreo-erl generates means that
%% _checkouts/choreo_runtime is older or newer than choreo-erl.
-spec runtime_modules(file:filename(), [file:filename()], rebar_state:t()) ->
          [file:filename()].
runtime_modules(Staging, Generated, State) ->
    case [A || A <- rebar_state:all_deps(State),
               rebar_app_info:name(A) =:= <<"choreo_runtime">>] of
        [] ->
            [];
        [Runtime | _] ->
            Dir = rebar_app_info:dir(Runtime),
            Have = [filename:basename(F) || F <- filelib:wildcard("src/*.erl", Dir)],
            Shared = [M || M <- Generated, lists:member(M, Have)],
            Differ = [M || M <- Shared,
                           read(filename:join(Staging, M)) =/= read(filename:join([Dir, "src", M]))],
            Differ =/= [] andalso
                rebar_api:warn("The choreo_runtime dependency (~ts) differs from the runtime "
                               "of this choreo-erl in ~ts: run `choreo-erl init` to update "
                               "_checkouts/choreo_runtime", [Dir, lists:join(", ", Differ)]),
            Shared
    end.

-spec up_to_date([{file:filename(), binary()}], [string()], manifest() | none,
                 file:filename()) -> boolean().
up_to_date(Inputs, Flags, #{inputs := Inputs, flags := Flags, modules := Modules},
           OutDir) ->
    lists:all(fun(M) -> filelib:is_regular(filename:join(OutDir, M)) end, Modules);
up_to_date(_Inputs, _Flags, _Manifest, _OutDir) ->
    false.

%% Runs choreo-erl on every .chor file into an empty Staging; returns the
%% names of the files it wrote.
-spec generate(binary(), file:filename(), [file:filename()], [string()],
               file:filename(), file:filename() | none) -> [file:filename()].
generate(_Name, _AppDir, [], _Flags, _Staging, _Exe) ->
    [];
generate(Name, AppDir, Files, Flags, Staging, Exe) ->
    ok = remove_dir(Staging),
    ok = filelib:ensure_dir(filename:join(Staging, "x")),
    rebar_api:info("Generating Erlang from ~ts", [lists:join(", ", Files)]),
    case rebar3_choreo_lib:run(Exe, ["compile" | Files] ++ Flags ++ ["-o", Staging],
                               AppDir) of
        {0, Output} ->
            rebar_api:debug("~ts", [Output]),
            lists:sort(filelib:wildcard("*.erl", Staging));
        {_, Output} ->
            rebar3_choreo_lib:abort("choreo-erl found errors in the choreographies "
                                    "of ~ts:~n~ts", [Name, Output])
    end.

%% A generated module must not also be a module of src/.
-spec check_clashes(file:filename(), file:filename(), [file:filename()]) -> ok.
check_clashes(AppDir, OutRel, Modules) ->
    Out = filename:split(OutRel),
    Own = [F || F <- filelib:wildcard("src/**/*.erl", AppDir),
                not lists:prefix(Out, filename:split(F))],
    case [F || F <- Own, lists:member(filename:basename(F), Modules)] of
        [] ->
            ok;
        [F | _] ->
            rebar3_choreo_lib:abort("~ts is also generated from a choreography "
                                    "(into ~ts): rename the module or the "
                                    "choreography", [F, OutRel])
    end.

%% Copies the modules whose text changed; deletes those no longer generated.
%% Returns the files it wrote or deleted.
-spec sync(file:filename(), file:filename(), file:filename(), [file:filename()],
           [file:filename()]) -> [file:filename()].
sync(Staging, OutDir, OutRel, Modules, OldModules) ->
    ok = filelib:ensure_dir(filename:join(OutDir, "x")),
    Written = [M || M <- Modules, copy_if_changed(Staging, OutDir, OutRel, M)],
    Removed = [M || M <- OldModules -- Modules, delete(OutDir, OutRel, M)],
    Written ++ Removed.

-spec copy_if_changed(file:filename(), file:filename(), file:filename(),
                      file:filename()) -> boolean().
copy_if_changed(Staging, OutDir, OutRel, M) ->
    Text = read(filename:join(Staging, M)),
    Target = filename:join(OutDir, M),
    case file:read_file(Target) of
        {ok, Text} ->
            false;
        _ ->
            ok = write(Target, Text),
            rebar_api:info("Wrote ~ts", [filename:join(OutRel, M)]),
            true
    end.

-spec delete(file:filename(), file:filename(), file:filename()) -> boolean().
delete(OutDir, OutRel, M) ->
    case file:delete(filename:join(OutDir, M)) of
        ok ->
            rebar_api:info("Removed ~ts", [filename:join(OutRel, M)]),
            true;
        {error, enoent} ->
            false;
        {error, Reason} ->
            rebar3_choreo_lib:abort("cannot remove ~ts: ~ts",
                                    [filename:join(OutRel, M), file:format_error(Reason)])
    end.

%% Deletes the .beam of each changed module in every profile's build. rebar3
%% compares modification times to the second: a module rewritten in the same
%% second as its last compile would otherwise keep its old .beam.
-spec forget_beams([file:filename()], binary(), rebar_state:t()) -> ok.
forget_beams(Changed, Name, State) ->
    BuildRoot = filename:dirname(rebar_dir:base_dir(State)),
    Beams = [filename:join(BuildRoot, Beam)
             || M <- Changed,
                Beam <- filelib:wildcard(filename:join(["*", "lib", binary_to_list(Name),
                                                        "ebin",
                                                        filename:rootname(M) ++ ".beam"]),
                                         BuildRoot)],
    lists:foreach(fun(Beam) -> _ = file:delete(Beam) end, Beams).

-spec read_manifest(file:filename()) -> manifest() | none.
read_manifest(OutDir) ->
    case file:consult(filename:join(OutDir, ?MANIFEST)) of
        {ok, [{choreo_manifest, ?MANIFEST_VSN, #{} = Manifest}]} -> Manifest;
        _ -> none
    end.

-spec old_modules(manifest() | none) -> [file:filename()].
old_modules(#{modules := Modules}) -> Modules;
old_modules(none) -> [].

-spec write_manifest(file:filename(), manifest()) -> ok.
write_manifest(OutDir, Manifest) ->
    Text = io_lib:format("%% Written by rebar3_choreo: the digest of each .chor "
                         "file, the modules\n%% generated from them and the "
                         "choreo-erl that did it. Delete it to\n%% regenerate "
                         "them all.~n~tp.~n",
                         [{choreo_manifest, ?MANIFEST_VSN, Manifest}]),
    write(filename:join(OutDir, ?MANIFEST), unicode:characters_to_binary(Text)).

-spec read(file:filename()) -> binary().
read(Path) ->
    case file:read_file(Path) of
        {ok, Bin} -> Bin;
        {error, Reason} ->
            rebar3_choreo_lib:abort("cannot read ~ts: ~ts", [Path, file:format_error(Reason)])
    end.

-spec write(file:filename(), iodata()) -> ok.
write(Path, Data) ->
    case file:write_file(Path, Data) of
        ok -> ok;
        {error, Reason} ->
            rebar3_choreo_lib:abort("cannot write ~ts: ~ts", [Path, file:format_error(Reason)])
    end.

-spec remove_dir(file:filename()) -> ok.
remove_dir(Dir) ->
    case file:del_dir_r(Dir) of
        ok -> ok;
        {error, enoent} -> ok;
        {error, Reason} ->
            rebar3_choreo_lib:abort("cannot empty ~ts: ~ts", [Dir, file:format_error(Reason)])
    end.
