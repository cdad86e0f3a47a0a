"""The Elixir back end: an Elixir API module per choreography, and Mix projects."""
