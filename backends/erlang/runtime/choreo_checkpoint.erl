%%% Checkpoint instances, as pure functions: the tags that the participants
%%% of an instance compute alike without talking, which instance a message
%%% tells committed, the commit notices still to send. The processes
%%% (choreo_role, choreo_owner) hold the state; these functions compute on
%%% it. See "Checkpoints" in docs/internals/runtime-contract.md.
-module(choreo_checkpoint).

-export([tag/4, would_be/5, chain_to/2, implies/2, note/3]).

-export_type([cp_id/0, tag/0, commit_plan/0, entry/0]).

-type role() :: atom().
-type step() :: pos_integer() | {select, atom() | integer()}.

-type cp_id() :: pos_integer().
%% A checkpoint statement, numbered uniquely in its file.

-type tag() :: {cp_id(), pos_integer(), non_neg_integer()}.
%% One instance of a checkpoint: {CpId, N, H}, the N-th instance of CpId
%% (with this role map) under the parent instance whose hash is H (0 at the
%% top). Its participants compute the same tag without talking.

-type commit_plan() :: {close, Awaited :: [role()], Notify :: [role()]}
                     | {close, Awaited :: [role()], Notify :: [role()],
                        Carried :: [role()]}
                     | {report, Collector :: role()}
                     | {wait, Collector :: role()}.
%% How a participant learns the verdict of a block (roles of the frame):
%% the collector waits for a `done' report from each awaited role, commits
%% and tells Notify; a reporting role sends the collector `done' at the end
%% of its part; the others just wait. Carried, when there, is Notify again:
%% the first part of B1 sends each of them a message, which tells the commit
%% when the collector's code comes straight to the next instance.

-type entry() :: {cp_id(), Parts :: [role()], Rescue :: pos_integer()}.
%% A checkpoint that a receive enters (outer first) when its message is
%% taken, with its participants and the label where its rescue starts.

%% @doc The tag of the N-th instance of checkpoint CpId counted by Key (the
%% checkpoint, or the checkpoint and the role map of its frame) under the
%% instance Parent (none at the top).
-spec tag(cp_id(), pos_integer(), term(), none | tag()) -> tag().
tag(CpId, N, CpId, none) ->
    %% At the top of a frame whose roles are the physical ones (a loop).
    {CpId, N, 0};
tag(CpId, N, Key, Parent) ->
    {CpId, N, parent_hash(CpId, Key, Parent)}.

%% The hash of a nested instance's parent and key: never 0, which only an
%% instance at the top has (choreo_role drops a stale commit notice of a
%% top instance by that), and 59 bits of an MD5 of the term's external
%% format (a small integer), so that two instances alive at once do not
%% share a tag by chance. Not erlang:phash2/2: it hashes an atom by a
%% weak function of its name (cy and di hash alike), so two role maps that
%% differ only in such names gave two instances one tag. The encoding is
%% deterministic (map keys in order) and spells atoms in UTF-8 on every OTP
%% release, so that participants on different nodes agree.
-spec parent_hash(cp_id(), term(), none | tag()) -> non_neg_integer().
parent_hash(CpId, CpId, none) -> 0;
parent_hash(_CpId, Key, none) -> hash(Key);
parent_hash(_CpId, Key, Parent) -> hash({Parent, Key}).

-spec hash(term()) -> pos_integer().
hash(Term) ->
    <<H:59, _/bitstring>> = erlang:md5(term_to_binary(Term, [deterministic, {minor_version, 2}])),
    case H of
        0 -> 1;
        _ -> H
    end.

%% @doc The tags that the instances of a chain would have if entered now
%% (Ident: the frame's roles are the physical ones).
-spec would_be([entry()], boolean(), #{role() => role()}, none | tag(),
               #{term() => pos_integer()}) -> [tag()].
would_be([], _Ident, _Roles, _Parent, _Counters) ->
    [];
would_be([{CpId, _, _} | Chain], Ident, Roles, Parent, Counters) ->
    Key = case Ident of
              true -> CpId;
              false -> {CpId, Roles}
          end,
    Tag = tag(CpId, maps:get(Key, Counters, 0) + 1, Key, Parent),
    [Tag | would_be(Chain, Ident, Roles, Tag, #{})].

%% @doc The part of a chain that enters the instance Tag, if it is one of them.
-spec chain_to(tag(), [{step(), [entry()], [tag()]}]) -> [[entry()]].
chain_to(Tag, Entries) ->
    [lists:sublist(Chain, length(Tags) - length(After) + 1)
     || {_, Chain, Tags} <- Entries,
        After <- [lists:dropwhile(fun(T) -> T =/= Tag end, Tags)],
        After =/= []].

%% @doc Whether a message with tag Tag from the collector of instance Cp tells
%% that Cp committed: it was sent in the next instance of the same
%% checkpoint under the same parent (a checkpoint in a loop). After a
%% rescue the next instance skips a number (choreo_role:skip_instance/2), so that
%% the rescue of Cp, or anything in it, never looks like its commit.
-spec implies(none | tag(), tag()) -> boolean().
implies({CpId, N1, H}, {CpId, N, H}) ->
    N1 =:= N + 1;
implies(_Tag, _Cp) ->
    false.

%% @doc Notes that a message with tag Tag sent to To tells it that the
%% blocks of Pending committed: the notices still to send.
-spec note([{tag(), [role()]}], none | tag(), role()) ->
          [{tag(), [role()]}].
note([], _Tag, _To) ->
    [];
note([{Cp, Roles} = Entry | Rest], Tag, To) ->
    case lists:member(To, Roles) andalso implies(Tag, Cp) of
        true ->
            case lists:delete(To, Roles) of
                [] -> note(Rest, Tag, To);
                Roles1 -> [{Cp, Roles1} | note(Rest, Tag, To)]
            end;
        false ->
            [Entry | note(Rest, Tag, To)]
    end.

