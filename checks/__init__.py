"""The static checks of a parsed program: roles, variables, calls, name clashes."""
