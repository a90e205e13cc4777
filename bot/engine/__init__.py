"""The conversation engine: neutral events in, neutral replies out; flows, state and persistence."""
