%%% Role families in the generic runtime (design section 8): the parts that
%%% do not depend on a role's state, as pure functions that choreo_runtime
%%% calls.
%%%
%%% A family is a role of any number of processes, its members, numbered
%%% from 1; the member I of family `workers' is named `{workers, I}' in
%%% envelopes, traces and errors. A frame's peers map a family to the tuple
%%% of its members' pids (element I is member I), so that finding a member
%%% is O(1) and a gather builds its list in member order in O(N). A member
%%% is never given its own family's pids (it never sends to it, and N
%%% members holding N pids each would cost N^2 words): it has `none' there.
%%% A family started with `new' during the session is `new' in the peers of
%%% a role until it learns the members (any member number is accepted from
%%% it meanwhile: its messages may arrive before the message that names it);
%%% every family is `undefined' before a role's start signal, and accepted
%%% the same way.
%%%
%%% - Sizes: `starts/2' checks a family's entry in `run/2' (and the size of
%%%   `new'): a member count, or a list with one argument list per member.
%%% - Placement: `placement/1', `node_of/3' (round-robin over a list of
%%%   nodes, or one node for all).
%%% - Peers: `phys/2', `pid/2', `compose/3', `is_sender/2'.
%%% - Gathers: `gather_new/1', `gather_put/3' (the values in member order).
%%% - Results: `results/3' (a family's result is the list of its members').
-module(choreo_family).

-export([starts/2, check/2, placement/1, node_of/3, phys/2, pid/2, compose/3,
         is_sender/2, member_peers/2, gather_new/1,
         gather_put/3, results/3, valid_nodes/1]).

-export_type([member/0, peer/0, members/0, placement/0, gather/0, what/0]).

-type member() :: {choreo_runtime:role(), pos_integer()}.
%% Member I of a family, as envelopes, traces and errors name it.

-type peer() :: choreo_runtime:role() | member().

-type members() :: tuple().
%% The pids of a family's members, member I at element I.

-type placement() :: local | node() | tuple().
%% Where members go: the node of whoever starts them, one node, or a tuple
%% of nodes used round-robin.

-opaque gather() :: {Left :: non_neg_integer(), #{pos_integer() => term()}}.
%% The values a gather has received so far, by member number.

-type what() :: {family, Arity :: arity()}
              | {member, pos_integer(), {arity, arity()}}
              | {too_many, ProcessLimit :: pos_integer()}.
%% Why a family's entry is refused (`{badarg, Role, What}'): it is not a
%% count (or a count for members that take arguments) nor a list; the
%% argument list of member I is not a proper list of Arity terms; or the
%% count is more than the VM's process limit (no VM could start them).

%%--------------------------------------------------------------------
%% Sizes
%%--------------------------------------------------------------------

%% @doc The start arguments of each member, from a family's entry: a member
%% count (members without arguments) or one argument list per member.
-spec starts(term(), arity()) -> {ok, [[term()]]} | {error, what()}.
starts(Count, 0) when is_integer(Count), Count >= 0 ->
    case check(Count, 0) of
        ok -> {ok, lists:duplicate(Count, [])};
        {error, _} = Error -> Error
    end;
starts(Lists, Arity) when is_list(Lists) ->
    case check(Lists, Arity) of
        ok -> {ok, Lists};
        {error, _} = Error -> Error
    end;
starts(_Other, Arity) ->
    {error, {family, Arity}}.

%% @doc Checks a family's entry without building anything.
-spec check(term(), arity()) -> ok | {error, what()}.
check(Count, 0) when is_integer(Count), Count >= 0 ->
    case erlang:system_info(process_limit) of
        Limit when Count > Limit -> {error, {too_many, Limit}};
        _ -> ok
    end;
check(Lists, Arity) when is_list(Lists) ->
    check_lists(Lists, Arity, 1);
check(_Other, Arity) ->
    {error, {family, Arity}}.

-spec check_lists(term(), arity(), pos_integer()) -> ok | {error, what()}.
check_lists([], _Arity, _I) ->
    ok;
check_lists([Args | Rest], Arity, I) ->
    case is_list(Args) andalso proper_length(Args) =:= Arity of
        true -> check_lists(Rest, Arity, I + 1);
        false -> {error, {member, I, {arity, Arity}}}
    end;
check_lists(_Improper, Arity, _I) ->
    {error, {family, Arity}}.

-spec proper_length(list()) -> non_neg_integer() | improper.
proper_length(List) ->
    try length(List) catch error:badarg -> improper end.

%%--------------------------------------------------------------------
%% Placement
%%--------------------------------------------------------------------

%% @doc A family's placement from its `nodes' option (undefined: none).
-spec placement(undefined | node() | [node()]) -> placement().
placement(undefined) -> local;
placement(Node) when is_atom(Node) -> Node;
placement(Nodes) when is_list(Nodes) -> list_to_tuple(Nodes).

%% @doc The node of member I; `Local' when the family has no placement.
-spec node_of(pos_integer(), placement(), node()) -> node().
node_of(_I, local, Local) -> Local;
node_of(_I, Node, _Local) when is_atom(Node) -> Node;
node_of(I, Nodes, _Local) -> element((I - 1) rem tuple_size(Nodes) + 1, Nodes).

%% @doc Whether a `nodes' value places a family: a node, or a non-empty
%% list of nodes.
-spec valid_nodes(term()) -> boolean().
valid_nodes(Node) when is_atom(Node) -> true;
valid_nodes([_ | _] = Nodes) -> lists:all(fun erlang:is_atom/1, Nodes);
valid_nodes(_) -> false.

