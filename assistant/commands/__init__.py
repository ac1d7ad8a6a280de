"""Sub-commands of `zhibiao`; each module is one command (see assistant.cli)."""
