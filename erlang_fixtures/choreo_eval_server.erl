%%% A line-oriented evaluator for the Python tests: one VM per test session
%%% answers many requests, because starting `erl` costs over a second.
%%%
%%% Requests, one per line on stdin:
%%%   E <expr>              evaluate an Erlang expression
%%%   X <run>\t<result>     run an example's `% run:` expression with tracing
%%%                         added to every `Mod:run(Args, Opts)` in it, and
%%%                         compare with its `% result:` term
%%% Answers, one line each on stdout: `@@ok <text>` or `@@error <text>`.
-module(choreo_eval_server).

-export([main/0, with_trace/2]).

-spec main() -> no_return().
main() ->
    ok = io:setopts([binary, {encoding, unicode}]),
    loop().

loop() ->
    case io:get_line("") of
        eof ->
            erlang:halt(0);
        {error, _} ->
            erlang:halt(1);
        Line ->
            Req = string:trim(unicode:characters_to_list(Line), trailing, "\r\n"),
            answer(catch handle(Req)),
            loop()
    end.

answer({ok, Text}) -> emit("@@ok ", Text);
answer({error, Text}) -> emit("@@error ", Text);
answer({'EXIT', Reason}) -> emit("@@error ", show({'EXIT', Reason})).

emit(Prefix, Text) ->
    Flat = [C || C <- lists:flatten(Text), C =/= $\n],
    io:put_chars([Prefix, unicode:characters_to_binary(Flat), $\n]).

handle([$E, $\s | Expr]) ->
    try {ok, show(eval(Expr, []))}
    catch Class:Reason:Stack -> {error, show({Class, Reason, Stack})}
    end;
handle([$X, $\s | Rest]) ->
    [Run, Expected] = string:split(Rest, "\t"),
    flush_trace(),
    Traced = with_trace(parse(Run), self()),
    Result = eval_forms(Traced, []),
    Want = eval(Expected, []),
    Sends = count_sends(0),
    {ok, io_lib:format("~p ~b ", [Result =:= Want, Sends]) ++ show(Result)};
handle(Other) ->
    {error, show({bad_request, Other})}.

show(Term) -> io_lib:format("~1000000tp", [Term]).

parse(Text) ->
    {ok, Tokens, _} = erl_scan:string(Text ++ "."),
    {ok, Exprs} = erl_parse:parse_exprs(Tokens),
    Exprs.

eval(Text, Bindings) -> eval_forms(parse(Text), Bindings).

eval_forms(Exprs, Bindings) ->
    {value, Value, _} = erl_eval:exprs(Exprs, erl_eval:new_bindings() ++ Bindings),
    Value.

%% Every `M:run(Args, Opts)` becomes `M:run(Args, maps:put(trace, Pid, Opts))`.
-spec with_trace(term(), pid()) -> term().
with_trace({call, L, {remote, _, {atom, _, _}, {atom, _, run}} = F, [Args, Opts]}, Pid) ->
    Put = {call, L, {remote, L, {atom, L, maps}, {atom, L, put}},
           [{atom, L, trace}, {call, L, {atom, L, list_to_pid},
                               [{string, L, pid_to_list(Pid)}]}, with_trace(Opts, Pid)]},
    {call, L, F, [with_trace(Args, Pid), Put]};
with_trace(T, Pid) when is_tuple(T) ->
    list_to_tuple(with_trace(tuple_to_list(T), Pid));
with_trace(L, Pid) when is_list(L) ->
    [with_trace(X, Pid) || X <- L];
with_trace(X, _Pid) ->
    X.

count_sends(N) ->
    receive
        {choreo_trace, _, #{kind := send}} -> count_sends(N + 1);
        {choreo_trace, _, _} -> count_sends(N)
    after 0 -> N
    end.

flush_trace() ->
    receive {choreo_trace, _, _} -> flush_trace()
    after 0 -> ok
    end.
