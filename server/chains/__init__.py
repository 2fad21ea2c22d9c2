"""LangChain chains: prompt files + a chat model. They know nothing of HTTP."""
