"""绩效指标助手 (zhibiao): the library behind the app and the CLI.

Importing it loads no model, builds no index and opens no socket; see `assistant.services`.
"""

__version__ = "0.1.0"
