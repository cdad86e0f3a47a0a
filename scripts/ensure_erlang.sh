#!/usr/bin/env bash
# Make sure Erlang/OTP, rebar3 and Elixir (mix) are installed (from Debian; hex.pm is
# not needed).
set -euo pipefail
PACKAGES="erlang-nox erlang-dev erlang-dialyzer erlang-common-test erlang-eunit rebar3 elixir"
missing=0
for tool in erl erlc dialyzer rebar3 elixir mix; do
    command -v "$tool" >/dev/null 2>&1 || missing=1
done
[ "$missing" = 0 ] && exit 0
if [ "$(id -u)" = 0 ]; then
    echo "Installing Erlang/OTP, rebar3 and Elixir from Debian (this takes a few minutes once)..."
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq
    apt-get install -y -qq $PACKAGES >/dev/null
else
    echo "error: Erlang/OTP, rebar3 and Elixir are needed. Install them with:" >&2
    echo "    sudo apt-get install -y $PACKAGES" >&2
    exit 1
fi