%%--------------------------------------------------------------------
%% Peers
%%--------------------------------------------------------------------

%% @doc The physical name of a frame's peer: a role, or member I of a
%% family of the frame.
-spec phys(peer(), #{choreo_runtime:role() => peer()}) -> peer().
phys(Role, Roles) when is_atom(Role) -> map_get(Role, Roles);
phys({Family, I}, Roles) -> {map_get(Family, Roles), I}.

%% @doc The pid of a physical peer (a member's: element I of its family's
%% tuple), or the tuple of a family's members. A member of the caller's own
%% family (`none' in its peers) is the caller itself: a member passes
%% itself to a call (`name(W)' in its turn).
-spec pid(peer(), #{choreo_runtime:role() => pid() | members() | none | new}) ->
          pid() | members() | none | new.
pid({Family, I}, Peers) ->
    case map_get(Family, Peers) of
        none -> self();
        Members -> element(I, Members)
    end;
pid(Role, Peers) -> maps:get(Role, Peers, none).

%% @doc The physical names and pids of a called frame's roles: RoleMap maps
%% each callee role to a peer of the calling frame (whose physical names
%% are Roles); a callee role whose peer the caller does not know (a `new'
%% family that this role does not talk to) is left out.
-spec compose(#{choreo_runtime:role() => peer()}, #{choreo_runtime:role() => peer()},
              #{choreo_runtime:role() => term()}) ->
          {#{choreo_runtime:role() => peer()}, #{choreo_runtime:role() => term()}}.
compose(RoleMap, Roles, Peers) ->
    Phys = maps:fold(fun(Callee, Role, Acc) when is_atom(Role) ->
                             case Roles of
                                 #{Role := P} -> Acc#{Callee => P};
                                 #{} -> Acc
                             end;
                        (Callee, Member, Acc) ->
                             Acc#{Callee => phys(Member, Roles)}
                     end, #{}, RoleMap),
    {Phys, maps:map(fun(_Callee, P) -> pid(P, Peers) end, Phys)}.

%% @doc Whether an envelope may come from this member: I is a member of a
%% family of Peers, or of a family started with `new' that may be met.
-spec is_sender(term(), #{choreo_runtime:role() => term()}) -> boolean().
is_sender({Family, I}, Peers) when is_atom(Family), is_integer(I), I > 0 ->
    case Peers of
        #{Family := new} -> true;
        #{Family := undefined} -> true;      % before the start signal
        #{Family := Members} when is_tuple(Members) -> I =< tuple_size(Members);
        #{} -> false
    end;
is_sender(_From, _Peers) ->
    false.

%% @doc The peers that a member of Family gets: not its own family's pids.
-spec member_peers(#{choreo_runtime:role() => term()}, choreo_runtime:role()) ->
          #{choreo_runtime:role() => term()}.
member_peers(Peers, Family) ->
    Peers#{Family => none}.

%%--------------------------------------------------------------------
%% Gathers
%%--------------------------------------------------------------------

%% @doc A gather from N members that has received nothing yet.
-spec gather_new(non_neg_integer()) -> gather().
gather_new(N) ->
    {N, #{}}.

%% @doc The value of member I: `{done, Values}' (in member order) once
%% every member has sent one, else the gather so far. A second value from
%% the same member is not taken (the caller keeps it for later).
-spec gather_put(pos_integer(), term(), gather()) ->
          {done, [term()]} | {more, gather()} | taken.
gather_put(I, _Value, {_Left, Got}) when is_map_key(I, Got) ->
    taken;
gather_put(I, Value, {1, Got}) ->
    All = Got#{I => Value},
    {done, in_order(map_size(All), All, [])};
gather_put(I, Value, {Left, Got}) ->
    {more, {Left - 1, Got#{I => Value}}}.

-spec in_order(non_neg_integer(), #{pos_integer() => term()}, [term()]) -> [term()].
in_order(0, _Got, Acc) -> Acc;
in_order(I, Got, Acc) -> in_order(I - 1, Got, [map_get(I, Got) | Acc]).

%%--------------------------------------------------------------------
%% Results
%%--------------------------------------------------------------------

%% @doc The session's results: each family's entry is the list of its
%% members' results in member order (Sizes: family => number of members;
%% MemberResults: each member's result, in any order). O(N).
-spec results(#{choreo_runtime:role() => term()},
              #{choreo_runtime:role() => non_neg_integer()},
              [{member(), term()}]) -> #{choreo_runtime:role() => term()}.
results(Results, Sizes, _MemberResults) when map_size(Sizes) =:= 0 ->
    Results;
results(Results, Sizes, MemberResults) ->
    maps:merge(Results,
               maps:map(fun(Family, N) ->
                                tuple_to_list(
                                  erlang:make_tuple(N, undefined,
                                                    [{I, V} || {{F, I}, V} <- MemberResults,
                                                               F =:= Family]))
                        end, Sizes)).
