"""Fast paths that reach into Strawberry's and graphql-core's internals, kept together: compiled
completion of plain-data subtrees and compiled input conversion."""
