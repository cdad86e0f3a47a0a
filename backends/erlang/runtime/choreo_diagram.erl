%%% Sequence diagrams of real runs: the trace events of a session (the
%%% `trace => Pid` option of a choreography) as a Mermaid `sequenceDiagram`.
%%%
%%% Each message a role sent is one numbered arrow, in the order the events
%%% came, labelled with its payload cut to 40 characters (`...` at the cut); a selection (step
%%% `{select, Label}`) is a dashed arrow labelled `[Label]`. Receive events
%%% are left out: the sends are the session's messages. A member of a role
%%% family (`{workers, 2}') is a participant of its own, `workers__2', shown
%%% as `{workers,2}'. Depends on nothing
%%% but OTP, like `choreo_runtime`; `choreo_erl.diagrams.trace` is its
%%% Python twin and prints the same text for the same events.
-module(choreo_diagram).

%% API.
-export([mermaid/1, mermaid/2]).

-export_type([event/0]).

-type peer() :: atom() | {atom(), pos_integer()}.
%% A role, or member I of a family.

-type event() :: #{kind := send | recv, role := peer(), peer := peer(),
                   step := term(), payload := term(), atom() => term()}.

-define(MAX_LABEL, 40).
-define(DEPTH, 8).

%% Words that Mermaid's sequence diagram lexer takes as keywords.
-define(KEYWORDS, ["participant", "actor", "create", "destroy", "box", "as", "loop",
                   "rect", "opt", "alt", "else", "par", "par_over", "and", "critical",
                   "option", "break", "end", "left", "right", "of", "over", "note",
                   "links", "link", "properties", "details", "activate", "deactivate",
                   "title", "acctitle", "accdescr", "autonumber", "off",
                   "sequencediagram"]).

%% API.

%% @doc The diagram of `Events`, with the roles as participants in the order
%% they first appear.
-spec mermaid(Events :: [event()]) -> iodata().
mermaid(Events) ->
    mermaid([], Events).

%% @doc The diagram of `Events`, with `Roles` as the first participants, in
%% that order (e.g. the roles of the choreography's `spec()`).
-spec mermaid(Roles :: [atom()], Events :: [event()]) -> iodata().
mermaid(Roles, Events) ->
    Sends = [Event || #{kind := send} = Event <- Events],
    Seen = Roles ++ lists:append([[From, To] || #{role := From, peer := To} <- Sends]),
    ["sequenceDiagram\n",
     "    autonumber\n",
     [participant(Role) || Role <- dedup(Seen, #{})],
     [arrow(Event) || Event <- Sends]].

%% Internal.

-spec participant(peer()) -> iodata().
participant({Family, I} = Member) ->
    ["    participant ", participant_id(Member), " as ",
     escape(io_lib:format("{~ts,~b}", [Family, I])), "\n"];
participant(Role) ->
    Name = atom_to_list(Role),
    case participant_id(Role) of
        Name -> ["    participant ", Name, "\n"];
        Id -> ["    participant ", Id, " as ", escape(Name), "\n"]
    end.

-spec participant_id(peer()) -> string().
participant_id({Family, I}) ->
    atom_to_list(Family) ++ "__" ++ integer_to_list(I);
participant_id(Role) ->
    Name = atom_to_list(Role),
    case lists:member(string:lowercase(Name), ?KEYWORDS) of
        true -> Name ++ "_";
        false -> Name
    end.

-spec arrow(event()) -> iodata().
arrow(#{role := From, peer := To, step := {select, Label}}) ->
    line(From, "-->>", To, io_lib:format("[~0tp]", [Label]));
arrow(#{role := From, peer := To, payload := Payload}) ->
    line(From, "->>", To, shorten(io_lib:format("~0tP", [Payload, ?DEPTH]))).

-spec line(peer(), string(), peer(), iodata()) -> iodata().
line(From, Arrow, To, Label) ->
    ["    ", participant_id(From), Arrow, participant_id(To), ": ", escape(Label), "\n"].

-spec shorten(iodata()) -> string().
shorten(Text) ->
    Chars = unicode:characters_to_list(Text),
    case length(Chars) > ?MAX_LABEL of
        true -> lists:sublist(Chars, ?MAX_LABEL - 3) ++ "...";
        false -> Chars
    end.

%% Text that Mermaid shows as written, on one line: `#`, `;`, `<` and `>`
%% become Mermaid's entity codes.
-spec escape(iodata()) -> unicode:chardata().
escape(Text) ->
    Words = string:lexemes(unicode:characters_to_list(Text), [$\s, $\t, $\n, $\r, "\r\n"]),
    lists:flatmap(fun entity/1, lists:append(lists:join(" ", Words))).

-spec entity(char()) -> string().
entity($#) -> "#35;";
entity($;) -> "#59;";
entity($<) -> "#lt;";
entity($>) -> "#gt;";
entity(C) -> [C].

-spec dedup([peer()], #{peer() => true}) -> [peer()].
dedup([], _Seen) ->
    [];
dedup([Role | Rest], Seen) when is_map_key(Role, Seen) ->
    dedup(Rest, Seen);
dedup([Role | Rest], Seen) ->
    [Role | dedup(Rest, Seen#{Role => true})].
