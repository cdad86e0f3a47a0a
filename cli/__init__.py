"""choreo-erl: choreographies compiled to Erlang/OTP."""
__version__ = "0.1.0"
