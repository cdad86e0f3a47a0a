"""backends/erlang"""
